"""The demo data of `make run` behind a live server, once for each module of the crawl."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client, override_settings

from lip.roles import Role
from tests.browser.crawl.crawler import discover, public_starts, wait_for_open_requests


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """The demo data of `make run` behind a live server, shared by every test of the module.

    pytest-django's live_server flushes the database after each test and seeding takes
    seconds, so the module commits the demo data once and flushes at its end, as a
    transactional test does. The browser signs in through the login form, so that the session
    is committed where the server sees it (also on PostgreSQL).
    """
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        # Transactional tests before this one may have flushed the groups the migration made.
        for role in Role:
            Group.objects.get_or_create(name=role.value)
        with override_settings(DEBUG=True):  # seed_demo refuses to run without it
            call_command("seed_demo", stdout=StringIO())
        server = LiveServer("localhost")
        try:
            yield server.url
        finally:
            wait_for_open_requests()
            server.stop()
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(scope="module")
def public_pages(demo_site, django_db_blocker):
    with django_db_blocker.unblock():
        pages, errors = discover(Client(), public_starts())
    assert not errors, "Links auf Fehlerseiten:\n" + "\n".join(errors)
    return pages
