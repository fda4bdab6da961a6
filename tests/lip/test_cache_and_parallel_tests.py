"""Redis as the cache (REDIS_URL/CACHE_URL), one Redis database per test worker, and the test
set-up that keeps `make test` fast and parallel (issue #12)."""

import json
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from whitenoise.middleware import WhiteNoiseMiddleware

from lip.roles import Role
from lip.settings.base import cache_settings, cache_url
from lip.settings.test import worker_redis_url

ROOT = Path(__file__).resolve().parents[2]
REDIS = "lip.cache.RedisCache"
LOCMEM = "django.core.cache.backends.locmem.LocMemCache"
DATABASE = "django.core.cache.backends.db.DatabaseCache"

# Imports both settings modules in a fresh interpreter and prints their default caches.
SCRIPT = (
    "import json, importlib; "
    "print(json.dumps({name: importlib.import_module('lip.settings.' + name).CACHES['default'] "
    "for name in ('production', 'dev')}))"
)


def default_caches(**env: str) -> dict:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "REDIS_URL", "CACHE_URL"}
    }
    environment.update(SECRET_KEY="x" * 50, DEBUG="false", **env)
    result = subprocess.run(  # noqa: S603 - our own interpreter with a fixed script
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_redis_url_makes_redis_the_cache_of_production_and_development():
    caches = default_caches(REDIS_URL="redis://cache.internal:6379/0")

    for name in ("production", "dev"):
        assert caches[name]["BACKEND"] == REDIS, name
        assert caches[name]["LOCATION"] == "redis://cache.internal:6379/0", name


def test_without_redis_production_keeps_the_database_and_development_process_memory():
    caches = default_caches()

    assert caches["production"] == {"BACKEND": DATABASE, "LOCATION": "lip_cache"}
    assert caches["dev"]["BACKEND"] == LOCMEM


def test_cache_url_is_read_where_redis_url_is_not_set(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.setenv("CACHE_URL", "redis://other:6379/2")
    assert cache_url() == "redis://other:6379/2"

    monkeypatch.setenv("REDIS_URL", "redis://first:6379/1")
    assert cache_url() == "redis://first:6379/1"

    monkeypatch.delenv("REDIS_URL")
    monkeypatch.delenv("CACHE_URL")
    assert cache_url() == ""


def test_cache_settings_use_the_fallback_without_url_and_refuse_other_schemes():
    fallback = {"BACKEND": LOCMEM}

    assert cache_settings("", fallback) == {"default": fallback}
    assert cache_settings("rediss://h:6380/3", fallback)["default"]["BACKEND"] == REDIS
    with pytest.raises(ImproperlyConfigured, match="redis://"):
        cache_settings("memcached://h:11211", fallback)


@pytest.mark.parametrize(
    ("url", "worker", "expected"),
    [
        ("redis://127.0.0.1:6379/1", "", "redis://127.0.0.1:6379/1"),
        ("redis://127.0.0.1:6379/1", "gw0", "redis://127.0.0.1:6379/1"),
        ("redis://127.0.0.1:6379/1", "gw1", "redis://127.0.0.1:6379/2"),
        ("redis://:secret@cache:6379", "gw2", "redis://:secret@cache:6379/2"),
        ("rediss://cache:6380/0?db=4", "gw1", "rediss://cache:6380/0?db=5"),
    ],
)
def test_each_test_worker_gets_its_own_redis_database(url, worker, expected):
    assert worker_redis_url(url, worker) == expected


def test_the_tests_use_redis_exactly_when_redis_url_is_set():
    default = settings.CACHES["default"]
    if os.environ.get("REDIS_URL"):
        assert default["BACKEND"] == REDIS
        # The worker's URL (lip/settings/test.py), which other Redis caches in tests read too.
        assert default["LOCATION"] == os.environ["REDIS_URL"]
    else:
        assert default["BACKEND"] == LOCMEM
    cache.set("round-trip", {"value": 1})
    assert cache.get("round-trip") == {"value": 1}


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="braucht Redis (REDIS_URL); in .ci/run")
def test_clearing_one_workers_cache_leaves_other_redis_databases_alone():
    from django.core.cache.backends.redis import RedisCache

    location = settings.CACHES["default"]["LOCATION"]
    index = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    count = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    # The first database after those of all workers: no other worker clears it meanwhile.
    spare = RedisCache(worker_redis_url(location, f"gw{count - index}"), {})
    key = f"other-worker-{uuid.uuid4()}"
    spare.set(key, "kept")
    try:
        cache.set("own", "gone")
        cache.clear()
        assert cache.get("own") is None
        assert spare.get(key) == "kept"
    finally:
        spare.delete(key)


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="braucht Redis (REDIS_URL); in .ci/run")
def test_the_redis_cache_keeps_one_client_and_still_reads_and_writes():
    from lip.cache import RedisCache

    backend = RedisCache(settings.CACHES["default"]["LOCATION"], {"KEY_PREFIX": "client-test"})
    backend.set_many({"a": 1, "b": [2]}, None)
    try:
        assert backend.get_many(["a", "b", "c"]) == {"a": 1, "b": [2]}
        assert backend.add("a", 3) is False
        assert backend._cache.get_client() is backend._cache.get_client(write=True)
    finally:
        backend.delete_many(["a", "b"])


def test_the_test_client_finds_static_files_without_scanning_them_all():
    """A new test client builds the middleware; listing every static file there cost 55 ms."""
    middleware = WhiteNoiseMiddleware(lambda request: None)

    assert middleware.files == {}
    assert middleware.find_file("/static/css/lip.css") is not None


def test_make_test_runs_in_parallel_and_passes_pytest_args_on():
    # Run from `make test` itself, the outer make's variables would reach the inner one.
    outer = {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "PYTEST_ARGS", "PYTEST_WORKERS"}
    environment = {key: value for key, value in os.environ.items() if key not in outer}

    def dry_run(*args: str) -> str:
        result = subprocess.run(  # noqa: S603 - make with fixed arguments
            ["make", "--dry-run", "--always-make", "test", *args],  # noqa: S607
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout

    assert re.search(r"pytest -n auto\s*$", dry_run(), re.MULTILINE)
    assert "pytest -n auto tests/lip -x" in dry_run("PYTEST_ARGS=tests/lip -x")
    assert "pytest -n 0 " in dry_run("PYTEST_WORKERS=0")


def test_ci_starts_redis_and_runs_the_tests_against_it():
    script = (ROOT / ".ci" / "run").read_text()

    assert "redis_answers ||" in script
    assert "redis-server --daemonize yes" in script
    exported = script.index('export REDIS_URL="redis://127.0.0.1:6379/1"')
    assert exported < script.index("make test PYTHON=")


def test_docker_compose_gives_web_and_worker_a_redis_cache():
    compose = (ROOT / "docker-compose.yml").read_text()
    services = dict(re.findall(r"^  (\w+):\n(.*?)(?=^  \w+:\n|^\S)", compose, re.S | re.M))

    assert "image: redis:" in services["redis"]
    assert "REDIS_URL: redis://redis:6379/0" in services["web"]
    assert "environment: *app-environment" in services["worker"]
    for name in ("web", "worker"):
        assert re.search(r"redis:\n\s+condition: service_healthy", services[name]), name


def roles() -> list[tuple[str, str, str]]:
    return sorted(
        Group.permissions.through.objects.values_list(
            "group__name", "permission__content_type__app_label", "permission__codename"
        )
    )


@pytest.mark.django_db(transaction=True)
def test_the_roles_of_the_migrations_come_back_after_a_flush():
    """Under pytest-xdist a worker runs database tests after transactional ones, which flush
    (tests/conftest.py)."""
    before = roles()
    assert {name for name, _app, _codename in before} >= {Role.OFFICE.value, Role.DEPARTMENT.value}

    call_command("flush", interactive=False, verbosity=0)

    assert roles() == before
