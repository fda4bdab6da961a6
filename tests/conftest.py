import hashlib
import os
import sqlite3
import tempfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from lip.roles import Role
from tests.factories import UserFactory

# Playwright's sync API runs an event loop in this thread; the ORM calls in browser tests are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    """Skip PostgreSQL-only tests on SQLite with one clear reason; under pytest-xdist, the
    longest files first."""
    from django.conf import settings

    if hasattr(config, "workerinput"):
        _longest_files_first(items)
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" in engine:
        return
    skip = pytest.mark.skip(reason="braucht PostgreSQL (DATABASE_URL setzen); läuft in .ci/run")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


def _longest_files_first(items) -> None:
    """Order the files for pytest-xdist (``--dist loadfile --no-loadscope-reorder``, which hands
    the workers whole files in this order): the crawl's shares first (a minute or more each),
    then the other browser tests, then the rest by number of tests. A long file handed out
    last would keep one worker busy while the other has nothing left to do."""
    files: dict[str, list] = {}
    for item in items:
        files.setdefault(item.nodeid.split("::", 1)[0], []).append(item)

    def rank(path: str) -> tuple[int, int]:
        kind = 0 if "tests/browser/crawl/" in path else 1 if "tests/browser/" in path else 2
        return kind, -len(files[path])

    items[:] = [item for path in sorted(files, key=rank) for item in files[path]]


# A migrated SQLite database, kept between runs (and shared by the pytest-xdist workers) under
# a name made from every migration file: running the migrations costs 30-45 s per worker on a
# shared 2-core machine, copying this file into the in-memory test database a fraction of a second.
MIGRATED_DATABASES = Path(tempfile.gettempdir()) / "lip-test-databases"


def _migrated_template() -> Path | None:
    """Where the migrated SQLite database for the current migrations is kept; None unless the
    tests run on an in-memory SQLite database (PostgreSQL migrates as before)."""
    import django
    from django.apps import apps

    if connection.vendor != "sqlite" or not connection.creation.is_in_memory_db(
        connection.creation._get_test_db_name()
    ):
        return None
    digest = hashlib.sha256(django.get_version().encode())
    for config in sorted(apps.get_app_configs(), key=lambda config: config.label):
        digest.update(config.label.encode())
        for path in sorted((Path(config.path) / "migrations").glob("*.py")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return MIGRATED_DATABASES / f"{digest.hexdigest()[:20]}.sqlite3"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request, django_db_modify_db_settings_parallel_suffix):
    """Where a migrated database for these migrations exists, create the test database without
    migrations (tables straight from the models, quick); ``django_db_setup`` below then copies
    the migrated one over it, data migrations (roles, permissions) included."""
    template = _migrated_template()
    request.config._lip_migrated_template = template
    if template is not None and template.is_file() and not request.config.getvalue("nomigrations"):
        connection.settings_dict.setdefault("TEST", {})["MIGRATE"] = False
        request.config._lip_use_template = True
    else:
        request.config._lip_use_template = False


def _copy_migrated_database(config) -> None:
    """Fill the fresh test database from the migrated template, or keep it as the template."""
    from django.contrib.contenttypes.models import ContentType

    template = getattr(config, "_lip_migrated_template", None)
    if template is None:
        return
    connection.ensure_connection()
    if config._lip_use_template:
        connection.settings_dict["TEST"]["MIGRATE"] = True
        source = sqlite3.connect(template)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        ContentType.objects.clear_cache()  # ids of the tables made without migrations
        return
    if config.getvalue("nomigrations"):
        return
    template.parent.mkdir(parents=True, exist_ok=True)
    partial = template.with_name(f"{template.stem}.{os.getpid()}.partial")
    target = sqlite3.connect(partial)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    os.replace(partial, template)  # whole or not at all, also with two workers at once


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, django_db_blocker):
    """The test database, whose roles come back after every flush.

    Transactional tests (browser, concurrency) and the crawl's demo site empty the database
    when they end, and with it the roles and permissions the migrations created. Run alone,
    pytest-django puts them after every other database test; under pytest-xdist each worker
    runs whole files in any order, so the next test of that worker would find no roles. Each
    flush ends with the post_migrate signal; then the roles are made again as they were.
    """
    from django.apps import apps
    from django.contrib.auth.models import Permission
    from django.db.models.signals import post_migrate

    with django_db_blocker.unblock():
        _copy_migrated_database(request.config)
        names = list(Group.objects.values_list("name", flat=True))
        granted = list(
            Group.permissions.through.objects.values_list(
                "group__name",
                "permission__content_type__app_label",
                "permission__content_type__model",
                "permission__codename",
            )
        )

    def restore_roles(using, **kwargs):
        permissions = {
            (app_label, model, codename): pk
            for pk, app_label, model, codename in Permission.objects.using(using).values_list(
                "pk", "content_type__app_label", "content_type__model", "codename"
            )
        }
        for name in names:
            group, _created = Group.objects.using(using).get_or_create(name=name)
            group.permissions.set(
                [permissions[tuple(key)] for group_name, *key in granted if group_name == name]
            )

    # After the last app, when the permissions of every app exist again.
    last_app = [app for app in apps.get_app_configs() if app.models_module][-1]
    post_migrate.connect(restore_roles, sender=last_app, weak=False, dispatch_uid=__name__)
    yield
    post_migrate.disconnect(sender=last_app, dispatch_uid=__name__)


@pytest.fixture
def is_postgres():
    return connection.vendor == "postgresql"


def user_with_role(role: Role, **kwargs):
    user = UserFactory(**kwargs)
    # get_or_create: transactional (browser) tests flush the groups the migration created.
    user.groups.add(Group.objects.get_or_create(name=role.value)[0])
    return user


@pytest.fixture
def office_user(db):
    """A member of the office (OE 50.6) with back-office access."""
    return user_with_role(Role.OFFICE, is_staff=True)


@pytest.fixture
def citizen_user(db):
    """A signed-in person without any role."""
    return UserFactory()


@pytest.fixture
def department_user(db):
    """Factory: a Dezernat staff account whose person works in the given Dezernat."""
    from tests.factories import PersonFactory

    def make(department, **kwargs):
        user = user_with_role(Role.DEPARTMENT, **kwargs)
        PersonFactory(user=user, organization=department)
        return user

    return make


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_factor(monkeypatch):
    """``client.force_login`` skips the password; for an account with a confirmed TOTP device
    it skips the code too, as if the person had typed it (the admin needs it, lip/admin_site.py).

    Tests of the second factor itself sign in through the login form instead. (``client.login``
    does not work with django-axes, which needs the request; use ``force_login``.)
    """
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    force_login = Client.force_login

    def force_login_with_second_factor(self, user, backend=None):
        force_login(self, user, backend)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is not None:
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login_with_second_factor)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and cached renderings live in the cache; no test inherits another's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _german_after_each_test():
    """A request to an /en/ page leaves English active in the thread (LocaleMiddleware does not
    reset it); the next test's reverse() and gettext would be English. Back to German."""
    from django.conf import settings
    from django.utils import translation

    yield
    translation.activate(settings.LANGUAGE_CODE)
