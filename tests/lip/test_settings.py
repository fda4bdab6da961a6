import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def environment(**overrides: str) -> dict[str, str]:
    """The test process's environment without its Django settings, plus overrides."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(overrides)
    return env


def run_python(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own interpreter with fixed arguments
        [sys.executable, *args],
        cwd=ROOT,
        env=environment(**env),
        capture_output=True,
        text=True,
        check=False,
    )


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    return run_python("manage.py", *args, **env)


def test_production_settings_pass_check_deploy_without_warning():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="lip.settings.production",
        SECRET_KEY="x" * 20 + "a-long-random-production-secret-0123456789",
        ALLOWED_HOSTS="lip.hannover-stadt.de",
        DEBUG="false",
    )

    assert result.returncode == 0, result.stderr + result.stdout
    assert "WARNING" not in result.stderr + result.stdout


def test_production_refuses_to_start_without_secret_key():
    result = run_manage(
        "check", DJANGO_SETTINGS_MODULE="lip.settings.production", SECRET_KEY="", DEBUG="false"
    )

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_language_time_zone_and_persistent_connections():
    assert settings.LANGUAGE_CODE == "de"
    assert settings.TIME_ZONE == "Europe/Berlin"
    assert settings.USE_TZ
    database = settings.DATABASES["default"]
    assert database["CONN_MAX_AGE"] > 0
    assert database["CONN_HEALTH_CHECKS"] is True


def test_tests_use_plain_static_storage():
    backend = settings.STORAGES["staticfiles"]["BACKEND"]
    assert backend == "django.contrib.staticfiles.storage.StaticFilesStorage"


def test_development_settings_render_pages_without_collectstatic():
    script = (
        "import django; django.setup(); from django.test import Client; "
        "response = Client().get('/impressum/', HTTP_HOST='127.0.0.1'); "
        "print(response.status_code, b'bootstrap.min.css' in response.content)"
    )
    result = run_python("-c", script, DJANGO_SETTINGS_MODULE="lip.settings.dev", DEBUG="true")

    assert result.stdout.strip() == "200 True", result.stderr
