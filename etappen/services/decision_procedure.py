"""Where the steering group took a decision: in one of its meetings, or by circulation.

A meeting must be the steering group's, on the day of the decision, not cancelled and, once its
attendance is recorded, quorate (gremien/quorum.py); the votes entered cannot exceed the votes
present. A decision by circulation (Umlaufverfahren) names no meeting.
"""

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from gremien.models import Committee, Meeting
from gremien.quorum import Quorum, meeting_quorum

from ..models import Decision

if TYPE_CHECKING:
    from .decisions import Votes


def check_procedure(
    procedure: str, meeting: Meeting | None, decided_on: datetime.date, votes: "Votes | None"
) -> Quorum | None:
    """A decision names its meeting, which must be the steering group's, on the same day, not
    cancelled and, once its attendance is recorded, quorate; or it was taken by circulation."""
    if procedure not in Decision.Procedure.values:
        raise ValidationError(
            _("Please choose the meeting in which the steering group decided, or circulation."),
            code="procedure",
        )
    if procedure != Decision.Procedure.MEETING:
        if meeting is not None:
            raise ValidationError(
                _("A decision by circulation is not taken in a meeting."), code="procedure"
            )
        return None
    if meeting is None:
        raise ValidationError(
            _("Please choose the meeting in which the steering group decided."), code="procedure"
        )
    if meeting.committee.kind != Committee.Kind.STEERING_GROUP:
        raise ValidationError(
            _("The meeting “%(title)s” is not a meeting of the steering group.")
            % {"title": meeting.title},
            code="procedure",
        )
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(
            _("The meeting “%(title)s” was cancelled; no decision was taken there.")
            % {"title": meeting.title},
            code="procedure",
        )
    day = timezone.localdate(meeting.start)
    if decided_on != day:
        raise ValidationError(
            _("The date of the decision must be the day of the meeting (%(date)s).")
            % {"date": formats.date_format(day, "SHORT_DATE_FORMAT")},
            code="procedure",
        )
    quorum = meeting_quorum(meeting)
    if not quorum.recorded:
        return None
    if not quorum.quorate:
        raise ValidationError(
            _(
                "The steering group was not quorate in the meeting “%(title)s”: %(present)s of "
                "%(total)s votes were present, %(needed)s are needed. Check the attendance or "
                "record the decision by circulation."
            )
            % {
                "title": meeting.title,
                "present": quorum.votes_present,
                "total": quorum.votes_total,
                "needed": quorum.votes_needed,
            },
            code="quorum",
        )
    if votes is not None and votes.total > quorum.votes_present:
        raise ValidationError(
            _("%(total)s votes were entered, but only %(present)s votes were present.")
            % {"total": votes.total, "present": quorum.votes_present},
            code="votes",
        )
    return quorum


def lock_meeting(meeting: Meeting | None) -> Meeting | None:
    """Lock the meeting: its attendance (and with it the quorum) cannot change meanwhile
    (gremien.services.record_attendance locks the same row)."""
    if meeting is None:
        return None
    return Meeting.objects.select_for_update().select_related("committee").get(pk=meeting.pk)
