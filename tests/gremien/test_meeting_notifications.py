"""Meetings planned, moved and cancelled: the services, the admin, the mails and their .ics."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from gremien.calendar import meeting_uid
from gremien.models import Meeting
from gremien.services import cancel_meeting, mark_meeting_held, move_meeting, plan_meeting
from lip.models import Notification, ProcessEvent
from lip.notifications import Kind, Mode, set_preferences
from tests.factories import CommitteeFactory, MembershipFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
START = datetime.datetime(2031, 3, 12, 17, 0, tzinfo=BERLIN)
END = datetime.datetime(2031, 3, 12, 19, 30, tzinfo=BERLIN)
SITE = "https://lip.example.org"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def body(db):
    """The Lenkungsgruppe with members of every kind: who gets the mail and who does not."""
    body = CommitteeFactory(name="Lenkungsgruppe", slug="lenkungsgruppe", kind="lenkungsgruppe")
    ada = UserFactory(email="ada@example.org", first_name="Ada", last_name="Account")
    MembershipFactory(committee=body, person=PersonFactory(user=ada, email="privat@example.org"))
    MembershipFactory(committee=body, person=PersonFactory(email="ohne-konto@example.org"))
    MembershipFactory(committee=body, person=PersonFactory(email=""))  # no address: no mail
    gone = UserFactory(email="inaktiv@example.org", is_active=False)
    MembershipFactory(committee=body, person=PersonFactory(user=gone))
    no_account_address = UserFactory(email="")
    MembershipFactory(
        committee=body,
        person=PersonFactory(user=no_account_address, email="person-adresse@example.org"),
    )
    MembershipFactory(  # left the body
        committee=body,
        person=PersonFactory(email="ehemalig@example.org"),
        end_date=datetime.date(2020, 12, 31),
    )
    MembershipFactory(  # joins later
        committee=body,
        person=PersonFactory(email="kuenftig@example.org"),
        start_date=timezone.localdate() + datetime.timedelta(days=30),
    )
    return body


MEMBERS = ["ada@example.org", "ohne-konto@example.org", "person-adresse@example.org"]


def plan(body, office_user, **overrides):
    arguments = {
        "committee": body,
        "title": "5. Sitzung",
        "start": START,
        "end": END,
        "location": "Neues Rathaus, Hodlersaal",
        "notes": "TOP 1: Themenzuschnitt\nTOP 2: Zeitplan",
        "is_public": True,
        "by": office_user,
    }
    return plan_meeting(**(arguments | overrides))


def planned(body, office_user, capture):
    """A meeting planned and its invitations delivered; the outbox is empty again."""
    with capture(execute=True):
        meeting = plan(body, office_user)
    mail.outbox.clear()
    return meeting


def recipients() -> list[str]:
    return sorted(message.to[0] for message in mail.outbox)


def calendar_of(message) -> Calendar:
    [(filename, content, mimetype)] = message.attachments
    assert filename.endswith(".ics")
    assert mimetype == "text/calendar"
    return Calendar.from_ical(content)


def test_planning_mails_each_current_member_once_with_agenda_link_and_invitation(
    body, office_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = plan(body, office_user)

    assert recipients() == MEMBERS
    # The invitation links to the meeting's own page (agenda, later the minutes).
    link = f"{SITE}/gremien/lenkungsgruppe/sitzung/{meeting.pk}/"
    for message in mail.outbox:
        assert message.subject == (
            "Sitzung geplant: 5. Sitzung (Lenkungsgruppe) am 12.03.2031 17:00"
        )
        assert len(message.to) == 1 and not message.cc and not message.bcc
        others = set(MEMBERS) - set(message.to)
        assert not any(other in message.message().as_string() for other in others)
        assert link in message.body
        assert "Mittwoch, 12. März 2031, 17:00 – 19:30" in message.body
        assert "Neues Rathaus, Hodlersaal" in message.body
        assert "TOP 1: Themenzuschnitt\nTOP 2: Zeitplan" in message.body
        [(html, _mimetype)] = message.alternatives
        assert f'href="{link}"' in html
        assert "TOP 2: Zeitplan" in html
        calendar = calendar_of(message)
        assert calendar["METHOD"] == "REQUEST"
        [event] = calendar.walk("VEVENT")
        assert str(event["UID"]) == meeting_uid(meeting)
        assert str(event["UID"]) == f"gremien-meeting-{meeting.pk}@lip-plattform.hannover-stadt.de"
        assert event["SEQUENCE"] == 0
        assert event.decoded("DTSTART") == START
        assert event.decoded("DTEND") == END
        assert str(event["LOCATION"]) == "Neues Rathaus, Hodlersaal"
        assert str(event["STATUS"]) == "CONFIRMED"
        assert "ATTENDEE" not in event
    greeting = next(m for m in mail.outbox if m.to == ["ada@example.org"]).body
    assert greeting.startswith("Hallo ")  # by the person's name
    [event] = ProcessEvent.objects.all()
    assert (event.kind, event.subject, event.actor, event.is_public) == (
        "meeting_planned",
        meeting,
        office_user,
        True,
    )
    assert event.url == f"/gremien/lenkungsgruppe/sitzung/{meeting.pk}/"


def test_a_retried_notification_adds_nothing(body, office_user, django_capture_on_commit_callbacks):
    from gremien.services.meetings import PLANNED, _notify_members

    with django_capture_on_commit_callbacks(execute=True):
        meeting = plan(body, office_user)
    with django_capture_on_commit_callbacks(execute=True):
        assert _notify_members(meeting=meeting, change=PLANNED) == 0

    assert recipients() == MEMBERS
    assert Notification.objects.filter(cause=f"meeting:{meeting.pk}:0").count() == 3


def test_every_move_mails_again_with_a_higher_sequence(
    body, office_user, django_capture_on_commit_callbacks
):
    meeting = planned(body, office_user, django_capture_on_commit_callbacks)
    later = START + datetime.timedelta(days=7)

    with django_capture_on_commit_callbacks(execute=True):
        move_meeting(meeting=meeting, start=later, end=None, location="Rathaus", by=office_user)
    first_move = list(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        move_meeting(meeting=meeting, start=later, end=None, location="Bürgersaal", by=office_user)

    assert sorted(m.to[0] for m in first_move) == MEMBERS
    assert len(mail.outbox) == 2 * len(MEMBERS)
    message = first_move[0]
    assert (
        message.subject == "Sitzung verlegt: 5. Sitzung (Lenkungsgruppe), jetzt am 19.03.2031 17:00"
    )
    assert "Bisher: Mittwoch, 12. März 2031, 17:00, Neues Rathaus, Hodlersaal" in message.body
    assert "Mittwoch, 19. März 2031, 17:00" in message.body
    sequences = sorted(
        calendar_of(m).walk("VEVENT")[0]["SEQUENCE"] for m in mail.outbox if m.to == [MEMBERS[0]]
    )
    assert sequences == [1, 2]
    assert {str(calendar_of(m)["METHOD"]) for m in mail.outbox} == {"REQUEST"}
    assert {str(calendar_of(m).walk("VEVENT")[0]["UID"]) for m in mail.outbox} == {
        meeting_uid(meeting)
    }
    meeting.refresh_from_db()
    assert (meeting.sequence, meeting.location, meeting.end) == (2, "Bürgersaal", None)
    assert list(
        ProcessEvent.objects.filter(kind="meeting_moved").values_list("data__sequence", flat=True)
    ) == [2, 1]


def test_a_move_that_changes_nothing_is_refused_and_mails_nothing(
    body, office_user, django_capture_on_commit_callbacks
):
    meeting = planned(body, office_user, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        move_meeting(
            meeting=meeting,
            start=START,
            end=END,
            location="Neues Rathaus, Hodlersaal",
            by=office_user,
        )

    assert mail.outbox == []
    assert Meeting.objects.get().sequence == 0


def test_end_before_start_is_refused(body, office_user):
    with pytest.raises(ValidationError):
        plan(body, office_user, end=START - datetime.timedelta(hours=1))
    assert not Meeting.objects.exists()


def test_cancelling_sends_a_calendar_cancellation(
    body, office_user, django_capture_on_commit_callbacks
):
    meeting = planned(body, office_user, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        cancel_meeting(meeting=meeting, by=office_user)

    assert recipients() == MEMBERS
    message = mail.outbox[0]
    assert message.subject == "Sitzung abgesagt: 5. Sitzung (Lenkungsgruppe) am 12.03.2031 17:00"
    assert "abgesagt" in message.body
    calendar = calendar_of(message)
    assert calendar["METHOD"] == "CANCEL"
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == meeting_uid(meeting)
    assert event["SEQUENCE"] == 1
    assert str(event["STATUS"]) == "CANCELLED"
    with pytest.raises(ValidationError):
        move_meeting(meeting=meeting, start=START, end=None, location="", by=office_user)
    with pytest.raises(ValidationError):
        cancel_meeting(meeting=meeting, by=office_user)
    assert len(mail.outbox) == len(MEMBERS)


def test_held_is_recorded_without_mail(body, office_user, django_capture_on_commit_callbacks):
    meeting = planned(body, office_user, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        mark_meeting_held(meeting=meeting, by=office_user)

    assert mail.outbox == []
    assert ProcessEvent.objects.filter(kind="meeting_held").count() == 1


def test_a_meeting_entered_afterwards_invites_nobody(
    body, office_user, django_capture_on_commit_callbacks
):
    past = timezone.now() - datetime.timedelta(days=3)

    with django_capture_on_commit_callbacks(execute=True):
        plan(body, office_user, start=past, end=None)

    assert mail.outbox == []
    assert ProcessEvent.objects.filter(kind="meeting_planned").count() == 1


def test_members_of_participating_bodies_are_invited_too(
    body, office_user, django_capture_on_commit_callbacks
):
    group = CommitteeFactory(name="Themenfeld Bildung")
    MembershipFactory(committee=group, person=PersonFactory(email="bildung@example.org"))
    # Sits in both bodies: one mail.
    both = PersonFactory(email="beide@example.org")
    MembershipFactory(committee=group, person=both)
    MembershipFactory(committee=body, person=both)

    with django_capture_on_commit_callbacks(execute=True):
        plan(body, office_user, participants=[group])

    assert recipients() == sorted([*MEMBERS, "beide@example.org", "bildung@example.org"])


def test_a_member_who_turned_meetings_off_gets_nothing(
    body, office_user, django_capture_on_commit_callbacks
):
    ada = UserFactory._meta.model.objects.get(email="ada@example.org")
    set_preferences(user=ada, modes={Kind.MEETING: Mode.OFF})

    with django_capture_on_commit_callbacks(execute=True):
        plan(body, office_user)

    assert "ada@example.org" not in recipients()
    assert len(mail.outbox) == len(MEMBERS) - 1


# The back office: OE 50.6 plans, moves and cancels there ---------------------------------------


@pytest.fixture
def office(client, office_user):
    client.force_login(office_user)
    return client


def admin_form(body, **overrides) -> dict:
    data = {
        "committee": body.pk,
        "kind": "sitzung",
        "title": "5. Sitzung",
        "start_0": "2031-03-12",
        "start_1": "17:00",
        "end_0": "2031-03-12",
        "end_1": "19:30",
        "location": "Neues Rathaus, Hodlersaal",
        "notes": "TOP 1: Themenzuschnitt",
        "is_public": "on",
        # The inline for files (lip.attachments.admin.AttachmentInline), empty.
        "lip-attachment-owner_type-owner_id-TOTAL_FORMS": "0",
        "lip-attachment-owner_type-owner_id-INITIAL_FORMS": "0",
    }
    return data | overrides


def test_adding_a_meeting_in_the_admin_plans_it_through_the_service(
    office, body, office_user, django_capture_on_commit_callbacks
):
    group = CommitteeFactory(name="Themenfeld Bildung")
    MembershipFactory(committee=group, person=PersonFactory(email="bildung@example.org"))

    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(
            reverse("admin:gremien_meeting_add"), admin_form(body, participants=[group.pk])
        )

    assert response.status_code == 302, response.content.decode()[:3000]
    meeting = Meeting.objects.get()
    assert list(meeting.participants.all()) == [group]
    assert meeting.history.first().history_user == office_user
    assert recipients() == sorted([*MEMBERS, "bildung@example.org"])
    assert ProcessEvent.objects.get().kind == "meeting_planned"


def test_a_new_date_in_the_admin_moves_the_meeting_and_mails_again(
    office, body, office_user, django_capture_on_commit_callbacks
):
    meeting = planned(body, office_user, django_capture_on_commit_callbacks)
    url = reverse("admin:gremien_meeting_change", args=[meeting.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(
            url,
            admin_form(body, start_0="2031-03-19", end_0="2031-03-19", title="5. Sitzung (neu)"),
        )

    assert response.status_code == 302, response.content.decode()[:3000]
    meeting.refresh_from_db()
    assert meeting.title == "5. Sitzung (neu)"
    assert meeting.start == START + datetime.timedelta(days=7)
    assert meeting.sequence == 1
    assert recipients() == MEMBERS
    assert mail.outbox[0].subject.startswith("Sitzung verlegt: 5. Sitzung (neu)")
    assert ProcessEvent.objects.filter(kind="meeting_moved").count() == 1


def test_other_corrections_in_the_admin_mail_nobody(
    office, body, office_user, django_capture_on_commit_callbacks
):
    meeting = planned(body, office_user, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(
            reverse("admin:gremien_meeting_change", args=[meeting.pk]),
            admin_form(body, title="5. Sitzung der Lenkungsgruppe", notes="TOP 1: Neu"),
        )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.title, meeting.notes, meeting.sequence) == (
        "5. Sitzung der Lenkungsgruppe",
        "TOP 1: Neu",
        0,
    )
    assert mail.outbox == []
    assert not ProcessEvent.objects.filter(kind="meeting_moved").exists()


def test_the_admin_refuses_to_move_a_cancelled_meeting(
    office, body, office_user, django_capture_on_commit_callbacks
):
    meeting = planned(body, office_user, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_meeting(meeting=meeting, by=office_user)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(
            reverse("admin:gremien_meeting_change", args=[meeting.pk]),
            admin_form(body, start_0="2031-04-01", end_0="2031-04-01"),
        )

    assert response.status_code == 200
    assert "abgesagt" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.start == START
    assert mail.outbox == []


def test_the_cancel_action_tells_the_members(
    office, body, office_user, django_capture_on_commit_callbacks
):
    meeting = planned(body, office_user, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        office.post(
            reverse("admin:gremien_meeting_changelist"),
            {"action": "cancel", "_selected_action": [meeting.pk]},
        )

    assert Meeting.objects.get().status == Meeting.Status.CANCELLED
    assert recipients() == MEMBERS
    assert {str(calendar_of(m)["METHOD"]) for m in mail.outbox} == {"CANCEL"}


@pytest.mark.parametrize("who", ["anonymous", "citizen", "department"])
def test_only_the_office_plans_meetings(
    client, body, who, citizen_user, department_user, django_capture_on_commit_callbacks
):
    from tests.factories import DepartmentFactory

    if who == "citizen":
        client.force_login(citizen_user)
    elif who == "department":
        client.force_login(department_user(DepartmentFactory(), is_staff=True))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:gremien_meeting_add"), admin_form(body))

    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "login" in response.url
    assert not Meeting.objects.exists()
    assert mail.outbox == []
