"""Events: registration with double opt-in, capacity, waiting list, move-up, cancel link, iCal."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from beteiligung.models import Event, Registration
from beteiligung.services import (
    cancel_event,
    cancel_registration,
    confirm_registration,
    publish_event,
    register_for_event,
)
from gremien.models import Meeting
from lip.models import ProcessEvent
from tests.factories import CommitteeFactory

from .conftest import last_mail_to, links_in
from .factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

SITE = "http://testserver"


def register(event, email, **kwargs):
    return register_for_event(
        event=event,
        name=kwargs.pop("name", "Kim Beispiel"),
        email=email,
        consent=True,
        site_url=SITE,
        **kwargs,
    )


def register_and_confirm(event, email, **kwargs):
    return confirm_registration(registration=register(event, email, **kwargs), site_url=SITE)


def form_data(**overrides):
    data = {
        "name": "Samira Beispiel",
        "email": "samira@example.org",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def test_registration_by_form_mail_link_and_confirmation_page(
    client, django_capture_on_commit_callbacks
):
    event = EventFactory(title="Podiumsdiskussion Grundlagenpapier", capacity=20)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("beteiligung:event-register", args=[event.pk]),
            form_data(step_free_access="on", interpreting_language="Arabisch", needs_consent="on"),
        )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.status == Registration.Status.PENDING
    assert registration.interpreting_language == "Arabisch"
    assert registration.needs_consent_at is not None

    message = last_mail_to("samira@example.org")
    assert message.subject == "Bitte bestätigen Sie Ihre Anmeldung"
    assert "„Podiumsdiskussion Grundlagenpapier“" in message.body
    (confirm_path,) = links_in(message)
    assert "Anmeldung bestätigen" in client.get(confirm_path).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(confirm_path, follow=True)

    page = response.content.decode()
    assert "Samira Beispiel, Sie sind angemeldet. Ihr Platz ist reserviert." in page
    assert "Verdolmetschung in Arabisch" in page
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    confirmed = last_mail_to("samira@example.org")
    assert confirmed.subject == "Ihre Anmeldung: Podiumsdiskussion Grundlagenpapier"
    assert "ist bestätigt" in confirmed.body
    assert "stufenloser Zugang" in confirmed.body
    paths = links_in(confirmed)
    for path in paths:  # event page, calendar, personal link: all work
        assert client.get(path).status_code == 200


def test_capacity_full_puts_people_on_the_waiting_list_in_order(
    client, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        first = register_and_confirm(event, "a@example.org")
        second = register_and_confirm(event, "b@example.org")
        third = register_and_confirm(event, "c@example.org")
        fourth = register_and_confirm(event, "d@example.org")

    assert [r.status for r in (first, second)] == ["angemeldet", "angemeldet"]
    assert [r.status for r in (third, fourth)] == ["warteliste", "warteliste"]
    assert event.registrations.filter(status="angemeldet").count() == 2
    message = last_mail_to("d@example.org")
    assert message.subject.startswith("Sie stehen auf der Warteliste")
    assert "Platz 2 der Warteliste" in message.body
    html = client.get(event.get_absolute_url()).content.decode()
    assert "ausgebucht" in html


def test_unconfirmed_registrations_take_no_place():
    event = EventFactory(capacity=1)
    register(event, "pending@example.org")
    assert register_and_confirm(event, "quick@example.org").status == "angemeldet"


def test_cancel_link_moves_the_first_waiting_person_up(client, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1, title="Auftakt")
    with django_capture_on_commit_callbacks(execute=True):
        holder = register_and_confirm(event, "platz@example.org")
        first_waiting = register_and_confirm(event, "warte1@example.org")
        register_and_confirm(event, "warte2@example.org")
    manage_path = next(
        path for path in links_in(last_mail_to("platz@example.org")) if "/anmeldung/" in path
    )
    page = client.get(manage_path).content.decode()
    assert "Sie sind angemeldet" in page
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(manage_path + "abmelden/", follow=True)

    assert "Sie haben diese Anmeldung storniert" in response.content.decode()
    holder.refresh_from_db()
    first_waiting.refresh_from_db()
    assert holder.status == "abgemeldet"
    assert first_waiting.status == "angemeldet"
    assert first_waiting.moved_up_at is not None
    assert event.registrations.filter(status="warteliste").count() == 1
    (moved_mail,) = mail.outbox
    assert moved_mail.to == ["warte1@example.org"]
    assert moved_mail.subject == "Ein Platz ist für Sie frei geworden: Auftakt"
    # The moved-up person's own personal link works and shows the place.
    moved_manage = next(p for p in links_in(moved_mail) if "/anmeldung/" in p)
    assert "Sie sind angemeldet" in client.get(moved_manage).content.decode()


def test_cancelling_from_the_waiting_list_moves_nobody():
    event = EventFactory(capacity=1)
    register_and_confirm(event, "platz@example.org")
    waiting = register_and_confirm(event, "warte@example.org")
    mail.outbox.clear()
    cancel_registration(registration=waiting, site_url=SITE)
    assert event.registrations.filter(status="angemeldet").count() == 1
    assert mail.outbox == []


def test_cancel_link_asks_first_and_must_be_genuine(client):
    registration = RegistrationFactory()
    from beteiligung import tokens

    token = tokens.make_token(tokens.MANAGE_REGISTRATION, registration.pk)
    confirmation = client.get(reverse("beteiligung:registration-cancel", args=[token]))
    assert confirmation.status_code == 200
    assert "Ja, Anmeldung stornieren" in confirmation.content.decode()
    forged = tokens.make_token(tokens.CONFIRM_REGISTRATION, registration.pk)
    assert client.post(reverse("beteiligung:registration-cancel", args=[forged])).status_code == 404
    registration.refresh_from_db()
    assert registration.status == "angemeldet"


def cancel_path(registration) -> str:
    from beteiligung import tokens

    token = tokens.make_token(tokens.MANAGE_REGISTRATION, registration.pk)
    return reverse("beteiligung:registration-cancel", args=[token])


def test_cancelling_asks_first_and_says_what_happens(client):
    holder = RegistrationFactory(event=EventFactory(capacity=1))
    manage = client.get(cancel_path(holder).removesuffix("abmelden/")).content.decode()
    assert f'href="{cancel_path(holder)}"' in manage  # a link to the question, not a form

    question = client.get(cancel_path(holder))

    html = question.content.decode()
    assert question.status_code == 200
    assert "Er geht sofort an die erste Person auf der Warteliste" in html
    assert "Ja, Anmeldung stornieren" in html
    holder.refresh_from_db()
    assert holder.status == Registration.Status.CONFIRMED

    response = client.post(cancel_path(holder))

    assert response.status_code == 302
    holder.refresh_from_db()
    assert holder.status == Registration.Status.CANCELLED


@pytest.mark.parametrize("case", ["already_cancelled", "event_over", "event_cancelled"])
def test_nothing_left_to_cancel_shows_no_button_and_refuses(client, case):
    registration = RegistrationFactory()
    event = registration.event
    if case == "already_cancelled":
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = timezone.now() - datetime.timedelta(days=1)
        registration.save()
        expected = "bereits storniert"
    elif case == "event_over":
        Event.objects.filter(pk=event.pk).update(
            starts_on=timezone.localdate() - datetime.timedelta(days=3)
        )
        expected = "vorbei"
    else:
        Event.objects.filter(pk=event.pk).update(status="abgesagt", cancellation_reason="Sturm")
        expected = "abgesagt"
    before = Registration.objects.values().get(pk=registration.pk)

    question = client.get(cancel_path(registration))
    posted = client.post(cancel_path(registration))

    assert question.status_code == 200
    assert expected in question.content.decode()
    assert "Ja, Anmeldung stornieren" not in question.content.decode()
    assert posted.status_code == 400
    assert Registration.objects.values().get(pk=registration.pk) == before
    with pytest.raises(ValidationError):
        cancel_registration(registration=registration, site_url=SITE)


def test_needs_are_stored_only_with_consent(client):
    event = EventFactory()
    with pytest.raises(ValidationError, match="Einwilligung"):
        register(event, "x@example.org", childcare=True)
    assert not Registration.objects.exists()

    response = client.post(
        reverse("beteiligung:event-register", args=[event.pk]), form_data(childcare="on")
    )
    assert response.status_code == 200
    assert "brauchen wir Ihre Einwilligung" in response.content.decode()
    assert 'name="name" value="Samira Beispiel"' in response.content.decode()

    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=event, childcare=True, needs_consent_at=None)


def test_the_same_address_registers_once(client):
    event = EventFactory()
    register_and_confirm(event, "kim@example.org")
    with pytest.raises(ValidationError, match="bereits angemeldet"):
        register(event, "KIM@example.org ")


def test_registering_again_before_confirming_sends_a_new_link(django_capture_on_commit_callbacks):
    event = EventFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = register(event, "kim@example.org", name="Kim")
        second = register(event, "kim@example.org", name="Kim B.")
    assert first.pk == second.pk
    assert Registration.objects.get().name == "Kim B."
    assert len([m for m in mail.outbox if m.to == ["kim@example.org"]]) == 2


@pytest.mark.parametrize(
    "changes",
    [
        {"registration_open": False},
        {"published_at": None},
        {"status": "abgesagt", "cancellation_reason": "Sturm"},
        {"starts_on": datetime.date(2020, 1, 17)},
    ],
    ids=["closed", "unpublished", "cancelled", "past"],
)
def test_no_registration_when_it_is_not_open(changes):
    event = EventFactory(**changes)
    with pytest.raises(ValidationError):
        register(event, "x@example.org")


def test_cancelling_an_event_informs_everyone(office, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1, title="Workshop")
    register_and_confirm(event, "platz@example.org")
    register_and_confirm(event, "warte@example.org")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        cancel_event(event=event, reason="Die Halle ist gesperrt.", by=office, site_url=SITE)

    assert sorted(m.to[0] for m in mail.outbox) == ["platz@example.org", "warte@example.org"]
    assert all("Die Halle ist gesperrt." in m.body for m in mail.outbox)
    assert ProcessEvent.objects.filter(kind="event_cancelled", is_public=True).exists()


def test_publishing_records_a_public_event_only_for_public_events(office):
    public = EventFactory(published_at=None)
    internal = EventFactory(published_at=None, is_public=False)
    publish_event(event=public, by=office)
    publish_event(event=internal, by=office)
    assert ProcessEvent.objects.get(subject_id=public.pk, kind="event_published").is_public
    assert not ProcessEvent.objects.get(subject_id=internal.pk, kind="event_published").is_public
    with pytest.raises(ValidationError):
        publish_event(event=public, by=office)


def test_unpublished_and_internal_events_are_not_public(client, office):
    unpublished = EventFactory(published_at=None, title="Entwurf einer Veranstaltung")
    internal = EventFactory(is_public=False, title="Interne Klausur")
    for event in (unpublished, internal):
        assert client.get(event.get_absolute_url()).status_code == 404
        assert client.get(reverse("beteiligung:event-ics", args=[event.pk])).status_code == 404
    index = client.get(reverse("beteiligung:index")).content.decode()
    assert "Entwurf einer Veranstaltung" not in index and "Interne Klausur" not in index
    client.force_login(office)
    assert client.get(internal.get_absolute_url()).status_code == 200


def test_event_ics(client):
    event = EventFactory(
        title="Auftaktveranstaltung",
        starts_on=datetime.date(2031, 1, 17),
        ends_on=datetime.date(2031, 1, 18),
        start_time=None,
        end_time=None,
    )
    response = client.get(reverse("beteiligung:event-ics", args=[event.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    (component,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(component["summary"]) == "Auftaktveranstaltung"
    assert component.decoded("dtstart") == datetime.date(2031, 1, 17)
    assert component.decoded("dtend") == datetime.date(2031, 1, 19)  # whole days: exclusive end


def test_calendar_feed_has_all_public_dates_and_nothing_else(client):
    EventFactory(title="Öffentliche Podiumsdiskussion")
    EventFactory(title="Interner Workshop", is_public=False)
    EventFactory(title="Unveröffentlicht", published_at=None)
    committee = CommitteeFactory(name="Lenkungsgruppe")
    start = timezone.now() + datetime.timedelta(days=3)
    Meeting.objects.create(
        committee=committee, title="Öffentliche Sitzung", start=start, is_public=True
    )
    Meeting.objects.create(committee=committee, title="Nichtöffentlich", start=start)

    response = client.get(reverse("beteiligung:calendar"))

    calendar = Calendar.from_ical(response.content)
    titles = sorted(str(component["summary"]) for component in calendar.walk("VEVENT"))
    assert titles == ["Öffentliche Podiumsdiskussion", "Öffentliche Sitzung (Lenkungsgruppe)"]
    timed = next(c for c in calendar.walk("VEVENT") if "Podium" in str(c["summary"]))
    assert timed.decoded("dtstart").hour == 18
    assert calendar.walk("VTIMEZONE")  # local times carry their time zone


def test_registration_list_is_for_the_office_with_needs(client, office, member):
    event = EventFactory(capacity=1)
    RegistrationFactory(
        event=event,
        name="Nadia",
        interpreting_language="Farsi",
        needs_consent_at=timezone.now(),
    )
    url = reverse("beteiligung:event-registrations", args=[event.pk])
    client.force_login(member)
    assert client.get(url).status_code == 403
    client.force_login(office)
    html = client.get(url).content.decode()
    assert "Nadia" in html and "Farsi" in html


def test_office_can_fill_places_after_raising_the_capacity(client, office):
    event = EventFactory(capacity=1)
    register_and_confirm(event, "platz@example.org")
    waiting = register_and_confirm(event, "warte@example.org")
    Event.objects.filter(pk=event.pk).update(capacity=2)
    client.force_login(office)

    client.post(reverse("beteiligung:event-fill", args=[event.pk]))

    waiting.refresh_from_db()
    assert waiting.status == "angemeldet"


def test_event_when_text():
    event = EventFactory.build(
        starts_on=datetime.date(2020, 1, 17),
        ends_on=datetime.date(2020, 1, 18),
        start_time=None,
        end_time=None,
    )
    assert event.when == "Freitag, 17. Januar 2020 – Samstag, 18. Januar 2020"
    event.ends_on = None
    event.start_time, event.end_time = datetime.time(18), datetime.time(20, 30)
    assert event.when == "Freitag, 17. Januar 2020, 18:00–20:30 Uhr"
