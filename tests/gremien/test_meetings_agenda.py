"""Meetings prepared and recorded in the product: planning, agenda, attendance, minutes, the page.

OE 50.6 does it for every body, a Dezernat for the expert groups it leads; everyone else gets
403 (a meeting they may see) or 404 (one they may not), and nothing changes.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from gremien.models import AgendaItem, Attendance, Committee, Meeting, Membership, Minutes
from gremien.services import (
    add_agenda_item,
    mark_meeting_held,
    move_agenda_item,
    publish_minutes,
    record_attendance,
    remove_agenda_item,
    save_minutes,
)
from lip.models import ProcessEvent
from tests.etappen.factories import DraftFactory, DraftVersionFactory
from tests.factories import (
    DepartmentFactory,
    ExpertGroupFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.now() - datetime.timedelta(days=1)


@dataclass
class World:
    group: Committee
    other_group: Committee
    meeting: Meeting  # the group's internal meeting, yesterday
    members: list[Membership]
    users: dict


@pytest.fixture
def world(office_user, department_user):
    iv, v = DepartmentFactory(short_name="IV"), DepartmentFactory(short_name="V")
    group = ExpertGroupFactory(name="Bildung", slug="bildung")
    group.lead_departments.add(iv)
    other_group = ExpertGroupFactory(name="Wirtschaft", slug="wirtschaft")
    other_group.lead_departments.add(v)
    member_account = UserFactory(username="mitglied")
    members = [
        MembershipFactory(
            committee=group, role="intern", person=PersonFactory(user=member_account)
        ),
        MembershipFactory(committee=group, role="extern"),
        MembershipFactory(committee=group, role="extern"),
    ]
    meeting = Meeting.objects.create(
        committee=group, title="3. Sitzung Bildung", start=YESTERDAY, location="Rathaus"
    )
    users = {
        "anonymous": None,
        "citizen": UserFactory(username="buergerin"),
        "member": member_account,
        "own_department": department_user(iv, username="dezernat4"),
        "other_department": department_user(v, username="dezernat5"),
        "office": office_user,
    }
    return World(group, other_group, meeting, members, users)


def login(client, user):
    if user is not None:
        client.force_login(user)


def page(response) -> str:
    return response.content.decode()


def meeting_url(meeting, name="meeting-detail", **kwargs):
    return reverse(
        f"gremien:{name}", kwargs={"slug": meeting.committee.slug, "pk": meeting.pk, **kwargs}
    )


# --- who may do what ---------------------------------------------------------------------------

# An internal meeting: outsiders see nothing of it (404), the members see it but change nothing.
MANAGE_STATUS = {
    "citizen": 404,
    "member": 403,
    "other_department": 404,
    "own_department": 200,
    "office": 200,
}


@pytest.mark.parametrize("actor", MANAGE_STATUS)
@pytest.mark.parametrize("name", ["agenda", "attendance", "minutes", "meeting-schedule"])
def test_the_pages_that_change_a_meeting(client, world, actor, name):
    login(client, world.users[actor])

    response = client.get(meeting_url(world.meeting, name))

    assert response.status_code == MANAGE_STATUS[actor]


@pytest.mark.parametrize("name", ["agenda", "attendance", "minutes", "meeting-schedule"])
def test_anonymous_visitors_are_sent_to_sign_in(client, world, name):
    response = client.get(meeting_url(world.meeting, name))

    assert response.status_code == 302
    assert "/konto/anmelden/" in response["Location"]


@pytest.mark.parametrize(
    ("actor", "status"),
    [("citizen", 404), ("other_department", 404), ("member", 403), ("own_department", 302)],
)
def test_only_the_planners_change_the_agenda(client, world, actor, status):
    login(client, world.users[actor])

    response = client.post(meeting_url(world.meeting, "agenda"), {"title": "Zeitplan"})

    assert response.status_code == status
    assert AgendaItem.objects.exists() == (status == 302)


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        ("anonymous", 302),
        ("citizen", 403),
        ("member", 403),
        ("other_department", 403),
        ("own_department", 302),
        ("office", 302),
    ],
)
def test_the_lead_department_and_the_office_plan_the_groups_meetings(
    client, world, actor, status, django_capture_on_commit_callbacks
):
    login(client, world.users[actor])
    start = timezone.localtime() + datetime.timedelta(days=14)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("gremien:meeting-create", kwargs={"slug": world.group.slug}),
            {
                "title": "Klausurtagung Bildung",
                "kind": Meeting.Kind.RETREAT,
                "start": start.strftime("%Y-%m-%dT%H:%M"),
                "location": "Freizeitheim Linden",
            },
        )

    assert response.status_code == status
    planned = Meeting.objects.filter(title="Klausurtagung Bildung")
    if actor in {"own_department", "office"}:
        meeting = planned.get()
        assert response["Location"] == meeting_url(meeting, "agenda")
        assert meeting.kind == Meeting.Kind.RETREAT
        # The members were invited with a calendar file (the existing planning service).
        assert len(mail.outbox) == 3  # each of the three members
        assert all(message.attachments[0][0].endswith(".ics") for message in mail.outbox)
        assert ProcessEvent.objects.filter(kind="meeting_planned").count() == 1
    else:
        assert not planned.exists()
        assert not mail.outbox


def test_a_department_plans_no_meeting_of_the_steering_group(client, world):
    steering = ExpertGroupFactory(kind="lenkungsgruppe", slug="lenkungsgruppe", scheme=False)
    login(client, world.users["own_department"])

    response = client.get(reverse("gremien:meeting-create", kwargs={"slug": steering.slug}))

    assert response.status_code == 403


def test_planning_with_bad_input_says_why_in_german(client, world):
    login(client, world.users["office"])

    response = client.post(
        reverse("gremien:meeting-create", kwargs={"slug": world.group.slug}),
        {"title": "", "kind": "sitzung", "start": "2031-03-12T18:00", "end": "2031-03-12T17:00"},
    )

    assert response.status_code == 400
    html = page(response)
    assert "Bitte geben Sie einen Titel ein." in html
    assert "Das Ende darf nicht vor dem Beginn liegen." in html
    assert Meeting.objects.count() == 1


# --- the agenda --------------------------------------------------------------------------------


def test_agenda_items_with_a_version_of_the_groups_draft(client, world):
    version = DraftVersionFactory(draft=DraftFactory(committee=world.group))
    foreign = DraftVersionFactory(draft=DraftFactory(committee=world.other_group))
    login(client, world.users["own_department"])
    url = meeting_url(world.meeting, "agenda")

    form = page(client.get(url))
    assert f'value="{version.pk}"' in form
    assert f'value="{foreign.pk}"' not in form

    client.post(url, {"title": "Begrüßung"})
    client.post(url, {"title": "Entwurf beraten", "text": "Mit Vorlage", "version": version.pk})
    refused = client.post(url, {"title": "Fremder Entwurf", "version": foreign.pk})

    assert refused.status_code == 400
    assert "Bitte wählen Sie eine Fassung aus der Liste." in page(refused)
    items = list(world.meeting.agenda_items.values_list("position", "title", "version"))
    assert items == [(1, "Begrüßung", None), (2, "Entwurf beraten", version.pk)]
    history = AgendaItem.history.filter(title="Entwurf beraten").get()
    assert history.history_user == world.users["own_department"]


def test_an_empty_title_changes_nothing(client, world):
    login(client, world.users["office"])

    response = client.post(meeting_url(world.meeting, "agenda"), {"title": "   ", "text": "x"})

    assert response.status_code == 400
    assert "Bitte geben Sie den Titel des Tagesordnungspunkts an." in page(response)
    assert not AgendaItem.objects.exists()


def test_items_move_and_removal_closes_the_gap(world):
    office = world.users["office"]
    first, _second, third = (
        add_agenda_item(meeting=world.meeting, title=title, by=office)
        for title in ("Eins", "Zwei", "Drei")
    )

    move_agenda_item(item=third, up=True, by=office)
    with pytest.raises(ValidationError, match="bereits der erste"):
        move_agenda_item(item=first, up=True, by=office)
    remove_agenda_item(item=first, by=office)

    assert list(world.meeting.agenda_items.values_list("position", "title")) == [
        (1, "Drei"),
        (2, "Zwei"),
    ]
    assert AgendaItem.history.filter(title="Eins", history_type="-").exists()


def test_the_agenda_buttons_work_through_the_pages(client, world):
    office = world.users["office"]
    first = add_agenda_item(meeting=world.meeting, title="Eins", by=office)
    second = add_agenda_item(meeting=world.meeting, title="Zwei", by=office)
    login(client, office)

    client.post(
        meeting_url(world.meeting, "agenda-item-move", item_pk=second.pk), {"direction": "up"}
    )
    client.post(
        meeting_url(world.meeting, "agenda-item-edit", item_pk=first.pk),
        {"title": "Eins, geändert", "text": ""},
    )
    client.post(meeting_url(world.meeting, "agenda-item-remove", item_pk=second.pk))

    assert list(world.meeting.agenda_items.values_list("position", "title")) == [
        (1, "Eins, geändert")
    ]


def test_a_cancelled_meeting_takes_no_agenda_changes(world):
    Meeting.objects.filter(pk=world.meeting.pk).update(status=Meeting.Status.CANCELLED)

    with pytest.raises(ValidationError, match="abgesagt"):
        add_agenda_item(meeting=world.meeting, title="Zu spät", by=world.users["office"])
    assert not AgendaItem.objects.exists()


# --- attendance --------------------------------------------------------------------------------


def test_attendance_from_the_checklist(client, world):
    login(client, world.users["own_department"])
    url = meeting_url(world.meeting, "attendance")
    ada, ben, cem = (m.person for m in world.members)
    form = page(client.get(url))
    assert ada.full_name in form and f'name="person-{cem.pk}"' in form

    response = client.post(
        url,
        {
            f"person-{ada.pk}": "anwesend",
            f"person-{ben.pk}": "entschuldigt",
            f"person-{cem.pk}": "abwesend",
        },
    )

    assert response.status_code == 302
    assert dict(Attendance.objects.values_list("person", "status")) == {
        ada.pk: "anwesend",
        ben.pk: "entschuldigt",
        cem.pk: "abwesend",
    }
    event = ProcessEvent.objects.get(kind="meeting_attendance_recorded")
    assert not event.is_public


def test_attendance_with_a_missing_choice_changes_nothing(client, world):
    login(client, world.users["office"])
    ada = world.members[0].person

    response = client.post(meeting_url(world.meeting, "attendance"), {f"person-{ada.pk}": "da"})

    assert response.status_code == 400
    assert "Bitte wählen Sie anwesend, entschuldigt oder abwesend." in page(response)
    assert not Attendance.objects.exists()


def test_attendance_waits_for_the_meeting_and_knows_only_members(world):
    office = world.users["office"]
    outsider = PersonFactory()
    future = Meeting.objects.create(
        committee=world.group, title="Später", start=timezone.now() + datetime.timedelta(days=3)
    )

    with pytest.raises(ValidationError, match="sobald die Sitzung begonnen hat"):
        record_attendance(meeting=future, statuses={}, by=office)
    with pytest.raises(ValidationError, match="kein Mitglied"):
        record_attendance(meeting=world.meeting, statuses={outsider.pk: "anwesend"}, by=office)
    assert not Attendance.objects.exists()


# --- minutes -----------------------------------------------------------------------------------


def minutes_post(client, meeting, text, action, revision=0, **extra):
    return client.post(
        meeting_url(meeting, "minutes"),
        {"text": text, "action": action, "revision": revision, **extra},
    )


def test_minutes_from_draft_to_internal_to_published(client, world):
    meeting = world.meeting
    Meeting.objects.filter(pk=meeting.pk).update(is_public=True)
    office = world.users["office"]
    login(client, office)

    minutes_post(client, meeting, "TOP 1: Begrüßung", "entwurf")
    client.logout()
    assert "TOP 1: Begrüßung" not in page(client.get(meeting_url(meeting)))

    login(client, office)
    minutes_post(client, meeting, "TOP 1: Begrüßung\n\nTOP 2: Zeitplan", "intern", revision=1)
    client.logout()
    public = page(client.get(meeting_url(meeting)))
    assert "TOP 2: Zeitplan" not in public
    login(client, world.users["member"])
    assert "TOP 2: Zeitplan" in page(client.get(meeting_url(meeting)))

    # Publishing asks first and publishes nothing until confirmed; the meeting must be held.
    login(client, office)
    mark_meeting_held(meeting=meeting, by=office)
    asked = minutes_post(client, meeting, "TOP 1–2 beraten.", "veroeffentlichen", revision=2)
    assert asked.status_code == 200
    assert "Protokoll veröffentlichen" in page(asked)
    assert Minutes.objects.get().status == Minutes.Status.INTERNAL

    done = minutes_post(
        client, meeting, "TOP 1–2 beraten.", "veroeffentlichen", revision=2, confirmed="1"
    )
    assert done.status_code == 302
    minutes = Minutes.objects.get()
    assert (minutes.status, minutes.text) == (Minutes.Status.PUBLISHED, "TOP 1–2 beraten.")
    assert minutes.published_at is not None
    client.logout()
    assert "TOP 1–2 beraten." in page(client.get(meeting_url(meeting)))
    event = ProcessEvent.objects.get(kind="meeting_minutes_published")
    assert event.is_public
    assert minutes.history.count() == 3


def test_internal_minutes_of_an_internal_meeting_stay_hidden(client, world):
    office = world.users["office"]
    save_minutes(meeting=world.meeting, text="Vertraulich", status="intern", revision=0, by=office)

    anonymous = client.get(meeting_url(world.meeting))
    login(client, world.users["citizen"])
    citizen = client.get(meeting_url(world.meeting))
    login(client, world.users["other_department"])
    other = client.get(meeting_url(world.meeting))

    assert anonymous.status_code == 302 and "/konto/anmelden/" in anonymous["Location"]
    assert citizen.status_code == 404
    assert other.status_code == 404


def test_published_minutes_open_an_internal_meeting_to_everyone(client, world):
    office = world.users["office"]
    mark_meeting_held(meeting=world.meeting, by=office)
    publish_minutes(meeting=world.meeting, text="Ergebnisse", revision=0, by=office)

    response = client.get(meeting_url(world.meeting))

    assert response.status_code == 200
    assert "Ergebnisse" in page(response)


def test_published_minutes_are_not_changed_any_more(client, world):
    office = world.users["office"]
    mark_meeting_held(meeting=world.meeting, by=office)
    publish_minutes(meeting=world.meeting, text="Endfassung", revision=0, by=office)
    login(client, office)

    response = minutes_post(client, world.meeting, "Nachträglich", "entwurf", revision=1)

    assert response.status_code == 400
    assert "kann nicht mehr geändert werden" in page(response)
    assert Minutes.objects.get().text == "Endfassung"


def test_publishing_needs_a_held_meeting_and_a_text(world):
    office = world.users["office"]

    with pytest.raises(ValidationError, match="als stattgefunden"):
        publish_minutes(meeting=world.meeting, text="Text", revision=0, by=office)
    mark_meeting_held(meeting=world.meeting, by=office)
    with pytest.raises(ValidationError, match="leeres Protokoll"):
        publish_minutes(meeting=world.meeting, text="  ", revision=0, by=office)
    assert not Minutes.objects.exists()


def test_a_save_from_an_older_page_does_not_overwrite(client, world):
    office = world.users["office"]
    save_minutes(meeting=world.meeting, text="Von Ada", status="entwurf", revision=0, by=office)
    login(client, world.users["own_department"])

    response = minutes_post(client, world.meeting, "Von Ben", "entwurf", revision=0)

    assert response.status_code == 409
    html = page(response)
    assert "Jemand anderes hat das Protokoll gespeichert" in html
    assert "Von Ada" in html and "Von Ben" in html
    assert Minutes.objects.get().text == "Von Ada"


def test_minutes_wait_for_the_meeting(world):
    future = Meeting.objects.create(
        committee=world.group, title="Später", start=timezone.now() + datetime.timedelta(days=3)
    )

    with pytest.raises(ValidationError, match="sobald die Sitzung begonnen hat"):
        save_minutes(meeting=future, text="x", status="entwurf", revision=0, by=None)


# --- moving and cancelling through the pages ---------------------------------------------------


def test_move_and_cancel_go_through_the_services(client, world, django_capture_on_commit_callbacks):
    meeting = Meeting.objects.create(
        committee=world.group,
        title="Nächste Sitzung",
        start=timezone.now() + datetime.timedelta(days=7),
    )
    new_start = timezone.localtime(meeting.start + datetime.timedelta(days=1))
    login(client, world.users["own_department"])

    with django_capture_on_commit_callbacks(execute=True):
        moved = client.post(
            meeting_url(meeting, "meeting-schedule"),
            {"start": new_start.strftime("%Y-%m-%dT%H:%M"), "location": "Online"},
        )
        unconfirmed = client.post(meeting_url(meeting, "meeting-cancel"), {})
        cancelled = client.post(meeting_url(meeting, "meeting-cancel"), {"confirm": "on"})

    meeting.refresh_from_db()
    assert moved.status_code == 302
    assert unconfirmed.status_code == 400
    assert "Bitte bestätigen Sie die Absage." in page(unconfirmed)
    assert cancelled.status_code == 302
    assert (meeting.location, meeting.status, meeting.sequence) == ("Online", "abgesagt", 2)
    subjects = [message.subject.split(":")[0] for message in mail.outbox]
    assert subjects == ["Sitzung verlegt"] * 3 + ["Sitzung abgesagt"] * 3


def test_a_future_meeting_is_not_marked_held(client, world):
    meeting = Meeting.objects.create(
        committee=world.group, title="Später", start=timezone.now() + datetime.timedelta(days=7)
    )
    login(client, world.users["office"])

    client.post(meeting_url(meeting, "meeting-held"))

    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED


# --- the meeting page --------------------------------------------------------------------------


def test_a_public_meeting_shows_its_agenda_to_everyone(client, world):
    Meeting.objects.filter(pk=world.meeting.pk).update(is_public=True)
    add_agenda_item(meeting=world.meeting, title="Zeitplan der Etappe 1", by=world.users["office"])

    response = client.get(meeting_url(world.meeting))

    assert response.status_code == 200
    html = page(response)
    assert "Zeitplan der Etappe 1" in html
    assert meeting_url(world.meeting, "agenda") not in html  # no editing links for visitors
    # The committee page links to it.
    assert meeting_url(world.meeting) in page(client.get(world.group.get_absolute_url()))


def test_the_committee_page_links_internal_meetings_only_for_insiders(client, world):
    anonymous = page(client.get(world.group.get_absolute_url()))
    login(client, world.users["member"])
    member = page(client.get(world.group.get_absolute_url()))

    assert "3. Sitzung Bildung" in anonymous
    assert meeting_url(world.meeting) not in anonymous
    assert meeting_url(world.meeting) in member


def test_outsiders_see_no_names_of_attendees(client, world):
    Meeting.objects.filter(pk=world.meeting.pk).update(is_public=True)
    ada = world.members[0].person
    record_attendance(
        meeting=world.meeting, statuses={ada.pk: "anwesend"}, by=world.users["office"]
    )

    public = page(client.get(meeting_url(world.meeting)))
    login(client, world.users["member"])
    member = page(client.get(meeting_url(world.meeting)))

    assert "1 Mitglied anwesend." in public and ada.full_name not in public
    assert ada.full_name in member


def fill(meeting, size, office, draft):
    for number in range(size):
        add_agenda_item(
            meeting=meeting,
            title=f"Punkt {number}",
            version=DraftVersionFactory(draft=draft),
            by=office,
        )
        person = MembershipFactory(committee=meeting.committee, role="extern").person
        Attendance.objects.create(meeting=meeting, person=person, status="anwesend")


@pytest.mark.parametrize("actor", ["anonymous", "member", "office"])
def test_the_meeting_page_runs_a_fixed_number_of_queries(
    client, world, actor, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    office = world.users["office"]
    small = world.meeting
    large = Meeting.objects.create(committee=world.group, title="Groß", start=YESTERDAY)
    Meeting.objects.filter(pk__in=[small.pk, large.pk]).update(is_public=True)
    draft = DraftFactory(committee=world.group)
    fill(small, 1, office, draft)
    fill(large, 12, office, draft)
    for meeting in (small, large):
        mark_meeting_held(meeting=meeting, by=office)
        publish_minutes(meeting=meeting, text="Protokoll", revision=0, by=office)
    login(client, world.users[actor])

    counts = []
    for meeting in (small, large):
        # The second request: the first after a login also reads the person's roles and
        # memberships into the cache (lip/roles.py), whatever the page.
        client.get(meeting_url(meeting))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(meeting_url(meeting)).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
    with django_assert_max_num_queries(20):
        client.get(meeting_url(large))


@pytest.mark.parametrize(
    "actor", ["anonymous", "citizen", "member", "own_department", "other_department", "office"]
)
def test_the_group_page_decides_as_the_single_permissions_do(world, actor):
    from django.contrib.auth.models import AnonymousUser

    from gremien.permissions import (
        can_plan_meetings,
        can_propose_scope_change,
        can_see_demographics,
        committee_page_rights,
        meeting_rights,
    )

    user = world.users[actor] or AnonymousUser()
    rights = committee_page_rights(user, world.group)

    assert rights.propose_scope_change == can_propose_scope_change(user, world.group)
    assert rights.see_demographics == can_see_demographics(user)
    assert rights.plan_meetings == can_plan_meetings(user, world.group)
    assert rights.meeting_insider == meeting_rights(user, world.meeting).insider
    assert rights.plan_meetings == (actor in {"own_department", "office"})
