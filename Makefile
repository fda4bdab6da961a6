# LIP-Plattform: `make run` starts the app with demo data, `make test` runs the suite.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed
MO := locale/de/LC_MESSAGES/django.mo
PO := locale/de/LC_MESSAGES/django.po
MO_EN := locale/en/LC_MESSAGES/django.mo
PO_EN := locale/en/LC_MESSAGES/django.po

.PHONY: run test lint format install messages makemessages migrations clean bench

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

$(MO_EN): $(PO_EN) $(STAMP)
	$(VENV)/bin/pybabel compile --domain django --directory locale --locale en --statistics

messages: $(MO) $(MO_EN)

run: install messages
	DJANGO_SETTINGS_MODULE=lip.settings.dev $(MANAGE) migrate --verbosity 0
	DJANGO_SETTINGS_MODULE=lip.settings.dev $(MANAGE) seed_demo
	DJANGO_SETTINGS_MODULE=lip.settings.dev $(MANAGE) runserver 127.0.0.1:$(PORT)

# In parallel, one worker per core (pytest-xdist, whole files per worker: pyproject.toml);
# PYTEST_WORKERS=0 runs in one process, PYTEST_ARGS adds pytest options or test paths.
PYTEST_WORKERS ?= auto
test: install messages
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Extract new strings into the German catalogue (needs GNU gettext's xgettext).
makemessages: install
	DJANGO_SETTINGS_MODULE=lip.settings.dev $(MANAGE) makemessages --locale de --locale en --no-obsolete --ignore ".venv/*"

migrations: install
	DJANGO_SETTINGS_MODULE=lip.settings.dev $(MANAGE) makemigrations

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles $(MO) $(MO_EN) .pytest_cache .ruff_cache

# Throughput and latency of every public page against a bare one-query page (bench/run.py,
# README "Benchmark"); writes docs/bench-latest.md. BENCH_ARGS=--memory adds 100,000 requests.
bench: install messages
	$(PY) bench/run.py $(BENCH_ARGS)

# Screenshots for the README (docs/screenshots/, see docs/barrierefreiheit-technik.md): the demo
# data in a throwaway database under build/, photographed with Chromium through Playwright.
SCREENSHOT_ENV := DATABASE_URL=sqlite:///$(CURDIR)/build/screenshots.sqlite3 DJANGO_SETTINGS_MODULE=lip.settings.dev
.PHONY: screenshots
screenshots: install messages
	mkdir -p build && rm -f build/screenshots.sqlite3
	$(SCREENSHOT_ENV) $(MANAGE) migrate --verbosity 0
	$(SCREENSHOT_ENV) $(MANAGE) createcachetable
	$(SCREENSHOT_ENV) $(MANAGE) seed_demo >/dev/null
	$(SCREENSHOT_ENV) $(MANAGE) screenshots
