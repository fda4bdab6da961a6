"""What beteiligung tells citizens by mail through the engine (lip.notifications).

Only addresses people confirmed, only what they asked for: a registration's address hears about
its own event (moved up, reminder, cancelled); the author of a comment or Vorschlag who ticked
"tell me" hears when it is published after the check and when the expert group answers it.
Each function is called from a service inside its transaction, or from the daily job
``send_event_reminders``; the causes name the registration or contribution, so a retry or a
second run never mails twice. Who gets what: docs/benachrichtigungen.md.

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
from .calendar import event_component, new_calendar, to_ics
from .models import Consideration, Contribution, Event, Registration


def absolute(site_url: str, path: str) -> str:
    return site_url.rstrip("/") + path


def registration_links(registration: Registration, site_url: str) -> dict:
    """The event page, its calendar file and the person's own link to cancel."""
    token = tokens.make_token(tokens.MANAGE_REGISTRATION, registration.pk)
    with translation.override(registration.site_language):  # pages in the person's language
        return {
            "manage_link": absolute(
                site_url, reverse("beteiligung:registration-manage", args=[token])
            ),
            "event_link": absolute(site_url, registration.event.get_absolute_url()),
            "calendar_link": absolute(
                site_url, reverse("beteiligung:event-ics", kwargs={"pk": registration.event_id})
            ),
        }


def _event_ics(event: Event, *, site_url: str, method: str) -> str:
    """The event as a calendar file: METHOD:REQUEST adds or updates it, CANCEL removes it."""
    calendar = new_calendar(event.title)
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
        language=registration.site_language,
    )


def notify_moved_up(*, registration: Registration, links: dict, site_url: str) -> int:
    """The first on the waiting list has a place now; with the cancel link and the .ics."""
    event = registration.event
    with translation.override(registration.site_language):
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
    ics = _event_ics(event, site_url=site_url, method="CANCEL")
    created = 0
    affected = event.registrations.filter(
        status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITING]
    ).select_related("event")
    for registration in affected:
        with translation.override(registration.site_language):
            subject = _("Event cancelled: %(title)s") % {"title": event.title}
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
        with translation.override(registration.site_language):
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


def _contribution_page(contribution: Contribution) -> str:
    """Where the contribution shows: its section's (or the version's) comment page, or its
    Themenfeld for a Vorschlag; with the anchor of the contribution."""
    if contribution.kind == Contribution.Kind.SUGGESTION:
        return (
            reverse("beteiligung:topic-detail", args=[contribution.committee.slug])
            + f"#beitrag-{contribution.pk}"
        )
    if contribution.section_id is not None:
        path = reverse(
            "beteiligung:section-comments",
            args=[contribution.version_id, contribution.section.key],
        )
    else:
        path = reverse("beteiligung:general-comments", args=[contribution.version_id])
    return f"{path}#kommentar-{contribution.pk}"


def _wants_updates(contribution: Contribution) -> bool:
    """Only who asked, with a confirmed address that still exists (not anonymised)."""
    return bool(
        contribution.wants_updates
        and contribution.email
        and contribution.confirmed_at is not None
        and contribution.anonymised_at is None
    )


def _author(contribution: Contribution) -> list[Recipient]:
    return [Recipient(email=contribution.email, name=contribution.author_name)]


def _where(contribution: Contribution) -> str:
    if contribution.kind == Contribution.Kind.SUGGESTION:
        return _("your suggestion “%(title)s” on the topic field %(topic)s") % {
            "title": contribution.title,
            "topic": contribution.committee.name,
        }
    return _("your comment on version %(number)s of the draft of %(group)s") % {
        "number": contribution.version.number,
        "group": contribution.version.draft.committee.name,
    }


def notify_contribution_published(*, contribution: Contribution) -> int:
    """OE 50.6 approved a contribution that waited for the check: tell its author (opt-in)."""
    if not _wants_updates(contribution):
        return 0
    with translation.override(contribution.site_language):
        link = _contribution_page(contribution)
        what = _where(contribution)
        subject = _("Your contribution has been published")
        text = _(
            "We have checked and published %(what)s. Thank you for taking part! "
            "The expert group will answer it when it weighs the contributions."
        ) % {"what": what}
    return notify(
        kind=Kind.COMMENT_PUBLISHED,
        cause=f"contribution-published:{contribution.pk}",
        recipients=_author(contribution),
        subject=subject,
        template="generic",
        context={"text": text, "contribution": contribution},
        link=link,
        language=contribution.site_language,
    )


def notify_contribution_answered(*, consideration: Consideration) -> int:
    """The expert group answered a contribution in its Abwägung: tell the author (opt-in),
    with the outcome and the reason. Once per contribution: a revised answer shows on the
    page, but does not mail again."""
    if consideration.contribution_id is None:
        return 0  # an Anliegen: its form asks for no such mail
    contribution = consideration.contribution
    if not _wants_updates(contribution):
        return 0
    with translation.override(contribution.site_language):
        if contribution.kind == Contribution.Kind.SUGGESTION:
            link = _contribution_page(contribution)
        else:
            link = (
                reverse("beteiligung:consideration-table", args=[contribution.version_id])
                + f"#abwaegung-{contribution.pk}"
            )
        what = _where(contribution)
        subject = _("Your contribution has been answered")
        text = _(
            "The expert group %(group)s has answered %(what)s.\n\nResult: %(outcome)s\n"
            "Reason: %(reason)s"
        ) % {
            "group": consideration.committee.name,
            "what": what,
            "outcome": consideration.get_outcome_display(),
            "reason": consideration.reason,
        }
        if consideration.reason_in_language:
            text += "\n\n" + consideration.reason_in_language
    return notify(
        kind=Kind.COMMENT_ANSWERED,
        cause=f"contribution-answered:{contribution.pk}",
        recipients=_author(contribution),
        subject=subject,
        template="generic",
        context={"text": text, "contribution": contribution},
        link=link,
        language=contribution.site_language,
    )
