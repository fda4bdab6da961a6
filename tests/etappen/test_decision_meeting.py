"""A decision names the steering group's meeting that took it, or circulation (Umlaufverfahren).

With the meeting's attendance recorded, the meeting must have been quorate; the draft page, the
meeting page and the process log say where the decision was taken.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from etappen.models import Decision
from etappen.services import Votes, accept_draft, return_draft_for_revision, submit_draft
from gremien.models import Attendance, Meeting
from gremien.services import record_attendance
from lip.models import ProcessEvent
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

REASON = "Die Sitzung lag vor dem Ende der Frist."


def today_at(hour: int) -> datetime.datetime:
    """A moment of today, never in the future (so the meeting has begun)."""
    moment = timezone.localtime().replace(hour=hour, minute=0, second=0, microsecond=0)
    return min(moment, timezone.localtime() - datetime.timedelta(seconds=1))


@pytest.fixture
def version(draft, member):
    return submit_draft(draft=draft, by=member)


@pytest.fixture
def steering_members(bodies):
    """The five voting members of the test steering group (three votes are a quorum)."""
    return [MembershipFactory(committee=bodies.steering, role="mitglied") for _ in range(5)]


@pytest.fixture
def meeting(bodies):
    return Meeting.objects.create(
        committee=bodies.steering,
        title="5. Sitzung der Lenkungsgruppe",
        start=today_at(0),
        status=Meeting.Status.HELD,
    )


def attend(meeting, members, office, present: int):
    statuses = {
        m.person_id: "anwesend" if number < present else "entschuldigt"
        for number, m in enumerate(members)
    }
    return record_attendance(meeting=meeting, statuses=statuses, by=office)


def record(client, version, **data):
    return client.post(
        reverse("etappen:decision-record", kwargs={"pk": version.pk}),
        {
            "outcome": Decision.Outcome.REVISION,
            "requirements": "Beispiele ergänzen",
            "pending_override_reason": REASON,
            "confirmed": "1",
            **data,
        },
    )


def test_the_form_offers_the_steering_groups_meetings_and_circulation(
    client, version, meeting, bodies, office
):
    later = Meeting.objects.create(
        committee=bodies.steering,
        title="Künftige Sitzung",
        start=timezone.now() + datetime.timedelta(days=3),
    )
    cancelled = Meeting.objects.create(
        committee=bodies.steering,
        title="Abgesagte Sitzung",
        start=today_at(0),
        status=Meeting.Status.CANCELLED,
    )
    other = Meeting.objects.create(committee=bodies.councils[0], title="Beirat", start=today_at(0))
    client.force_login(office)

    html = client.get(reverse("etappen:decision-form", kwargs={"pk": version.pk})).content.decode()

    assert 'value="umlaufverfahren"' in html and "im Umlaufverfahren" in html
    assert f'value="{meeting.pk}"' in html and "5. Sitzung der Lenkungsgruppe" in html
    for absent in (later, cancelled, other):
        assert f'<option value="{absent.pk}"' not in html


def test_a_decision_in_a_quorate_meeting_names_it_everywhere(
    client, version, meeting, steering_members, office
):
    attend(meeting, steering_members, office, present=3)
    client.force_login(office)

    # The date may stay empty: the day of the meeting is taken.
    response = record(client, version, meeting=meeting.pk, decided_on="")

    assert response.status_code == 302
    decision = Decision.objects.get()
    assert (decision.procedure, decision.meeting) == (Decision.Procedure.MEETING, meeting)
    assert decision.decided_on == timezone.localdate(meeting.start)
    event = ProcessEvent.objects.get(kind="draft_returned")
    assert "Beschlossen in der Sitzung „5. Sitzung der Lenkungsgruppe“." in event.summary
    assert event.data["meeting"] == meeting.pk
    draft_page = client.get(version.draft.get_absolute_url()).content.decode()
    assert "Beschlossen in der Sitzung" in draft_page
    assert meeting.get_absolute_url() in draft_page
    meeting_page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Beschlüsse dieser Sitzung" in meeting_page
    assert version.get_absolute_url() in meeting_page


def test_a_decision_by_circulation_is_recorded_as_such(client, version, office):
    client.force_login(office)

    response = record(
        client, version, meeting="umlaufverfahren", decided_on=timezone.localdate().isoformat()
    )

    assert response.status_code == 302
    decision = Decision.objects.get()
    assert (decision.procedure, decision.meeting) == (Decision.Procedure.CIRCULATION, None)
    event = ProcessEvent.objects.get(kind="draft_returned")
    assert event.summary.endswith("Beschlossen im Umlaufverfahren.")
    draft_page = client.get(version.draft.get_absolute_url()).content.decode()
    assert "Beschlossen im Umlaufverfahren." in draft_page


def test_without_a_choice_nothing_is_recorded(client, version, office):
    client.force_login(office)

    response = record(client, version, decided_on=timezone.localdate().isoformat())

    assert response.status_code == 400
    assert "Bitte wählen Sie die Sitzung, in der die Lenkungsgruppe beschlossen hat" in (
        response.content.decode()
    )
    assert not Decision.objects.exists()


def test_a_meeting_of_another_body_is_refused(client, version, bodies, office):
    beirat = Meeting.objects.create(
        committee=bodies.councils[0], title="Beiratssitzung", start=today_at(0)
    )
    client.force_login(office)

    response = record(client, version, meeting=beirat.pk)

    assert response.status_code == 400
    assert "Bitte wählen Sie eine Sitzung der Lenkungsgruppe aus der Liste." in (
        response.content.decode()
    )
    assert not Decision.objects.exists()
    # The service says the same to any other caller.
    with pytest.raises(ValidationError, match="keine Sitzung der Lenkungsgruppe"):
        accept_draft(
            version=version,
            decided_on=timezone.localdate(),
            pending_override_reason=REASON,
            procedure=Decision.Procedure.MEETING,
            meeting=beirat,
            by=office,
        )


def test_a_meeting_that_was_not_quorate_is_refused(
    client, version, meeting, steering_members, office
):
    attend(meeting, steering_members, office, present=2)
    client.force_login(office)

    response = record(client, version, meeting=meeting.pk)

    assert response.status_code == 400
    html = response.content.decode()
    assert "nicht beschlussfähig" in html
    assert "2 von 5 Stimmen waren anwesend, nötig sind 3" in html
    assert not Decision.objects.exists()


def test_without_recorded_attendance_the_meeting_is_taken_at_its_word(
    client, version, meeting, steering_members, office
):
    client.force_login(office)

    response = record(client, version, meeting=meeting.pk)

    assert response.status_code == 302
    assert Decision.objects.get().meeting == meeting


def test_the_date_must_be_the_day_of_the_meeting(client, version, meeting, office):
    client.force_login(office)
    Meeting.objects.filter(pk=meeting.pk).update(start=meeting.start - datetime.timedelta(days=2))

    response = record(
        client, version, meeting=meeting.pk, decided_on=timezone.localdate().isoformat()
    )

    assert response.status_code == 400
    assert "Das Datum des Beschlusses muss der Tag der Sitzung sein" in response.content.decode()
    assert not Decision.objects.exists()


def test_more_votes_than_were_present_are_refused(version, meeting, steering_members, office):
    attend(meeting, steering_members, office, present=3)

    with pytest.raises(ValidationError, match="anwesend waren aber nur 3 Stimmen"):
        return_draft_for_revision(
            version=version,
            decided_on=timezone.localdate(meeting.start),
            requirements=["Beispiele ergänzen"],
            votes=Votes(3, 1, 0),
            pending_override_reason=REASON,
            procedure=Decision.Procedure.MEETING,
            meeting=meeting,
            by=office,
        )
    assert not Decision.objects.exists()


def test_a_cancelled_meeting_took_no_decision(version, bodies, office):
    cancelled = Meeting.objects.create(
        committee=bodies.steering,
        title="Abgesagt",
        start=today_at(0),
        status=Meeting.Status.CANCELLED,
    )

    with pytest.raises(ValidationError, match="abgesagt"):
        accept_draft(
            version=version,
            decided_on=timezone.localdate(),
            pending_override_reason=REASON,
            procedure=Decision.Procedure.MEETING,
            meeting=cancelled,
            by=office,
        )


def test_attendance_cannot_undo_the_quorum_of_a_recorded_decision(
    client, version, meeting, steering_members, office
):
    attend(meeting, steering_members, office, present=3)
    client.force_login(office)
    assert record(client, version, meeting=meeting.pk).status_code == 302

    with pytest.raises(ValidationError, match="nicht beschlussfähig gewesen"):
        attend(meeting, steering_members, office, present=2)
    assert Attendance.objects.filter(status="anwesend").count() == 3


def test_the_database_ties_the_meeting_to_the_procedure(version, meeting, office):
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(
            version=version,
            outcome=Decision.Outcome.ACCEPTED,
            decided_on=timezone.localdate(),
            procedure=Decision.Procedure.CIRCULATION,
            meeting=meeting,
            recorded_by=office,
        )
