"""Publishing a version for comment and running its comment window."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from etappen.models import Draft, DraftVersion
from lip.events import record_event
from lip.history import as_history_user
from lip.pagecache import ETAPPEN, bump

from ..models import CommentWindow
from ._common import date_text


def _window_summary(template: str, window: CommentWindow, version: DraftVersion) -> str:
    draft = version.draft
    return template % {
        "number": version.number,
        "group": draft.committee.name,
        "stage": draft.stage.number,
        "from": date_text(window.opens_at),
        "until": date_text(window.closes_at),
    }


def _comment_page(version: DraftVersion) -> str:
    return reverse("beteiligung:version-comments", kwargs={"pk": version.pk})


@transaction.atomic
def publish_for_comment(
    *,
    version: DraftVersion,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    moderation: str,
    by,
) -> CommentWindow:
    """Make a submitted version public and open its comment window (from, until).

    Setting ``published_at`` in the same transaction is what makes the version public on every
    page; nothing else publishes a version.
    """
    version = (
        DraftVersion.objects.select_for_update(of=("self",))
        .select_related("draft__committee", "draft__stage")
        .get(pk=version.pk)
    )
    if version.published_at is not None or CommentWindow.objects.filter(version=version).exists():
        raise ValidationError(
            _("This version has already been published for comment."), code="published"
        )
    draft = version.draft
    if version.is_closed:
        raise ValidationError(
            _("This version takes no input any more, so it cannot be published for comment."),
            code="closed",
        )
    if draft.state != Draft.State.SUBMITTED:
        raise ValidationError(
            _("Only a submitted version can be published for comment; this draft is “%(state)s”.")
            % {"state": draft.get_state_display()},
            code="not_submitted",
        )
    latest = draft.versions.aggregate(latest=Max("number"))["latest"]
    if version.number != latest:
        raise ValidationError(
            _("Only the latest version of a draft can be published for comment."),
            code="not_latest",
        )
    if moderation not in CommentWindow.Moderation.values:
        raise ValidationError(_("Please choose how comments are moderated."), code="moderation")
    now = timezone.now()
    if closes_at <= opens_at:
        raise ValidationError(
            _("The comment period must end after it begins."), code="window_order"
        )
    if closes_at <= now:
        raise ValidationError(
            _("The end of the comment period must be in the future."), code="window_past"
        )
    window = CommentWindow.objects.create(
        version=version,
        opens_at=opens_at,
        closes_at=closes_at,
        moderation=moderation,
        created_by=by,
        created_at=now,
    )
    DraftVersion.objects.filter(pk=version.pk).update(published_at=now)
    bump(ETAPPEN)  # update() sends no signal (lip/pagecache.py)
    version.published_at = now
    record_event(
        kind="comment_window_opened",
        summary=_window_summary(
            _(
                "Version %(number)s of the draft of %(group)s (stage %(stage)s) is published; "
                "everyone can comment on it from %(from)s until %(until)s."
            ),
            window,
            version,
        ),
        subject=version,
        by=by,
        public=True,
        url=_comment_page(version),
        data={"window": window.pk, "moderation": moderation},
    )
    return window


def _lock_window(window: CommentWindow) -> CommentWindow:
    return (
        CommentWindow.objects.select_for_update(of=("self",))
        .select_related("version__draft__committee", "version__draft__stage")
        .get(pk=window.pk)
    )


def _check_version_open(window: CommentWindow) -> None:
    """A decided or superseded version takes no comments; its window cannot be reopened."""
    if window.version.is_closed:
        raise ValidationError(
            _(
                "The steering group has decided on this version, or a newer version has been "
                "submitted; its comment period cannot be changed any more."
            ),
            code="version_closed",
        )


@transaction.atomic
def close_comment_window(*, window: CommentWindow, by) -> CommentWindow:
    """End an open comment window now; comments stay readable, no new ones are accepted."""
    window = _lock_window(window)
    now = timezone.now()
    if window.has_closed(now):
        raise ValidationError(_("The comment period has already ended."), code="closed")
    if now < window.opens_at:
        raise ValidationError(
            _("The comment period has not begun yet; change its end date instead."),
            code="not_open",
        )
    window.closes_at = now
    window.closing_recorded_at = now
    as_history_user(window, by)
    window.save(update_fields=["closes_at", "closing_recorded_at"])
    _record_closing(window, by=by)
    return window


def _record_closing(window: CommentWindow, *, by) -> None:
    record_event(
        kind="comment_window_closed",
        summary=_window_summary(
            _(
                "The comment period on version %(number)s of the draft of %(group)s (stage "
                "%(stage)s) has ended; the comments remain readable."
            ),
            window,
            window.version,
        ),
        subject=window.version,
        by=by,
        public=True,
        url=_comment_page(window.version),
        data={"window": window.pk},
    )


@transaction.atomic
def change_comment_window_end(
    *, window: CommentWindow, closes_at: datetime.datetime, by
) -> CommentWindow:
    """Move the end of a comment window (extend it, or reopen an ended one)."""
    window = _lock_window(window)
    _check_version_open(window)
    now = timezone.now()
    if closes_at <= now or closes_at <= window.opens_at:
        raise ValidationError(
            _("The end of the comment period must be in the future."), code="window_past"
        )
    if closes_at == window.closes_at:
        raise ValidationError(_("Nothing has changed."), code="unchanged")
    window.closes_at = closes_at
    window.closing_recorded_at = None
    as_history_user(window, by)
    window.save(update_fields=["closes_at", "closing_recorded_at"])
    record_event(
        kind="comment_window_changed",
        summary=_window_summary(
            _(
                "Comments on version %(number)s of the draft of %(group)s (stage %(stage)s) "
                "are now possible until %(until)s."
            ),
            window,
            window.version,
        ),
        subject=window.version,
        by=by,
        public=True,
        url=_comment_page(window.version),
        data={"window": window.pk},
    )
    return window


# Why a window ended early, by the reason its version was closed (DraftVersion.closed_reason).
CLOSED_BY_VERSION = {
    DraftVersion.ClosedReason.ACCEPTED: gettext_lazy(
        "The comment period on version %(number)s of the draft of %(group)s (stage %(stage)s) "
        "ended on %(until)s because the steering group accepted the version; the comments "
        "remain readable."
    ),
    DraftVersion.ClosedReason.RETURNED: gettext_lazy(
        "The comment period on version %(number)s of the draft of %(group)s (stage %(stage)s) "
        "ended on %(until)s because the steering group sent the version back for revision; the "
        "comments remain readable."
    ),
    DraftVersion.ClosedReason.SUPERSEDED: gettext_lazy(
        "The comment period on version %(number)s of the draft of %(group)s (stage %(stage)s) "
        "ended on %(until)s because a newer version was submitted; the comments remain readable."
    ),
}


def _record_closing_by_version(window: CommentWindow) -> None:
    """The version was closed while the window ran: store that moment as its end, say why."""
    version = window.version
    if version.closed_at > window.opens_at:
        # A window that never opened keeps its dates (the end must stay after the start).
        window.closes_at = version.closed_at
    window.closing_recorded_at = timezone.now()
    window._change_reason = version.get_closed_reason_display()
    window.save(update_fields=["closes_at", "closing_recorded_at"])
    record_event(
        kind="comment_window_closed",
        summary=CLOSED_BY_VERSION[version.closed_reason]
        % {
            "number": version.number,
            "group": version.draft.committee.name,
            "stage": version.draft.stage.number,
            "until": date_text(version.closed_at),
        },
        subject=version,
        public=True,
        url=_comment_page(version),
        data={"window": window.pk, "reason": version.closed_reason},
    )


def coming_window_moments(now: datetime.datetime) -> list[datetime.datetime]:
    """The next moment a window opens and the next one it closes by its dates (one query):
    pages showing windows change then without a write (lip.pagecache.register_clock)."""
    moments = CommentWindow.objects.aggregate(
        opens=Min("opens_at", filter=Q(opens_at__gt=now)),
        closes=Min("closes_at", filter=Q(closes_at__gt=now)),
    )
    return [moment for moment in moments.values() if moment is not None]


def end_window_of_closed_version(*, version: DraftVersion, **_kwargs) -> None:
    """The version was decided on or superseded (``etappen.signals.version_closed``): its
    open window ends now, in the same transaction, with a process event that says why.

    A window that had already ended by its own date is left to ``record_elapsed_windows``.
    """
    window = CommentWindow.objects.filter(version_id=version.pk).only("pk").first()
    if window is None:
        return
    window = _lock_window(window)
    if window.closing_recorded_at is None and window.closed_by_version:
        _record_closing_by_version(window)


def record_elapsed_windows(*, now: datetime.datetime | None = None) -> int:
    """Record one 'comment period ended' event per window that has ended (run by cron).

    A window ends at its own end, or earlier when its version is decided on or superseded
    (DraftVersion.closed_at). Such a window counts as closed from that moment everywhere
    (CommentWindow.is_open); this job then stores the moment as its end, so the records agree,
    and records why it ended. Each window is locked and checked on its own, so two runs at once
    record it once.
    """
    now = now or timezone.now()
    count = 0
    pending = CommentWindow.objects.filter(closing_recorded_at__isnull=True).filter(
        Q(closes_at__lte=now) | Q(version__closed_at__isnull=False)
    )
    for pk in pending.values_list("pk", flat=True):
        with transaction.atomic():
            window = _lock_window(CommentWindow(pk=pk))
            if window.closing_recorded_at is not None or not window.has_closed(now):
                continue
            if window.closed_by_version:
                _record_closing_by_version(window)
            else:
                window.closing_recorded_at = now
                window.save(update_fields=["closing_recorded_at"])
                _record_closing(window, by=None)
            count += 1
    return count
