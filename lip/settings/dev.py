"""Local development (`make run`): debug on, SQLite by default, mails on the console."""

import os

from .base import *  # noqa: F403
from .base import SECRET_KEY, STORAGES, cache_settings, cache_url, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "django-insecure-only-for-local-development"

# `make run` needs nothing but Python: the cache in process memory (one runserver process);
# REDIS_URL=redis://127.0.0.1:6379/0 tries Redis as in production.
CACHES = cache_settings(cache_url(), {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"})

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

# Whole-page cache for anonymous visitors (lip/pagecache.py): off while developing, so an edited
# template shows at once; PAGE_CACHE=true tries it.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", False)
