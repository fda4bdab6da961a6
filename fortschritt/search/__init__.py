"""The search field in the header: one query over everything the public may read.

``kinds`` says what is searched and who may find it (the apps' own visibility rules),
``backends`` how: PostgreSQL full-text search with the German configuration in production,
a plain ``icontains`` search on SQLite so that ``make run`` has a search too. ``views`` is the
page at /suche/. Every kind of result costs one query, whatever the amount of data.
"""
