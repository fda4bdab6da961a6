"""Production: HTTPS only, secret from the environment, static files via whitenoise."""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DEBUG, MEDIA_ROOT, SECRET_KEY, STATIC_ROOT, STATICFILES_DIRS, env_bool

if not DEBUG and not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

# TLS ends at the reverse proxy, which sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# The proxy's header with the visitor's address, for every rate limit (which keep only salted
# hashes) and the login lockout (axes keeps the address while a lockout lasts). Without it every
# visitor shares the proxy's address.
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "HTTP_X_REAL_IP")

# Where collectstatic puts the files whitenoise serves (the benchmark uses a temporary folder).
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", STATIC_ROOT))
# The benchmark's yardstick page /_bench/bare/ (lip/bench.py, bench/run.py); off everywhere else.
BENCHMARK_BARE_PAGE = env_bool("BENCHMARK_BARE_PAGE", False)

# Attached files (docs/anhaenge.md) never lie where whitenoise serves static files from, and
# only the application's account reads them.
for static_dir in [STATIC_ROOT, *STATICFILES_DIRS]:
    if MEDIA_ROOT.resolve().is_relative_to(static_dir.resolve()):
        raise ImproperlyConfigured("MEDIA_ROOT must not lie inside the static files.")
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
