"""Citizens' event mails through the notification engine: moved up, reminder, cancelled.

Each goes only to the address the person confirmed with the registration, carries a calendar
file and stops once the person unsubscribed the kind.
"""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from beteiligung.notifications import send_event_reminders
from beteiligung.services import cancel_event, cancel_registration
from lip.notifications import Kind, unsubscribe

from .factories import EventFactory
from .test_events import SITE, register, register_and_confirm

pytestmark = pytest.mark.django_db


def ics_of(message) -> Calendar:
    [(name, content, mimetype)] = message.attachments
    assert name == "termin.ics"
    assert mimetype.startswith("text/calendar")
    return Calendar.from_ical(content)


def test_moved_up_mail_keeps_the_cancel_link_and_adds_the_calendar_file(
    django_capture_on_commit_callbacks,
):
    event = EventFactory(capacity=1, title="Auftakt")
    holder = register_and_confirm(event, "platz@example.org")
    register_and_confirm(event, "warte@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancel_registration(registration=holder, site_url=SITE)
    [message] = mail.outbox
    assert message.to == ["warte@example.org"]
    assert message.subject == "Ein Platz ist für Sie frei geworden: Auftakt"
    assert "/anmeldung/" in message.body  # the personal link to cancel
    assert message.extra_headers["List-Unsubscribe"]
    assert str(ics_of(message)["method"]) == "REQUEST"


def test_reminder_two_days_before_goes_once_to_those_with_a_place(
    django_capture_on_commit_callbacks,
):
    today = timezone.localdate()
    event = EventFactory(capacity=1, starts_on=today + datetime.timedelta(days=2), title="Fest")
    register_and_confirm(event, "platz@example.org")
    register_and_confirm(event, "warte@example.org")
    register(event, "offen@example.org")  # never confirmed
    later = EventFactory(starts_on=today + datetime.timedelta(days=3))
    register_and_confirm(later, "spaeter@example.org")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_event_reminders", stdout=io.StringIO())
    [message] = mail.outbox
    assert message.to == ["platz@example.org"]
    assert message.subject.startswith("Erinnerung: Fest am ")
    assert event.get_absolute_url() in message.body
    assert ics_of(message)

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_event_reminders() == 0
    assert mail.outbox == []
    # The next day: the later event's turn; the first is not reminded again.
    with django_capture_on_commit_callbacks(execute=True):
        assert send_event_reminders(today=today + datetime.timedelta(days=1)) == 1
    assert [m.to for m in mail.outbox] == [["spaeter@example.org"]]


def test_cancelled_event_mail_carries_an_ics_that_cancels(
    office, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1, title="Workshop")
    register_and_confirm(event, "platz@example.org")
    register_and_confirm(event, "warte@example.org")
    register(event, "offen@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancel_event(event=event, reason="Die Halle ist gesperrt.", by=office, site_url=SITE)
    assert sorted(m.to[0] for m in mail.outbox) == ["platz@example.org", "warte@example.org"]
    for message in mail.outbox:
        assert message.subject == "Veranstaltung abgesagt: Workshop"
        assert "Die Halle ist gesperrt." in message.body
        calendar = ics_of(message)
        assert str(calendar["method"]) == "CANCEL"
        [component] = calendar.walk("VEVENT")
        assert str(component["status"]) == "CANCELLED"


def test_an_unsubscribed_address_gets_no_more_of_that_kind(
    office, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    soon = EventFactory(starts_on=today + datetime.timedelta(days=2))
    cancelled = EventFactory()
    register_and_confirm(soon, "kim@example.org")
    register_and_confirm(cancelled, "kim@example.org")
    unsubscribe(email="kim@example.org", kinds=[Kind.EVENT_REMINDER])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_event_reminders() == 0
        cancel_event(event=cancelled, reason="Sturm", by=office, site_url=SITE)
    # Only the reminder was turned off: the cancellation still arrives.
    assert [m.subject for m in mail.outbox] == [f"Veranstaltung abgesagt: {cancelled.title}"]
