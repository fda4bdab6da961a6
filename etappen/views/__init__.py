"""Pages of etappen: parse -> authorize (permissions.py) -> call a service -> redirect or render."""
