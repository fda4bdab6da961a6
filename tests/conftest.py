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
