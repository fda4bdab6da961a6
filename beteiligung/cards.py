"""What a person can do now: comment windows with their comment counts, events with their places.

The start page and /beteiligung/ show both as cards (templates/beteiligung/_window_card.html,
_event_card.html). Each function is one query whatever the number of windows, comments, events
or registrations: the counts are computed in the same query.
"""

import datetime

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import CommentWindow, Contribution, Event
from .permissions import visible_events


def _published_comments():
    """The published comments of the window's version, as the version page counts them: a
    reply counts while the comment it answers is published too."""
    return (
        Contribution.objects.comments()
        .published()
        .filter(version_id=OuterRef("version_id"))
        .filter(Q(parent__isnull=True) | Q(parent__status=Contribution.Status.PUBLISHED))
        .order_by()
        .values("version_id")
        .annotate(count=Count("pk"))
        .values("count")
    )


def windows_with_counts(windows: QuerySet[CommentWindow] | None = None) -> QuerySet:
    """Comment windows with their version, group and stage, and ``comment_count``."""
    windows = CommentWindow.objects.all() if windows is None else windows
    return windows.select_related("version__draft__committee", "version__draft__stage").annotate(
        comment_count=Coalesce(
            Subquery(_published_comments(), output_field=IntegerField()), Value(0)
        )
    )


def open_windows(now: datetime.datetime | None = None) -> list[CommentWindow]:
    """The windows taking comments now, the one closing first first."""
    return list(windows_with_counts(CommentWindow.objects.open(now)).order_by("closes_at", "pk"))


def next_window(now: datetime.datetime | None = None) -> CommentWindow | None:
    """The next window to open, for "the next chance to comment is on …"."""
    now = now or timezone.now()
    return (
        CommentWindow.objects.filter(opens_at__gt=now, version__closed_at__isnull=True)
        .select_related("version__draft__committee", "version__draft__stage")
        .order_by("opens_at", "pk")
        .first()
    )


def upcoming_events(
    events: QuerySet[Event], *, limit: int | None = None, today: datetime.date | None = None
) -> list[Event]:
    """The events that have not ended, soonest first, with their confirmed registrations
    counted for ``Event.registration_state``."""
    events = events.upcoming(today).with_places_taken().order_by("starts_on", "start_time", "pk")
    return list(events[:limit] if limit else events)


def visible_upcoming_events(user) -> list[Event]:
    """/beteiligung/: every published event the user may see, cancelled ones too (marked)."""
    return upcoming_events(visible_events(user, Event.objects.published()))


def next_public_events(limit: int) -> list[Event]:
    """The start page: the next public events that take place."""
    return upcoming_events(
        Event.objects.public().exclude(status=Event.Status.CANCELLED), limit=limit
    )
