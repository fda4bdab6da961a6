"""Local development (`make run`): debug on, SQLite by default, mails on the console."""

import os

from .base import *  # noqa: F403
from .base import SECRET_KEY, STORAGES, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "django-insecure-only-for-local-development"

# runserver serves static files straight from the apps: no collectstatic, no manifest.
STATIC_ROOT = None
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# `make run`: notifications are sent right after the commit in the web process and appear on the
# console, so no worker is needed. TASKS_BACKEND=django_tasks_db.DatabaseBackend plus
# `manage.py db_worker` in a second terminal tries the production set-up.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}
