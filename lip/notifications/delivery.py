"""Send the outbox: the delivery task, the daily digest and what both share.

Rows are taken in batches under a row lock (``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL),
so any number of workers and cron runs can deliver at once without sending a row twice; each
batch goes over one mail connection and is marked with one UPDATE, so a batch costs the same
number of queries whatever its size. A mail the server refuses stays in the outbox with its
error and is tried again later (exponential backoff); after NOTIFICATION_MAX_ATTEMPTS tries it is
marked failed and OE 50.6 sees it in the back office.

What cannot be ruled out: the process dies after the mail server accepted a mail and before the
commit. Then the row is sent again, with the same Message-ID, which most mail systems drop as a
duplicate. Losing a mail would be worse.
"""

import logging
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext
from django_tasks import task  # Django 6: django.tasks

from lip.models import Notification

from .kinds import Kind, Mode
from .tokens import absolute_url, unsubscribe_url

logger = logging.getLogger(__name__)

BATCH_SIZE = 100
UPDATED_FIELDS = ["status", "attempts", "last_error", "next_attempt_at", "sent_at"]


def max_attempts() -> int:
    return settings.NOTIFICATION_MAX_ATTEMPTS


def retry_delay(attempts: int) -> timedelta:
    """Wait before the next try: the base delay, doubled with every failed attempt (at most
    1024 times the base: about three and a half days with the default)."""
    doublings = min(max(attempts - 1, 0), 10)
    return timedelta(seconds=settings.NOTIFICATION_RETRY_SECONDS * 2**doublings)


def _message_id(row: Notification) -> str:
    # Stable per row: a mail sent again after a crash carries the same id (see module docstring).
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
    return f"<lip-notification-{row.pk}@{domain}>"


def build_message(
    *,
    to: str,
    subject: str,
    text: str,
    html: str,
    unsubscribe: str,
    ics: str = "",
    message_id: str | None = None,
    connection=None,
) -> EmailMultiAlternatives:
    """One mail to one address: text and HTML, the one-click unsubscribe headers, the .ics."""
    headers = {
        # RFC 8058: a mail client may unsubscribe by POSTing "List-Unsubscribe=One-Click".
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        # RFC 3834: no out-of-office replies to an automatic mail.
        "Auto-Submitted": "auto-generated",
    }
    if message_id:
        headers["Message-ID"] = message_id
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.NOTIFICATION_FROM_EMAIL,
        to=[to],
        headers=headers,
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    if ics:
        message.attach("termin.ics", ics, "text/calendar")
    return message


def _fail(row: Notification, error: Exception, now: datetime) -> None:
    row.attempts += 1
    row.last_error = f"{type(error).__name__}: {error}"[:2000]
    if row.attempts >= max_attempts():
        row.status = Notification.Status.FAILED
    else:
        row.next_attempt_at = now + retry_delay(row.attempts)


def _send(connection, build, rows: list[Notification], now: datetime) -> bool:
    """Build and send one message for the rows; mark them sent, or count the failed attempt."""
    try:
        if not connection.send_messages([build()]):
            raise RuntimeError("the mail backend sent nothing")
    except Exception as error:  # whatever the mail server says, the row stays
        logger.warning("Mail to a recipient failed: %s", type(error).__name__)
        for row in rows:
            _fail(row, error, now)
        return False
    for row in rows:
        row.status = Notification.Status.SENT
        row.sent_at = now
    return True


def _open(connection, rows: list[Notification], now: datetime) -> bool:
    try:
        connection.open()
    except Exception as error:  # unreachable, refused login, TLS: all mean "later"
        logger.warning("Mail server unreachable: %s", type(error).__name__)
        for row in rows:
            _fail(row, error, now)
        return False
    return True


def _row_message(row: Notification, connection) -> EmailMultiAlternatives:
    return build_message(
        to=row.email,
        subject=row.subject,
        text=row.body_text,
        html=row.body_html,
        unsubscribe=unsubscribe_url(row.email, [row.kind]),
        ics=row.ics,
        message_id=_message_id(row),
        connection=connection,
    )


def deliver_batch(*, now: datetime | None = None, batch_size: int = BATCH_SIZE) -> tuple[int, int]:
    """Send up to ``batch_size`` due mails; returns (taken, sent).

    A fixed number of queries: the locked SELECT and one UPDATE (plus the transaction).
    """
    now = now or timezone.now()
    with transaction.atomic():
        rows = list(
            Notification.objects.due(now)
            .select_for_update(skip_locked=True)
            .order_by("next_attempt_at", "pk")[:batch_size]
        )
        if not rows:
            return 0, 0
        connection = get_connection(fail_silently=False)
        sent = 0
        if _open(connection, rows, now):
            try:
                for row in rows:
                    sent += _send(connection, partial(_row_message, row, connection), [row], now)
            finally:
                connection.close()
        Notification.objects.bulk_update(rows, UPDATED_FIELDS)
    return len(rows), sent


def deliver_due(*, now: datetime | None = None, batch_size: int = BATCH_SIZE) -> int:
    """Send every due mail, batch by batch; returns how many went out.

    Rows that failed are not taken again in the same run (their next attempt lies ahead). When
    some failed and the task backend can run a task later, a retry is enqueued for then;
    otherwise ``manage.py send_notifications`` from cron picks them up.
    """
    total_sent = 0
    failed = False
    while True:
        taken, sent = deliver_batch(now=now, batch_size=batch_size)
        total_sent += sent
        failed = failed or sent < taken
        if taken < batch_size:
            break
    if failed:
        _schedule_retry()
    return total_sent


def _schedule_retry() -> None:
    backend = deliver_notifications.get_backend()
    if not backend.supports_defer:
        return
    upcoming = (
        Notification.objects.filter(status=Notification.Status.PENDING, mode=Mode.IMMEDIATE)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    if upcoming is not None:
        deliver_notifications.using(run_after=max(upcoming, timezone.now())).enqueue()


@task()
def deliver_notifications() -> int:
    """The task the outbox enqueues after a commit: send every due mail."""
    return deliver_due()


def enqueue_delivery() -> None:
    """Start the delivery (on the worker; at once with the ImmediateBackend)."""
    deliver_notifications.enqueue()


# The daily digest ---------------------------------------------------------------------------


def send_digests(*, now: datetime | None = None) -> int:
    """Mail every address one digest with all its rows waiting for it; returns mails sent.

    Each address is handled in its own transaction with its rows locked and marked sent in it,
    so running the job twice, or twice at once, sends nothing twice.
    """
    now = now or timezone.now()
    emails = list(
        Notification.objects.due(now, mode=Mode.DIGEST)
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )
    if not emails:
        return 0
    connection = get_connection(fail_silently=False)
    sent = 0
    try:
        for email in emails:
            sent += _send_digest(email=email, now=now, connection=connection)
    finally:
        connection.close()
    return sent


def _send_digest(*, email: str, now: datetime, connection) -> int:
    with transaction.atomic():
        rows = list(
            Notification.objects.due(now, mode=Mode.DIGEST)
            .filter(email=email)
            .select_for_update(skip_locked=True)
            .order_by("created_at", "pk")
        )
        if not rows:
            return 0
        kinds = sorted({row.kind for row in rows})
        language = rows[0].language
        with translation.override(language):
            subject = ngettext(
                "Local Integration Plan: %(count)s new message",
                "Local Integration Plan: %(count)s new messages",
                len(rows),
            ) % {"count": len(rows)}
            has_account = any(row.user_id is not None for row in rows)
            context = {
                "subject": subject,
                "name": next((row.name for row in rows if row.name), ""),
                "rows": rows,
                "kind_labels": [str(Kind(kind).label) for kind in kinds],
                "language": language,
                "unsubscribe_url": unsubscribe_url(email, kinds),
                "preferences_url": (
                    absolute_url(reverse("notifications:preferences")) if has_account else ""
                ),
            }
            text = render_to_string("emails/notifications/digest.txt", context)
            html = render_to_string("emails/notifications/digest.html", context)
        message = build_message(
            to=email,
            subject=subject,
            text=text,
            html=html,
            unsubscribe=context["unsubscribe_url"],
            connection=connection,
        )
        if _open(connection, rows, now):
            _send(connection, lambda: message, rows, now)
        Notification.objects.bulk_update(rows, UPDATED_FIELDS)
    return int(rows[0].status == Notification.Status.SENT)
