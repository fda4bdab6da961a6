"""Local development (`make run`): debug on, SQLite by default, mails on the console."""

from .base import *  # noqa: F403
from .base import SECRET_KEY, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "django-insecure-only-for-local-development"
STATIC_ROOT = None  # runserver serves static files from the apps; no collectstatic needed
