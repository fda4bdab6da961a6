"""The calendar file that goes with a meeting mail: an iTIP invitation (RFC 5546).

Planned and moved meetings are sent as ``METHOD:REQUEST``, cancelled ones as ``METHOD:CANCEL``.
The UID stays the same for the life of a meeting and SEQUENCE grows with every change
(``Meeting.sequence``), so a calendar program replaces the entry it holds instead of adding a
second one. The UID is the one the public calendar (/kalender.ics, beteiligung/calendar.py)
gives the meeting, so both describe one entry.

No ATTENDEE lines: the same file goes to every member, and no mail may show another person's
address (docs/benachrichtigungen.md).
"""

from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, vCalAddress
from icalendar import Event as CalendarEvent

from .models import Meeting

PRODID = "-//Landeshauptstadt Hannover//LIP-Plattform//DE"
UID_DOMAIN = "lip-plattform.hannover-stadt.de"
ORGANIZER_NAME = "Landeshauptstadt Hannover, OE 50.6"

REQUEST = "REQUEST"
CANCEL = "CANCEL"


def meeting_uid(meeting: Meeting) -> str:
    """Stable for the meeting's whole life; the same as in the public calendar feed."""
    return f"gremien-meeting-{meeting.pk}@{UID_DOMAIN}"


def meeting_invitation(meeting: Meeting, *, method: str, url: str) -> str:
    """The iCalendar text of the meeting for its members, as planned, moved or cancelled."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    component = CalendarEvent()
    component.add("uid", meeting_uid(meeting))
    component.add("sequence", meeting.sequence)
    component.add("dtstamp", timezone.now())
    component.add("summary", f"{meeting.title} ({meeting.committee.name})")
    component.add("dtstart", timezone.localtime(meeting.start))
    if meeting.end:
        component.add("dtend", timezone.localtime(meeting.end))
    if meeting.location:
        component.add("location", meeting.location)
    if meeting.notes:
        component.add("description", meeting.notes)
    component.add("url", url)
    organizer = vCalAddress(f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
    organizer.params["cn"] = ORGANIZER_NAME
    component.add("organizer", organizer)
    component.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    calendar.add_component(component)
    calendar.add_missing_timezones()
    return calendar.to_ical().decode()
