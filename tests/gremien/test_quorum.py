"""Beschlussfähigkeit of the Lenkungsgruppe, counted on its real seat scheme (fixtures/structure).

The document: 24 seats, 23 votes, because the Fachbereich Soziales "hat eine gemeinsame Stimme
mit der vorsitzenden Sport- und Sozialdezernentin". Quorate (our rule, docs/gremien.md): more
than half of the 23 votes present, i.e. 12.
"""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from gremien.models import Attendance, Committee, Meeting, Role, SeatRule
from gremien.quorum import meeting_quorum
from tests.factories import CommitteeFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

PRESENT = Attendance.Status.PRESENT


@pytest.fixture
def steering():
    """The Lenkungsgruppe of the structure fixture, every seat filled: {seat label: [persons]}."""
    call_command("loaddata", "structure", verbosity=0)
    committee = Committee.objects.get(slug="lenkungsgruppe")
    seated = {}
    for rule in SeatRule.objects.filter(committee=committee).select_related("organization"):
        seated[rule.display_label] = [
            MembershipFactory(
                committee=committee,
                person=PersonFactory(),
                role=rule.role,
                organization=rule.organization,
            ).person
            for _seat in range(rule.max_count)
        ]
    return committee, seated


def meeting_of(committee) -> Meeting:
    return Meeting.objects.create(
        committee=committee,
        title="Sitzung der Lenkungsgruppe",
        start=timezone.now() - datetime.timedelta(hours=2),
    )


def attend(meeting, persons, status=PRESENT):
    for person in persons:
        Attendance.objects.create(meeting=meeting, person=person, status=status)


def chair_and_soziales(seated):
    [chair] = seated["Vorsitz (Dezernentin Dez. III)"]
    [soziales] = seated["Fachbereich Soziales"]
    return chair, soziales


def others(seated, count):
    """Persons of seats that have a vote of their own, other than chair and Soziales."""
    skip = {"Vorsitz (Dezernentin Dez. III)", "Fachbereich Soziales"}
    persons = [p for label, people in seated.items() if label not in skip for p in people]
    return persons[:count]


def test_the_structure_gives_24_seats_and_23_votes(steering):
    committee, seated = steering
    meeting = meeting_of(committee)
    attend(meeting, [p for people in seated.values() for p in people])

    quorum = meeting_quorum(meeting)

    assert sum(len(people) for people in seated.values()) == 24
    assert (quorum.votes_present, quorum.votes_total, quorum.votes_needed) == (23, 23, 12)
    assert quorum.persons_present == 24
    assert quorum.quorate


def test_chair_and_soziales_both_present_are_one_vote(steering):
    committee, seated = steering
    meeting = meeting_of(committee)
    attend(meeting, chair_and_soziales(seated))

    quorum = meeting_quorum(meeting)

    assert quorum.persons_present == 2
    assert quorum.votes_present == 1


@pytest.mark.parametrize("who", ["chair", "soziales"])
def test_either_of_them_alone_carries_the_shared_vote(steering, who):
    committee, seated = steering
    chair, soziales = chair_and_soziales(seated)
    meeting = meeting_of(committee)
    attend(meeting, [chair if who == "chair" else soziales])

    assert meeting_quorum(meeting).votes_present == 1


def test_quorum_with_the_shared_vote_counted_once(steering):
    """Acceptance: 12 persons with chair and Soziales are 11 votes, not quorate; one more is."""
    committee, seated = steering
    meeting = meeting_of(committee)
    attend(meeting, [*chair_and_soziales(seated), *others(seated, 10)])

    short = meeting_quorum(meeting)

    assert (short.persons_present, short.votes_present) == (12, 11)
    assert not short.quorate
    assert "nicht beschlussfähig" in short.summary

    attend(meeting, others(seated, 11)[10:])
    enough = meeting_quorum(meeting)

    assert (enough.persons_present, enough.votes_present) == (13, 12)
    assert enough.quorate
    assert enough.summary == "12 von 23 Stimmen anwesend: beschlussfähig"
    assert "mindestens 12 von 23 Stimmen" in enough.rule
    assert "Vorsitz und Fachbereich Soziales" in enough.rule


def test_excused_and_absent_members_do_not_count(steering):
    committee, seated = steering
    meeting = meeting_of(committee)
    attend(meeting, others(seated, 11))
    attend(meeting, chair_and_soziales(seated), status=Attendance.Status.EXCUSED)
    attend(meeting, others(seated, 15)[11:], status=Attendance.Status.ABSENT)

    quorum = meeting_quorum(meeting)

    assert quorum.votes_present == 11
    assert not quorum.quorate


def test_a_member_without_voting_right_fills_no_vote(steering):
    committee, seated = steering
    meeting = meeting_of(committee)
    present = others(seated, 12)
    committee.memberships.filter(person=present[0]).update(has_vote=False)
    attend(meeting, present)

    quorum = meeting_quorum(meeting)

    assert quorum.votes_present == 11
    assert not quorum.quorate


def test_members_count_as_on_the_day_of_the_meeting(steering):
    """A member who left before the meeting held no seat that day."""
    committee, seated = steering
    meeting = meeting_of(committee)
    present = others(seated, 12)
    committee.memberships.filter(person=present[0]).update(
        end_date=timezone.localdate() - datetime.timedelta(days=30)
    )
    attend(meeting, present)

    assert meeting_quorum(meeting).votes_present == 11


def test_without_attendance_nothing_is_quorate(steering):
    committee, _seated = steering
    quorum = meeting_quorum(meeting_of(committee))

    assert not quorum.recorded
    assert not quorum.quorate
    assert quorum.votes_total == 23


def test_a_body_without_scheme_counts_its_voting_members():
    body = CommitteeFactory()
    members = [MembershipFactory(committee=body, role=Role.MEMBER).person for _ in range(5)]
    MembershipFactory(committee=body, role=Role.MEMBER, has_vote=False)
    meeting = meeting_of(body)
    attend(meeting, members[:3])

    quorum = meeting_quorum(meeting)

    assert (quorum.votes_present, quorum.votes_total, quorum.votes_needed) == (3, 5, 3)
    assert quorum.quorate
    assert not quorum.shared_vote


def test_the_count_runs_a_fixed_number_of_queries(steering, django_assert_num_queries):
    committee, seated = steering
    meeting = Meeting.objects.select_related("committee").get(pk=meeting_of(committee).pk)
    attend(meeting, [p for people in seated.values() for p in people])

    with django_assert_num_queries(3):
        meeting_quorum(meeting)


def test_the_demo_meeting_was_quorate_and_every_group_has_its_chair(settings, client):
    from gremien.services import chairs

    settings.DEBUG = True  # seed_demo refuses to run otherwise
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    meeting = Meeting.objects.select_related("committee").get(pk=1001)

    quorum = meeting_quorum(meeting)

    # 17 present, chair and Soziales among them: 16 votes of 23.
    assert (quorum.persons_present, quorum.votes_present, quorum.votes_total) == (17, 16, 23)
    assert quorum.quorate
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Zeitplan der Etappen 1 und 2" in html and "TOP 4: Verschiedenes" in html
    named = {row.committee.slug: row.public_name for row in chairs() if row.membership}
    assert named == {
        "soziales": "Fatou Diallo",
        "demokratie": "Ahmad Rahimi",
        "stadtleben-und-kultur": "Carmen Ruiz Ortega",
        "bildung": "Thi Lan Nguyen",
        "stadtverwaltung-und-diversitaet": "Katrin Sommer",
        "wirtschaft": "Amani Tesfaye",
    }
