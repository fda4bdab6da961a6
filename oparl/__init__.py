"""The OParl 1.1 interface: the LIP's bodies, members, meetings and papers as council data.

It reads gremien and etappen and writes nothing; no app imports it (docs/oparl.md).
"""
