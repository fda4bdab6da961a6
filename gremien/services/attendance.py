"""Who attended a meeting: recorded from a checklist of the members on the meeting's day."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lip.events import record_event
from lip.history import as_history_user

from ..models import Attendance, Meeting, Membership
from ..quorum import Quorum, meeting_quorum
from .agenda import lock_meeting


def attendance_members(meeting: Meeting) -> list[Membership]:
    """The members on the meeting's day of the host body and of the bodies taking part, each
    person once (the host's membership first). One query."""
    day = timezone.localdate(meeting.start)
    memberships = (
        Membership.objects.current(day)
        .filter(Q(committee=meeting.committee_id) | Q(committee__joint_meetings=meeting.pk))
        .select_related("person", "organization", "committee")
        .order_by("person__family_name", "person__given_name", "person_id", "pk")
    )
    chosen: dict[int, Membership] = {}
    for membership in memberships:
        known = chosen.get(membership.person_id)
        if known is None or (
            membership.committee_id == meeting.committee_id
            and known.committee_id != meeting.committee_id
        ):
            chosen[membership.person_id] = membership
    return list(chosen.values())


@transaction.atomic
def record_attendance(*, meeting: Meeting, statuses: Mapping[int, str], by) -> Quorum:
    """Record for each member (by person id) whether they were present, excused or absent.

    Members not named keep what was recorded. Refused while the meeting has not begun, and if a
    decision of this meeting relies on a quorum the new attendance would no longer give.
    """
    meeting = lock_meeting(meeting)
    if not meeting.has_started:
        raise ValidationError(_("Attendance can be recorded once the meeting has begun."))
    if any(status not in Attendance.Status.values for status in statuses.values()):
        raise ValidationError(_("Please choose present, excused or absent for each member."))
    members = {m.person_id: m for m in attendance_members(meeting)}
    if set(statuses) - set(members):
        raise ValidationError(
            _("The list names a person who was not a member on the day of the meeting.")
        )
    existing = {a.person_id: a for a in Attendance.objects.filter(meeting=meeting)}
    changed = 0
    for person_id, status in statuses.items():
        attendance = existing.get(person_id)
        if attendance is None:
            attendance = Attendance(
                meeting=meeting,
                person_id=person_id,
                membership=members[person_id],
                status=status,
            )
        elif attendance.status == status:
            continue
        else:
            attendance.status = status
            attendance.membership = members[person_id]
        as_history_user(attendance, by).save()
        existing[person_id] = attendance
        changed += 1
    quorum = meeting_quorum(meeting, existing.values())
    if meeting.decisions.exists() and not quorum.quorate:
        raise ValidationError(
            _(
                "Decisions of this meeting have been recorded; with this attendance the body "
                "would not have been quorate (%(summary)s). Please check the list."
            )
            % {"summary": quorum.summary}
        )
    if changed:
        record_event(
            kind="meeting_attendance_recorded",
            summary=_("%(body)s: attendance at %(title)s recorded (%(present)s present).")
            % {
                "body": meeting.committee.name,
                "title": meeting.title,
                "present": quorum.persons_present,
            },
            subject=meeting,
            by=by,
            public=False,
            url=meeting.get_absolute_url(),
            data={
                "votes_present": quorum.votes_present,
                "votes_total": quorum.votes_total,
                "quorate": quorum.quorate,
            },
        )
    return quorum
