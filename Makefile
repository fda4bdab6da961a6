# LIP-Plattform: `make run` starts the app with demo data, `make test` runs the suite.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed
MO := locale/de/LC_MESSAGES/django.mo
PO := locale/de/LC_MESSAGES/django.po

.PHONY: run test lint format install messages makemessages migrations clean

$(PY):
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 oder neuer wird benötigt."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall only when the dependencies change.
$(STAMP): $(PY) pyproject.toml constraints.txt
	$(PY) -m pip install --quiet -c constraints.txt ".[dev]"
	touch $(STAMP)

install: $(STAMP)

$(MO): $(PO) $(STAMP)
	$(VENV)/bin/pybabel compile --domain django --directory locale --locale de --statistics

messages: $(MO)

run: install messages
	DJANGO_SETTINGS_MODULE=lip.settings.dev $(MANAGE) migrate --verbosity 0
	DJANGO_SETTINGS_MODULE=lip.settings.dev $(MANAGE) createcachetable
	DJANGO_SETTINGS_MODULE=lip.settings.dev $(MANAGE) seed_demo
	DJANGO_SETTINGS_MODULE=lip.settings.dev $(MANAGE) runserver 127.0.0.1:$(PORT)

test: install messages
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Extract new strings into the German catalogue (needs GNU gettext's xgettext).
makemessages: install
	DJANGO_SETTINGS_MODULE=lip.settings.dev $(MANAGE) makemessages --locale de --no-obsolete --ignore ".venv/*"

migrations: install
	DJANGO_SETTINGS_MODULE=lip.settings.dev $(MANAGE) makemigrations

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles $(MO) .pytest_cache .ruff_cache
