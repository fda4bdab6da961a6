"""What beteiligung tells citizens by mail through the engine (lip.notifications).

Only addresses people confirmed, only what they asked for: a registration's address hears about
its own event (moved up, reminder, cancelled). Each function is called from a service inside its
transaction, or from the daily job ``send_event_reminders``; the causes name the registration,
so a retry or a second run never mails twice. Who gets what: docs/benachrichtigungen.md.

Registration and contribution confirmations (double opt-in) stay plain mails
(services._common.mail_after_commit): the person has just asked for them, and they must not
carry an unsubscribe link that could block the confirmation itself.
"""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lip.notifications import Kind, Recipient, notify

from . import tokens
from .calendar import _calendar, event_component, to_ics
from .models import Event, Registration


def absolute(site_url: str, path: str) -> str:
    return site_url.rstrip("/") + path


def registration_links(registration: Registration, site_url: str) -> dict:
    """The event page, its calendar file and the person's own link to cancel."""
    token = tokens.make_token(tokens.MANAGE_REGISTRATION, registration.pk)
    return {
        "manage_link": absolute(site_url, reverse("beteiligung:registration-manage", args=[token])),
        "event_link": absolute(site_url, registration.event.get_absolute_url()),
        "calendar_link": absolute(
            site_url, reverse("beteiligung:event-ics", kwargs={"pk": registration.event_id})
        ),
    }


def _event_ics(event: Event, *, site_url: str, method: str) -> str:
    """The event as a calendar file: METHOD:REQUEST adds or updates it, CANCEL removes it."""
    calendar = _calendar(event.title)
    calendar.add("method", method)
    calendar.add_component(event_component(event, url=absolute(site_url, event.get_absolute_url())))
    return to_ics(calendar).decode()


def _notify(
    *,
    kind: Kind,
    cause: str,
    registration: Registration,
    subject: str,
    template: str,
    context: dict,
    link: str,
    ics: str,
) -> int:
    return notify(
        kind=kind,
        cause=cause,
        recipients=[Recipient(email=registration.email, name=registration.name)],
        subject=subject,
        template=template,
        context={"registration": registration, "event": registration.event, **context},
        link=link,
        ics=ics,
    )


def notify_moved_up(*, registration: Registration, links: dict, site_url: str) -> int:
    """The first on the waiting list has a place now; with the cancel link and the .ics."""
    event = registration.event
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("A place has become free for you: %(title)s") % {"title": event.title}
    return _notify(
        kind=Kind.WAITING_LIST_MOVED_UP,
        cause=f"waiting-list-moved-up:{registration.pk}",
        registration=registration,
        subject=subject,
        template="waiting_list_moved_up",
        context=links,
        link=links["event_link"],
        ics=_event_ics(event, site_url=site_url, method="REQUEST"),
    )


def notify_event_cancelled(*, event: Event, reason: str, site_url: str) -> int:
    """Everyone registered or waiting hears of the cancellation, with the reason and an .ics
    that removes the event from the calendar."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Event cancelled: %(title)s") % {"title": event.title}
    ics = _event_ics(event, site_url=site_url, method="CANCEL")
    created = 0
    affected = event.registrations.filter(
        status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITING]
    ).select_related("event")
    for registration in affected:
        created += _notify(
            kind=Kind.EVENT_CANCELLED,
            cause=f"event-cancelled:{registration.pk}",
            registration=registration,
            subject=subject,
            template="event_cancelled",
            context={"reason": reason},
            link=event.get_absolute_url(),
            ics=ics,
        )
    return created


def send_event_reminders(*, today: datetime.date | None = None, site_url: str | None = None) -> int:
    """Remind everyone with a place two days before the event (made up the next day if a run
    was missed); once per registration and date, so a moved event reminds again."""
    today = today or timezone.localdate()
    site_url = site_url or settings.SITE_URL
    registrations = (
        Registration.objects.filter(
            status=Registration.Status.CONFIRMED,
            event__status=Event.Status.PLANNED,
            event__published_at__isnull=False,
            event__starts_on__gt=today,
            event__starts_on__lte=today + datetime.timedelta(days=2),
        )
        .select_related("event")
        .order_by("event__starts_on", "pk")
    )
    created = 0
    for registration in registrations:
        event = registration.event
        links = registration_links(registration, site_url)
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Reminder: %(title)s on %(when)s") % {
                "title": event.title,
                "when": event.when,
            }
        created += _notify(
            kind=Kind.EVENT_REMINDER,
            cause=f"event-reminder:{registration.pk}:{event.starts_on.isoformat()}",
            registration=registration,
            subject=subject,
            template="event_reminder",
            context=links,
            link=links["event_link"],
            ics=_event_ics(event, site_url=site_url, method="REQUEST"),
        )
    return created
