"""Test suite: fast hashing, plain static storage (no collectstatic needed), mails in memory."""

import os
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .base import *  # noqa: F403
from .base import cache_settings, cache_url

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# No collectstatic in tests: the live server and whitenoise find files through the finders.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
# Each test client builds the middleware anew; scanning every static file each time
# (WHITENOISE_USE_FINDERS without autorefresh) cost 55 ms per test that uses the client.
# Autorefresh looks a file up when it is requested, as under `make run`.
WHITENOISE_AUTOREFRESH = True


def worker_redis_url(url: str, worker: str) -> str:
    """The Redis database of one pytest-xdist worker: the URL's number plus the worker's index
    (gw0 keeps it, gw1 the next one). ``cache.clear()`` empties a whole Redis database
    (FLUSHDB), so workers must not share one."""
    parts = urlsplit(url)
    index = int(worker.removeprefix("gw") or 0)
    query = dict(parse_qsl(parts.query))
    if "db" in query or parts.scheme == "unix":  # unix:///run/redis.sock?db=1
        query["db"] = str(int(query.get("db", 0)) + index)
        return urlunsplit(parts._replace(query=urlencode(query)))
    return urlunsplit(parts._replace(path=f"/{int(parts.path.strip('/') or 0) + index}"))


# Redis where REDIS_URL is set (CI, .ci/run), else process memory. The worker's URL replaces
# REDIS_URL in this process, so tests that build another Redis cache from it stay in its database.
if cache_url():
    os.environ["REDIS_URL"] = worker_redis_url(
        cache_url(), os.environ.get("PYTEST_XDIST_WORKER", "")
    )
CACHES = cache_settings(cache_url(), {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"})
# Notifications go out right after the commit, into mail.outbox (tests capture on_commit).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
