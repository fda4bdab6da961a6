"""The minutes (Protokoll) of a meeting: written as a draft, kept internal, then published.

Two people may write at once: each save names the revision it started from, and a save from an
older revision is refused instead of silently overwriting the other person's text.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lip.attachments.models import Attachment
from lip.attachments.services import attach, attachments_of, remove
from lip.events import record_event
from lip.history import as_history_user

from ..models import Meeting, Minutes
from ._common import tidy
from .agenda import lock_meeting

# The states a save may leave the minutes in; publishing has its own function.
SAVE_STATUSES = {Minutes.Status.DRAFT, Minutes.Status.INTERNAL}


class StaleMinutes(ValidationError):
    """Someone else saved the minutes after this form was opened."""


def _lock_minutes(meeting: Meeting, revision: int) -> Minutes:
    meeting = lock_meeting(meeting)
    if not meeting.has_started:
        raise ValidationError(_("Minutes can be written once the meeting has begun."))
    # The meeting row is locked, so no second request creates the minutes meanwhile.
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    if minutes is None:
        minutes = Minutes(meeting=meeting)
    minutes.meeting = meeting
    if minutes.status == Minutes.Status.PUBLISHED:
        raise ValidationError(
            _("The minutes have been published; they cannot be changed any more.")
        )
    if minutes.revision != revision:
        raise StaleMinutes(
            _(
                "Someone else has saved the minutes since you opened this page. Your text is "
                "still in the form; the saved text is shown below it. Please combine both and "
                "save again."
            )
        )
    return minutes


@transaction.atomic
def save_minutes(*, meeting: Meeting, text: str, status: str, revision: int, by) -> Minutes:
    """Save the text, as a draft (only the writers read it) or internal (the members read it)."""
    if status not in SAVE_STATUSES:
        raise ValidationError(_("Please choose whether the minutes stay a draft or are internal."))
    minutes = _lock_minutes(meeting, revision)
    text = tidy(text)
    released = status == Minutes.Status.INTERNAL and minutes.status != status
    minutes.text, minutes.status, minutes.written_by = text, status, by
    minutes.revision += 1
    as_history_user(minutes, by).save()
    if released:
        record_event(
            kind="meeting_minutes_internal",
            summary=_("%(body)s: the minutes of %(title)s are available to the members.")
            % {"body": minutes.meeting.committee.name, "title": minutes.meeting.title},
            subject=minutes.meeting,
            by=by,
            public=False,
            url=minutes.get_absolute_url(),
        )
    return minutes


@transaction.atomic
def publish_minutes(*, meeting: Meeting, text: str, revision: int, by) -> Minutes:
    """Publish the minutes of a meeting that took place: from now on everyone reads them, and
    they are not changed any more."""
    minutes = _lock_minutes(meeting, revision)
    if minutes.meeting.status != Meeting.Status.HELD:
        raise ValidationError(_("Mark the meeting as held before publishing its minutes."))
    text = tidy(text)
    if not text:
        raise ValidationError(_("Empty minutes cannot be published."))
    minutes.text, minutes.written_by = text, by
    minutes.status = Minutes.Status.PUBLISHED
    minutes.published_at = timezone.now()
    minutes.revision += 1
    as_history_user(minutes, by).save()
    record_event(
        kind="meeting_minutes_published",
        summary=_("%(body)s: the minutes of %(title)s have been published.")
        % {"body": minutes.meeting.committee.name, "title": minutes.meeting.title},
        subject=minutes.meeting,
        by=by,
        public=True,
        url=minutes.get_absolute_url(),
    )
    return minutes


def _minutes_taking_files(meeting: Meeting, by) -> Minutes:
    """The minutes, locked, for a change of their files: created as an empty draft if nobody
    has written yet. The text and its revision stay as they are, so that a form opened
    meanwhile still saves."""
    meeting = lock_meeting(meeting)
    if not meeting.has_started:
        raise ValidationError(_("Minutes can be written once the meeting has begun."))
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    if minutes is None:
        minutes = as_history_user(Minutes(meeting=meeting), by)
        minutes.save()
    minutes.meeting = meeting
    if minutes.status == Minutes.Status.PUBLISHED:
        raise ValidationError(
            _("The minutes have been published; their files cannot be changed any more.")
        )
    return minutes


@transaction.atomic
def attach_minutes_file(*, meeting: Meeting, uploaded_file, by) -> Attachment:
    """Attach a file to the minutes (checked by content and size in lip.attachments). Until
    the minutes are published the file is read by whoever reads the minutes in their state."""
    minutes = _minutes_taking_files(meeting, by)
    return attach(obj=minutes, uploaded_file=uploaded_file, by=by)


@transaction.atomic
def remove_minutes_file(*, meeting: Meeting, attachment: Attachment, by) -> None:
    """Take a file off the minutes, as long as they are not published."""
    minutes = _minutes_taking_files(meeting, by)
    if attachment not in attachments_of(minutes):
        raise ValidationError(_("This file does not belong to these minutes."))
    remove(attachment=attachment, by=by)
