import os

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from lip.roles import Role
from tests.factories import UserFactory

# Playwright's sync API runs an event loop in this thread; the ORM calls in browser tests are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    """Skip PostgreSQL-only tests on SQLite with one clear reason."""
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" in engine:
        return
    skip = pytest.mark.skip(reason="braucht PostgreSQL (DATABASE_URL setzen); läuft in .ci/run")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
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
