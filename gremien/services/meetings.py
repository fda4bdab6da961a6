"""Steps of a meeting: planned, moved, held or cancelled, each recorded in the event log.

Planning, moving and cancelling also tell the members of the body (and of the bodies taking
part) by mail, with a calendar file; held is only recorded. Each mail's cause names the meeting
and its ``sequence``, so a retried request never mails twice, but every new move does.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from lip.events import record_event
from lip.history import as_history_user
from lip.notifications import Kind, Recipient, notify

from ..calendar import CANCEL, REQUEST, meeting_invitation
from ..models import Committee, Meeting, Membership
from ._common import tidy

PLANNED = "planned"
MOVED = "moved"
CANCELLED = "cancelled"


def _when(value: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


def member_recipients(committees: Iterable[Committee]) -> list[Recipient]:
    """The current members of the bodies, each once: their account's address, else their own.

    A member with an account gets the mail as that account (its settings on /konto/ count);
    inactive accounts get nothing. One query.
    """
    memberships = (
        Membership.objects.current()
        .filter(committee__in=[committee.pk for committee in committees])
        .select_related("person__user")
        .order_by("person_id")
    )
    recipients = []
    seen = set()
    for membership in memberships:
        person = membership.person
        if person.pk in seen:
            continue
        seen.add(person.pk)
        user = person.user
        if user is not None:
            if user.is_active and (user.email or person.email):
                recipients.append(
                    Recipient(
                        email=user.email or person.email, name=person.full_name, user_id=user.pk
                    )
                )
        elif person.email:
            recipients.append(Recipient(email=person.email, name=person.full_name))
    return recipients


def _is_upcoming(meeting: Meeting) -> bool:
    # A meeting entered afterwards for the record (or moved into the past) invites nobody.
    return (meeting.end or meeting.start) >= timezone.now()


def _notify_members(
    *,
    meeting: Meeting,
    change: str,
    previous: dict | None = None,
    bodies: Iterable[Committee] | None = None,
) -> int:
    """Mail the members the meeting as planned, moved or cancelled, with the calendar file."""
    if not _is_upcoming(meeting):
        return 0
    if bodies is None:
        bodies = [meeting.committee, *meeting.participants.all()]
    link = meeting.get_absolute_url()
    # The mail is German whatever language the request that caused it was in.
    with translation.override("de"):
        values = {
            "title": meeting.title,
            "body": meeting.committee.name,
            "date": _when(meeting.start),
        }
        if change == PLANNED:
            subject = _("Meeting planned: %(title)s (%(body)s) on %(date)s") % values
        elif change == MOVED:
            subject = _("Meeting moved: %(title)s (%(body)s), now on %(date)s") % values
        else:
            subject = _("Meeting cancelled: %(title)s (%(body)s) on %(date)s") % values
    return notify(
        kind=Kind.MEETING,
        cause=f"meeting:{meeting.pk}:{meeting.sequence}",
        recipients=member_recipients(bodies),
        subject=subject,
        template="meeting",
        context={"meeting": meeting, "change": change, "previous": previous or {}},
        link=link,
        ics=meeting_invitation(
            meeting, method=CANCEL if change == CANCELLED else REQUEST, url=link
        ),
    )


def _check_times(start: datetime.datetime, end: datetime.datetime | None) -> None:
    if end is not None and end < start:
        raise ValidationError(_("The end must not be before the start."))


@transaction.atomic
def plan_meeting(
    *,
    committee: Committee,
    title: str,
    start: datetime.datetime,
    end: datetime.datetime | None = None,
    location: str = "",
    kind: str = Meeting.Kind.MEETING,
    is_public: bool = False,
    notes: str = "",
    participants: Iterable[Committee] = (),
    by,
) -> Meeting:
    """Plan a meeting and invite the members of the body and of the bodies taking part."""
    title = tidy(title)
    if not title:
        raise ValidationError(_("Please enter a title."))
    _check_times(start, end)
    meeting = Meeting(
        committee=committee,
        kind=kind,
        title=title,
        start=start,
        end=end,
        location=tidy(location),
        is_public=is_public,
        notes=tidy(notes),
    )
    as_history_user(meeting, by).save()
    participants = [body for body in participants if body.pk != committee.pk]
    meeting.participants.set(participants)
    record_event(
        kind="meeting_planned",
        summary=_("%(body)s: %(title)s is planned for %(date)s.")
        % {"body": committee.name, "title": meeting.title, "date": _when(meeting.start)},
        subject=meeting,
        by=by,
        public=meeting.is_public,
        url=meeting.get_absolute_url(),
        data={"sequence": meeting.sequence},
    )
    _notify_members(meeting=meeting, change=PLANNED, bodies=[committee, *participants])
    return meeting


def _lock_planned(meeting: Meeting) -> Meeting:
    meeting = Meeting.objects.select_for_update().select_related("committee").get(pk=meeting.pk)
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(
            _("This meeting is already %(status)s.") % {"status": meeting.get_status_display()}
        )
    return meeting


@transaction.atomic
def move_meeting(
    *,
    meeting: Meeting,
    start: datetime.datetime,
    end: datetime.datetime | None,
    location: str,
    by,
) -> Meeting:
    """Give a planned meeting a new date, time or place; the members get the new invitation."""
    meeting = _lock_planned(meeting)
    location = tidy(location)
    _check_times(start, end)
    if (meeting.start, meeting.end, meeting.location) == (start, end, location):
        raise ValidationError(_("Date, time and place of the meeting are unchanged."))
    previous = {"start": meeting.start, "end": meeting.end, "location": meeting.location}
    meeting.start, meeting.end, meeting.location = start, end, location
    meeting.sequence += 1
    as_history_user(meeting, by).save(update_fields=["start", "end", "location", "sequence"])
    record_event(
        kind="meeting_moved",
        summary=_("%(body)s: %(title)s has been moved to %(date)s.")
        % {"body": meeting.committee.name, "title": meeting.title, "date": _when(meeting.start)},
        subject=meeting,
        by=by,
        public=meeting.is_public,
        url=meeting.get_absolute_url(),
        data={"sequence": meeting.sequence},
    )
    _notify_members(meeting=meeting, change=MOVED, previous=previous)
    return meeting


def _set_meeting_status(*, meeting: Meeting, status: str, kind: str, summary: str, by) -> Meeting:
    meeting = _lock_planned(meeting)
    meeting.status = status
    update_fields = ["status"]
    if status == Meeting.Status.CANCELLED:
        meeting.sequence += 1  # the cancellation replaces the invitation in the calendars
        update_fields.append("sequence")
    as_history_user(meeting, by).save(update_fields=update_fields)
    record_event(
        kind=kind,
        summary=summary % {"title": meeting.title, "body": meeting.committee.name},
        subject=meeting,
        by=by,
        public=meeting.is_public,
        url=meeting.get_absolute_url(),
        data={"sequence": meeting.sequence},
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
    """Record that a planned meeting was cancelled and tell the members."""
    meeting = _set_meeting_status(
        meeting=meeting,
        status=Meeting.Status.CANCELLED,
        kind="meeting_cancelled",
        summary=_("%(body)s: %(title)s was cancelled."),
        by=by,
    )
    _notify_members(meeting=meeting, change=CANCELLED)
    return meeting
