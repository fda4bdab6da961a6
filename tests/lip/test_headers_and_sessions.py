"""Headers on every response and the lifetime of sessions."""

import datetime
import time
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.beteiligung.factories import EventFactory
from tests.factories import UserFactory
from tests.lip.test_settings import run_python
from tests.wahlen.factories import ElectionFactory

pytestmark = pytest.mark.django_db

POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


@pytest.mark.parametrize(
    "path", ["/", "/konto/anmelden/", "/static/css/lip.css", "/gibt-es-nicht/"]
)
def test_every_response_sends_the_permissions_policy(client, path):
    assert client.get(path)["Permissions-Policy"] == POLICY


def test_the_permissions_policy_is_valid_structured_header_syntax():
    for item in POLICY.split(", "):
        feature, allowlist = item.split("=")
        assert feature.isascii() and feature.replace("-", "").isalpha()
        assert allowlist == "()"


@pytest.fixture
def personal_pages():
    """Pages with personal data for the office: moderation, registrations, staffing, elections."""
    event = EventFactory()
    election = ElectionFactory()
    return [
        "/konto/",
        "/beteiligung/geschaeftsstelle/",
        "/beteiligung/moderation/",
        "/beteiligung/anliegen/",
        f"/beteiligung/veranstaltung/{event.pk}/anmeldungen/",
        "/gremien/besetzung/",
        f"/wahlen/{election.slug}/leitung/",
    ]


def test_pages_with_personal_data_are_never_stored(client, office_user, personal_pages):
    client.force_login(office_user)

    for path in personal_pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "no-store" in response["Cache-Control"], path
        assert "private" in response["Cache-Control"], path


def test_every_page_for_a_signed_in_person_is_never_stored(client, citizen_user):
    client.force_login(citizen_user)

    assert client.get("/")["Cache-Control"] == "private, no-store"


def test_public_pages_for_visitors_stay_cacheable(client):
    response = client.get("/")

    assert "no-store" not in response.get("Cache-Control", "")


def test_a_views_own_cache_control_is_kept(client, office_user):
    client.force_login(office_user)

    response = client.get("/admin/")

    # The admin's never_cache, not ours.
    assert "no-cache" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_the_session_ends_after_the_idle_time_and_each_request_moves_the_end(client, settings):
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_MINUTES * 60 == 120 * 60
    client.force_login(UserFactory())
    session = Session.objects.get(session_key=client.session.session_key)
    session.expire_date = timezone.now() + datetime.timedelta(minutes=1)
    session.save()

    # More than the refresh interval after the login (which wrote the end itself).
    later = time.time() + settings.SESSION_REFRESH_SECONDS + 1
    with mock.patch("lip.middleware.time.time", return_value=later):
        client.get("/konto/")

    session.refresh_from_db()
    remaining = session.expire_date - timezone.now()
    assert datetime.timedelta(minutes=119) < remaining <= datetime.timedelta(minutes=120)


def test_an_idle_session_is_over(client):
    client.force_login(UserFactory())
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    # The cached copy expires with the session: its timeout is the session's age.
    caches[settings.SESSION_CACHE_ALIAS].delete(cached_db.KEY_PREFIX + key)

    response = client.get("/konto/")

    assert response.status_code == 302
    assert response["Location"].startswith("/konto/anmelden/")


def test_the_end_moves_at_most_once_a_minute_and_a_page_reads_no_session_row(client):
    client.force_login(UserFactory())
    key = client.session.session_key
    first_end = Session.objects.get(session_key=key).expire_date  # written by the login

    with CaptureQueriesContext(connection) as queries:
        client.get("/konto/")
    assert not [q for q in queries.captured_queries if "django_session" in q["sql"]]
    assert Session.objects.get(session_key=key).expire_date == first_end

    later = time.time() + settings.SESSION_REFRESH_SECONDS + 1
    with mock.patch("lip.middleware.time.time", return_value=later):
        client.get("/konto/")
    assert Session.objects.get(session_key=key).expire_date > first_end


def test_a_cookie_of_a_session_that_is_over_gets_no_new_session(client):
    client.cookies[settings.SESSION_COOKIE_NAME] = "abgelaufen0123456789abcdefghijkl"

    response = client.get("/impressum/")

    # The stale cookie is deleted (empty, expired), no session is made for the visitor.
    cookie = response.cookies.get(settings.SESSION_COOKIE_NAME)
    assert cookie is None or cookie.value == ""
    assert not Session.objects.exists()


def test_anonymous_requests_get_no_session(client):
    response = client.get("/impressum/")

    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert not Session.objects.exists()


def test_idle_time_comes_from_the_environment():
    script = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.SESSION_COOKIE_AGE)"
    )

    result = run_python(
        "-c", script, DJANGO_SETTINGS_MODULE="lip.settings.test", SESSION_IDLE_MINUTES="30"
    )

    assert result.stdout.split() == ["1800"], result.stderr
