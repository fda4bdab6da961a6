"""The event page comes whole from the page cache: its registration form lives on its own page
(beteiligung:event-register), so no visitor's CSRF token or session is ever on the stored page,
and a registration shows in the free places on the next request."""

import pytest
from django.test import Client
from django.urls import reverse

from beteiligung.services import cancel_registration, confirm_registration
from lip.roles import Role
from tests.conftest import user_with_role

from .conftest import last_mail_to, links_in
from .factories import EventFactory, RegistrationFactory
from .test_page_cache import get, is_hit, page_cache, text  # noqa: F401 (page_cache: fixture)

# Every test on the page cache, on local memory and, where REDIS_URL is set, on Redis.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]

SITE = "http://testserver"
FORM = {"name": "Samira Beispiel", "email": "samira@example.org", "consent": "on", "website": ""}


def test_the_event_page_is_stored_whole_without_a_token_or_a_cookie(
    client, django_assert_num_queries
):
    event = EventFactory(title="Podiumsdiskussion Sprache", capacity=10)
    url = event.get_absolute_url()
    office_user = user_with_role(Role.OFFICE, username="oe506-cache")

    first = get(client, url)
    with django_assert_num_queries(0):
        second = get(client, url)

    assert not is_hit(first) and is_hit(second)
    page = text(second)
    assert "Podiumsdiskussion Sprache" in page
    assert "10 Plätze sind noch frei." in page
    register_url = reverse("beteiligung:event-register", args=[event.pk])
    assert f'<a class="btn btn-primary" href="{register_url}">Anmelden</a>' in page
    for secret in ("csrfmiddlewaretoken", "csrftoken", "sessionid", 'method="post"'):
        assert secret not in page
    assert not first.cookies and not second.cookies
    assert second["Cache-Control"] == "public, no-cache" and second["ETag"]
    # A signed-in person (here OE 50.6, who sees the link to the registrations) bypasses it;
    # signing in (which writes last_login) leaves the stored page in place.
    office = Client()
    office.force_login(office_user)
    office_page = get(office, url)
    assert not is_hit(office_page) and "Anmeldungen (OE 50.6)" in text(office_page)
    again = get(client, url)
    assert is_hit(again) and "Anmeldungen (OE 50.6)" not in text(again)


def test_the_registration_page_with_the_form_is_never_stored(client):
    event = EventFactory()
    url = reverse("beteiligung:event-register", args=[event.pk])

    first, second = get(client, url), get(client, url)

    assert "csrfmiddlewaretoken" in text(first)
    assert not is_hit(first) and not is_hit(second)
    assert "ETag" not in second
    assert first.cookies.get("csrftoken")  # the visitor's own token, never shared


def test_a_registration_changes_the_free_places_on_the_next_request(
    client, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=2)
    url = event.get_absolute_url()
    get(client, url)
    assert "2 Plätze sind noch frei." in text(get(client, url))

    visitor = Client()
    register_url = reverse("beteiligung:event-register", args=[event.pk])
    with django_capture_on_commit_callbacks(execute=True):
        posted = visitor.post(register_url, FORM)
    assert posted.status_code == 302
    # Not yet confirmed: still two places, the page rebuilt after the write.
    pending = get(client, url)
    assert not is_hit(pending) and "2 Plätze sind noch frei." in text(pending)

    (confirm_path,) = links_in(last_mail_to("samira@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        visitor.post(confirm_path)
    confirmed = get(client, url)
    assert not is_hit(confirmed)
    assert "1 Platz ist noch frei." in text(confirmed)

    RegistrationFactory(event=event)
    full = text(get(client, url))
    assert "ausgebucht – Warteliste" in full and ">Auf die Warteliste</a>" in full

    registration = event.registrations.get(email="samira@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        cancel_registration(registration=registration, site_url=SITE)
    assert "1 Platz ist noch frei." in text(get(client, url))


def test_a_form_posted_to_the_event_page_still_registers(client):
    """Pages rendered before the form moved post to the event page itself."""
    event = EventFactory()
    response = client.post(event.get_absolute_url(), FORM)
    assert response.status_code == 302
    registration = event.registrations.get()
    confirm_registration(registration=registration, site_url=SITE)
    assert "9 Plätze sind noch frei." in text(get(client, event.get_absolute_url()))
