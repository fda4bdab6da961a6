"""iCalendar files: one per event, and the feed of all public dates (/kalender.ics)."""

import datetime
import zoneinfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from gremien.models import Meeting

from .models import Event

PRODID = "-//Landeshauptstadt Hannover//LIP-Plattform//DE"
UID_DOMAIN = "lip-plattform.hannover-stadt.de"


def new_calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def _local(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(day, time, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


def event_component(event: Event, *, url: str) -> CalendarEvent:
    """An event: with times as local date-times, without them as whole days."""
    component = CalendarEvent()
    component.add("uid", f"beteiligung-event-{event.pk}@{UID_DOMAIN}")
    component.add("dtstamp", event.published_at or event.created_at)
    component.add("summary", event.title)
    if event.start_time is None:
        component.add("dtstart", event.starts_on)
        # DTEND of whole days is exclusive: the day after the last day.
        component.add("dtend", event.last_day + datetime.timedelta(days=1))
    else:
        component.add("dtstart", _local(event.starts_on, event.start_time))
        if event.end_time is not None:
            component.add("dtend", _local(event.last_day, event.end_time))
    component.add("location", event.location)
    if event.description:
        component.add("description", event.description)
    component.add("url", url)
    component.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    return component


def meeting_component(meeting: Meeting, *, url: str) -> CalendarEvent:
    component = CalendarEvent()
    component.add("uid", f"gremien-meeting-{meeting.pk}@{UID_DOMAIN}")
    component.add("dtstamp", meeting.start)
    component.add("summary", f"{meeting.title} ({meeting.committee.name})")
    component.add("dtstart", timezone.localtime(meeting.start))
    if meeting.end:
        component.add("dtend", timezone.localtime(meeting.end))
    if meeting.location:
        component.add("location", meeting.location)
    component.add("url", url)
    status = "CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED"
    component.add("status", status)
    return component


def to_ics(calendar: Calendar) -> bytes:
    calendar.add_missing_timezones()
    return calendar.to_ical()


def event_calendar(event: Event, *, url: str) -> bytes:
    calendar = new_calendar(event.title)
    calendar.add_component(event_component(event, url=url))
    return to_ics(calendar)


def public_calendar(*, name: str, site_url: str) -> bytes:
    """All public dates: published public events and public meetings of the bodies."""
    calendar = new_calendar(name)
    for event in Event.objects.public().order_by("starts_on", "pk"):
        calendar.add_component(
            event_component(event, url=site_url.rstrip("/") + event.get_absolute_url())
        )
    meetings = Meeting.objects.filter(is_public=True).select_related("committee").order_by("start")
    for meeting in meetings:
        calendar.add_component(
            meeting_component(
                meeting, url=site_url.rstrip("/") + meeting.committee.get_absolute_url()
            )
        )
    return to_ics(calendar)
