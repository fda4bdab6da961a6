"""Local development (`make run`): debug on, SQLite by default, mails on the console."""

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
