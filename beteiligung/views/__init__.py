"""Views of beteiligung, split by subject; urls.py imports the modules."""
