"""Settings shared by every environment; values that differ come from the environment."""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no environment variable ("1", "true", "yes", "on" count as yes)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # The stock admin app with our site as its default site (second factor, see lip/admin_site.py).
    "lip.admin_site.LipAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "bootstrap",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "lip",
    "gremien",
    "wahlen",
    "etappen",
    "beteiligung",
    "fortschritt",
    "umsetzung",
    "oparl",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before whitenoise, so that static files carry the header too.
    "lip.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Moves the end of a signed-in session (idle timeout) at most once a minute.
    "lip.middleware.SessionRefreshMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "lip.middleware.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Serves and stores whole public pages for anonymous visitors (lip/pagecache.py).
    "lip.pagecache.PageCacheMiddleware",
    # Last: turns a refused login (too many failures) into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lip.urls"
WSGI_APPLICATION = "lip.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lip.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Persistent connections: opening one per request costs about ten times the throughput.
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def cache_url() -> str:
    """The Redis server of the cache: REDIS_URL, or CACHE_URL where the host names it so."""
    return os.environ.get("REDIS_URL") or os.environ.get("CACHE_URL", "")


def cache_settings(url: str, fallback: dict) -> dict:
    """CACHES: RedisCache (lip/cache.py) at ``url`` (redis://host:6379/1), or ``fallback``."""
    if not url:
        return {"default": fallback}
    if urlsplit(url).scheme not in {"redis", "rediss", "unix"}:
        raise ImproperlyConfigured(
            "REDIS_URL/CACHE_URL must be a redis://, rediss:// or unix:// URL."
        )
    return {
        "default": {
            "BACKEND": "lip.cache.RedisCache",
            "LOCATION": url,
            # A stalled Redis fails the request after seconds instead of holding the worker.
            "OPTIONS": {"socket_connect_timeout": 5, "socket_timeout": 5},
        }
    }


# Shared by every app server (page cache, cached renderings): Redis where REDIS_URL is set
# (docker-compose.yml), else the database; never process memory, which each worker has its own.
CACHES = cache_settings(
    cache_url(),
    {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "lip_cache"},
)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "account"
LOGOUT_REDIRECT_URL = "home"
# A password reset link works this long, and only once (lip/password_reset.py).
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_HOURS", "24")) * 3600

# django-axes checks every login (site and admin) against the lockout before the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lockout after failed logins, counted per account and, separately, per address; both unlock
# by themselves after the cool-off time, or earlier when OE 50.6 deletes the attempts in the admin.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "lip.ratelimit.client_address"
AXES_LOCKOUT_CALLABLE = "lip.views.login_locked_out"
# Attempts during a lockout do not extend it: an attacker cannot keep a person locked out for good.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Successful logins are not logged with address and browser (data minimisation, DSGVO); log
# lines name only what a lockout counts (masked), not the browser.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# Second factor (TOTP) for the back office; see lip/admin_site.py.
OTP_TOTP_ISSUER = "LIP Hannover"
# The admin never shows a device's secret or QR code again, not even to superusers.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Sessions end after this much inactivity (a request moves the end, written at most once a
# minute: lip.middleware.SessionRefreshMiddleware); staff sessions in the back office also end
# when the browser closes (lip/admin_site.py, lip/views.py). Sessions are read from the cache
# (Redis in production) and written through to the database, so a signed-in page reads none.
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "120"))
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_REFRESH_SECONDS = 60
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# The interface speaks German and English (docs/sprachen.md): German under the unprefixed
# paths, English under /en/ (lip/urls.py, i18n_patterns without a prefix for German).
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
# Languages a published version's sections can be translated into (etappen.translations), each
# with its own name, so a reader finds it without knowing German or English; "rtl" languages
# are set right to left.
TRANSLATION_LANGUAGES = [
    ("en", "English", "ltr"),
    ("tr", "Türkçe", "ltr"),
    ("ar", "العربية", "rtl"),
    ("ru", "Русский", "ltr"),
    ("uk", "Українська", "ltr"),
    ("fa", "فارسی", "rtl"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Attached files (lip/attachments, docs/anhaenge.md): STORAGES["default"] writes them here under
# random names. Outside STATIC_ROOT and never served by whitenoise or a URL of its own: only the
# view /anhang/<uuid>/ sends a file, after the owner app's permission check. Back it up with the
# database (docker-compose.yml: volume "media").
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"  # unused: no URL pattern serves MEDIA_ROOT
# What may be attached: checked from the bytes (lip/attachments/detection.py knows pdf, odt,
# docx, png, jpeg), and the largest file in megabytes.
ATTACHMENT_TYPES = env_list("ATTACHMENT_TYPES", "pdf,odt,docx,png,jpeg")
ATTACHMENT_MAX_BYTES = int(float(os.environ.get("ATTACHMENT_MAX_MB", "20")) * 1024 * 1024)

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "lip@hannover-stadt.de")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Content security policy: only our own host, no inline scripts or styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# Sent on every response (lip/middleware.py): the platform uses none of these browser features.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# SQLite (local runs only) cannot enforce "nulls not distinct"; PostgreSQL in production does.
SILENCED_SYSTEM_CHECKS = ["models.W047"]

# The platform's public address, for links in emails sent outside a request (digest, reminders).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Where the visitor's address is found: REMOTE_ADDR without a proxy; behind the proxy the
# header it sets (production: HTTP_X_REAL_IP). Every limit uses lip.ratelimit.client_address.
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "REMOTE_ADDR")
# Overrides of single rate limits, e.g. RATE_LIMITS="contribution_network=60/h,nomination_email=3/h"
# (names and defaults: lip/ratelimit.py DEFAULT_RATES; docs/sicherheit.md).
RATE_LIMITS = dict(item.split("=", 1) for item in env_list("RATE_LIMITS") if "=" in item)

# Notifications (lip/notifications, docs/benachrichtigungen.md). The outbox is sent by a task
# (django-tasks, the API Django 6 ships); in production on the database backend, run by
# `manage.py db_worker` as its own service. With the ImmediateBackend (lip.settings.dev, tests)
# the web process sends right after the commit instead.
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
TASKS = {"default": {"BACKEND": TASKS_BACKEND}}
NOTIFICATION_FROM_EMAIL = os.environ.get(
    "NOTIFICATION_FROM_EMAIL",
    f"Landeshauptstadt Hannover – Lokaler Integrationsplan <{DEFAULT_FROM_EMAIL}>",
)
# A mail the server refuses is tried again after NOTIFICATION_RETRY_SECONDS, doubling each time
# (5, 10, 20, 40, 80 minutes); after NOTIFICATION_MAX_ATTEMPTS tries it is marked failed.
NOTIFICATION_MAX_ATTEMPTS = int(os.environ.get("NOTIFICATION_MAX_ATTEMPTS", "6"))
NOTIFICATION_RETRY_SECONDS = int(os.environ.get("NOTIFICATION_RETRY_SECONDS", "300"))
# Mails that are done with (sent, failed, unsubscribed) are deleted after this many days.
NOTIFICATION_RETENTION_DAYS = int(os.environ.get("NOTIFICATION_RETENTION_DAYS", "180"))
# Days before a statement's deadline on which the body that still owes it is reminded.
REMINDER_DAYS_BEFORE = int(os.environ.get("REMINDER_DAYS_BEFORE", "5"))
