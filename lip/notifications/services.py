"""Write notifications: the outbox rows, the settings of accounts and the unsubscriptions.

Every app calls ``notify`` from its service, inside the service's transaction; the mails go out
after the commit (lip/notifications/delivery.py), never inside the request.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation

from lip.history import as_history_user
from lip.models import EmailOptOut, Notification, NotificationPreference

from .delivery import enqueue_delivery
from .kinds import Kind, Mode
from .tokens import absolute_url, unsubscribe_url

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recipient:
    """One person to write to: an address, the name to greet, the account if there is one."""

    email: str
    name: str = ""
    user_id: int | None = None

    @classmethod
    def of_user(cls, user) -> "Recipient":
        return cls(email=user.email, name=user.get_full_name(), user_id=user.pk)


def normalize_email(email: str) -> str:
    """Addresses are compared and stored in lower case, so one person is one row."""
    return email.strip().lower()


def _recipients(items: Iterable) -> list[Recipient]:
    """Recipients from users, Recipient objects and plain addresses; one per address.

    Inactive accounts and accounts without an address get nothing.
    """
    user_model = get_user_model()
    result: dict[str, Recipient] = {}
    for item in items:
        if isinstance(item, user_model):
            if not item.is_active or not item.email:
                continue
            recipient = Recipient.of_user(item)
        elif isinstance(item, Recipient):
            recipient = item
        else:
            recipient = Recipient(email=str(item))
        email = normalize_email(recipient.email)
        if not email:
            continue
        known = result.get(email)
        # The same address as an account and as a plain address: the account's settings count.
        if known is None or (known.user_id is None and recipient.user_id is not None):
            result[email] = Recipient(email=email, name=recipient.name, user_id=recipient.user_id)
    return list(result.values())


def _modes(pairs: list[tuple[Kind, Recipient]]) -> dict[tuple[Kind, str], Mode]:
    """Each address's delivery of each kind: the account's choice, else the kind's default;
    off for an address that unsubscribed. Two queries whatever the number of recipients."""
    kinds = {kind for kind, _recipient in pairs}
    user_ids = {r.user_id for _kind, r in pairs if r.user_id is not None}
    chosen = {}
    if user_ids:
        chosen = {
            (user_id, kind): mode
            for user_id, kind, mode in NotificationPreference.objects.filter(
                user_id__in=user_ids, kind__in=kinds
            ).values_list("user_id", "kind", "mode")
        }
    opted_out = set(
        EmailOptOut.objects.filter(
            kind__in=kinds, email__in={r.email for _kind, r in pairs}
        ).values_list("kind", "email")
    )
    modes = {}
    for kind, recipient in pairs:
        if (kind, recipient.email) in opted_out:
            modes[kind, recipient.email] = Mode.OFF
        else:
            modes[kind, recipient.email] = Mode(
                chosen.get((recipient.user_id, kind), kind.default_mode)
            )
    return modes


def _deadline_text(deadline: date | datetime | None) -> str:
    if deadline is None:
        return ""
    if isinstance(deadline, datetime):
        return formats.date_format(timezone.localtime(deadline), "DATETIME_FORMAT")
    return formats.date_format(deadline, "DATE_FORMAT")


def _deadline_date(deadline: date | datetime | None) -> date | None:
    if isinstance(deadline, datetime):
        return timezone.localdate(deadline)
    return deadline


@dataclass
class Message:
    """One mail for one cause to a set of recipients; ``notify`` takes one, ``notify_all`` many."""

    kind: Kind
    cause: str
    recipients: Iterable
    subject: str
    template: str
    context: dict
    link: str
    deadline: date | datetime | None = None
    ics: str | None = None
    language: str = "de"


def notify(
    *,
    kind: Kind,
    cause: str,
    recipients: Iterable,
    subject: str,
    template: str,
    context: dict,
    link: str,
    deadline: date | datetime | None = None,
    ics: str | None = None,
    language: str = "de",
) -> int:
    """Put one mail per recipient into the outbox and send them after the commit.

    ``cause`` names what caused it (``f"consultation-request:{pk}"``); an address gets one mail
    per kind and cause, so calling again (a retried request, a job run twice) adds nothing.
    ``template`` names ``emails/notifications/<template>.txt`` and ``.html``, which extend the
    base templates there. Returns the number of rows created.
    """
    return notify_all(
        [
            Message(
                kind=kind,
                cause=cause,
                recipients=recipients,
                subject=subject,
                template=template,
                context=context,
                link=link,
                deadline=deadline,
                ics=ics,
                language=language,
            )
        ]
    )


def notify_all(messages: Iterable[Message]) -> int:
    """``notify`` for many messages at once (a daily job): the same rules, and a fixed number
    of queries whatever the number of messages and recipients (settings, unsubscriptions,
    mails already written, and the inserts in batches of 500)."""
    planned: list[tuple[Message, list[Recipient]]] = []
    for message in messages:
        message.kind = Kind(message.kind)
        message.cause = message.cause[:200]
        people = _recipients(message.recipients)
        if people:
            planned.append((message, people))
    if not planned:
        return 0
    modes = _modes([(message.kind, person) for message, people in planned for person in people])
    existing = set(
        Notification.objects.filter(
            kind__in={message.kind for message, _people in planned},
            cause__in={message.cause for message, _people in planned},
            email__in={person.email for _message, people in planned for person in people},
        ).values_list("kind", "cause", "email")
    )
    preferences_url = absolute_url(reverse("notifications:preferences"))
    rows = []
    for message, people in planned:
        kind = message.kind
        people = [
            person
            for person in people
            if modes[kind, person.email] != Mode.OFF
            and (kind, message.cause, person.email) not in existing
        ]
        if people:
            rows.extend(_rows(message, people, modes, preferences_url))
    if not rows:
        return 0
    # A request running at the same moment may have written some of them: those are skipped.
    Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    if any(row.mode == Mode.IMMEDIATE for row in rows):
        # robust: should the task queue be down, the rows wait for `send_notifications`.
        transaction.on_commit(enqueue_delivery, robust=True)
    return len(rows)


def _rows(
    message: Message,
    people: list[Recipient],
    modes: dict[tuple[Kind, str], Mode],
    preferences_url: str,
) -> list[Notification]:
    """The outbox rows of one message, rendered in its language."""
    kind = message.kind
    link = absolute_url(message.link) if message.link else ""
    rows = []
    with translation.override(message.language):
        subject = " ".join(str(message.subject).split())[:255]
        shared = {
            **message.context,
            "kind": kind,
            "kind_label": kind.label,
            "kind_description": kind.description,
            "subject": subject,
            "link": link,
            "deadline": message.deadline,
            "deadline_text": _deadline_text(message.deadline),
            "language": message.language,
        }
        for person in people:
            personal = {
                **shared,
                "name": person.name,
                "unsubscribe_url": unsubscribe_url(person.email, [kind]),
                "preferences_url": preferences_url if person.user_id is not None else "",
            }
            rows.append(
                Notification(
                    email=person.email,
                    name=person.name[:200],
                    user_id=person.user_id,
                    kind=kind,
                    cause=message.cause,
                    mode=modes[kind, person.email],
                    language=message.language,
                    subject=subject,
                    body_text=render_to_string(
                        f"emails/notifications/{message.template}.txt", personal
                    ),
                    body_html=render_to_string(
                        f"emails/notifications/{message.template}.html", personal
                    ),
                    link=link,
                    deadline=_deadline_date(message.deadline),
                    ics=message.ics or "",
                )
            )
    return rows


def preferences_of(user) -> dict[Kind, Mode]:
    """The account's delivery of every kind it receives: its choice or the default."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "mode"))
    return {kind: Mode(chosen.get(kind, kind.default_mode)) for kind in Kind}


@transaction.atomic
def set_preferences(*, user, modes: dict[Kind, Mode]) -> list[Kind]:
    """Save the account's choices; returns the kinds whose delivery changed.

    Turning a kind off also drops its mails still waiting; turning it on again lifts an
    unsubscription of the account's address made by a mail's link.
    """
    current = preferences_of(user)
    changed = [kind for kind, mode in modes.items() if current[Kind(kind)] != mode]
    email = normalize_email(user.email)
    for kind in changed:
        mode = Mode(modes[kind])
        preference = NotificationPreference.objects.filter(user=user, kind=kind).first()
        if preference is None:
            preference = NotificationPreference(user=user, kind=kind)
        preference.mode = mode
        as_history_user(preference, user).save()
        if mode == Mode.OFF:
            _cancel_waiting(email=email, kinds=[kind], user=user)
        elif email:
            EmailOptOut.objects.filter(email=email, kind=kind).delete()
    return changed


def _cancel_waiting(*, email: str, kinds: list[Kind], user=None) -> int:
    """Waiting mails of these kinds to the address (or the account) will not be sent."""
    waiting = Notification.objects.filter(status=Notification.Status.PENDING, kind__in=kinds)
    if user is not None:
        waiting = waiting.filter(user=user) | waiting.filter(email=email)
    else:
        waiting = waiting.filter(email=email)
    return waiting.update(status=Notification.Status.CANCELLED)


@transaction.atomic
def unsubscribe(*, email: str, kinds: Iterable[Kind]) -> None:
    """Turn the kinds off for the address and for every account with it (the one-click link)."""
    email = normalize_email(email)
    kinds = [Kind(kind) for kind in kinds]
    for kind in kinds:
        EmailOptOut.objects.get_or_create(email=email, kind=kind)
    accounts = get_user_model().objects.filter(email__iexact=email)
    for user in accounts:
        for kind in kinds:
            preference = NotificationPreference.objects.filter(user=user, kind=kind).first()
            if preference is None:
                preference = NotificationPreference(user=user, kind=kind)
            elif preference.mode == Mode.OFF:
                continue
            preference.mode = Mode.OFF
            as_history_user(preference, None).save()
    _cancel_waiting(email=email, kinds=kinds)
    logger.info("Unsubscribed an address from %s", ", ".join(kinds))


def outbox_of(email: str) -> dict:
    """What the engine keeps about one address (Art. 15 DSGVO export): its mails and the kinds
    it unsubscribed from."""
    email = normalize_email(email)
    mails = Notification.objects.filter(email=email).order_by("created_at", "pk")
    return {
        "emails": [
            {
                "kind": mail.get_kind_display(),
                "subject": mail.subject,
                "status": mail.get_status_display(),
                "delivery": mail.get_mode_display(),
                "created_at": mail.created_at.isoformat(),
                "sent_at": mail.sent_at.isoformat() if mail.sent_at else None,
                "link": mail.link,
            }
            for mail in mails
        ],
        "unsubscribed_kinds": [
            opt_out.get_kind_display()
            for opt_out in EmailOptOut.objects.filter(email=email).order_by("kind")
        ],
    }


def purge_outbox(*, before: datetime) -> int:
    """Delete mails that are done (sent, failed, unsubscribed) and older than ``before``.

    Waiting mails stay. Unsubscriptions stay too: they are what keeps an address from being
    written to again.
    """
    deleted, _ = (
        Notification.objects.filter(created_at__lt=before)
        .exclude(status=Notification.Status.PENDING)
        .delete()
    )
    return deleted
