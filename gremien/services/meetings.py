"""Steps of a meeting: held or cancelled, each recorded in the event log."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lip.events import record_event
from lip.history import as_history_user

from ..models import Meeting


def _set_meeting_status(*, meeting: Meeting, status: str, kind: str, summary: str, by) -> Meeting:
    meeting = Meeting.objects.select_for_update().select_related("committee").get(pk=meeting.pk)
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(
            _("This meeting is already %(status)s.") % {"status": meeting.get_status_display()}
        )
    meeting.status = status
    as_history_user(meeting, by).save(update_fields=["status"])
    record_event(
        kind=kind,
        summary=summary % {"title": meeting.title, "body": meeting.committee.name},
        subject=meeting,
        by=by,
        public=meeting.is_public,
        url=meeting.committee.get_absolute_url(),
    )
    return meeting


@transaction.atomic
def mark_meeting_held(*, meeting: Meeting, by) -> Meeting:
    """Record that a planned meeting took place."""
    return _set_meeting_status(
        meeting=meeting,
        status=Meeting.Status.HELD,
        kind="meeting_held",
        summary=_("%(body)s: %(title)s took place."),
        by=by,
    )


@transaction.atomic
def cancel_meeting(*, meeting: Meeting, by) -> Meeting:
    """Record that a planned meeting was cancelled."""
    return _set_meeting_status(
        meeting=meeting,
        status=Meeting.Status.CANCELLED,
        kind="meeting_cancelled",
        summary=_("%(body)s: %(title)s was cancelled."),
        by=by,
    )
