"""Services of gremien: every rule and edge."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from gremien import services
from gremien.models import Membership, Nomination, Person, ScopeChange, Subtopic
from tests.factories import (
    ExpertGroupFactory,
    MembershipFactory,
    NominationFactory,
    OrganizationFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

START = datetime.date(2020, 1, 1)


@pytest.fixture
def actor():
    return UserFactory()


def test_create_person_keeps_demographics_only_with_consent(actor):
    with pytest.raises(ValidationError):
        services.create_person(given_name="Ada", family_name="Yilmaz", gender="weiblich", by=actor)
    assert not Person.objects.exists()

    person = services.create_person(
        given_name=" Ada ",
        family_name="Yilmaz",
        gender="weiblich",
        international_history=True,
        demographics_consent=True,
        by=actor,
    )

    assert person.given_name == "Ada"
    assert person.demographics_consent_at is not None
    assert person.history.get().history_user == actor


def test_create_person_needs_a_name(actor):
    with pytest.raises(ValidationError):
        services.create_person(given_name=" ", family_name="Yilmaz", by=actor)
    assert not Person.objects.exists()


def test_add_membership_takes_the_persons_organisation(actor):
    group = ExpertGroupFactory()
    organization = OrganizationFactory()
    person = PersonFactory(organization=organization)

    membership = services.add_membership(
        committee=group, person=person, role="extern", start_date=START, by=actor
    )

    assert membership.organization == organization
    assert membership.history.get().history_user == actor


def test_same_person_twice_at_the_same_time_is_refused(actor):
    group = ExpertGroupFactory()
    person = PersonFactory()
    services.add_membership(
        committee=group, person=person, role="extern", start_date=START, by=actor
    )

    with pytest.raises(ValidationError, match="bereits Mitglied"):
        services.add_membership(
            committee=group,
            person=person,
            role="intern",
            start_date=START + datetime.timedelta(days=30),
            by=actor,
        )
    assert Membership.objects.count() == 1


def test_overlapping_dated_memberships_are_refused_but_consecutive_ones_allowed(actor):
    group = ExpertGroupFactory()
    person = PersonFactory()
    services.add_membership(
        committee=group,
        person=person,
        role="extern",
        start_date=START,
        end_date=datetime.date(2020, 6, 30),
        by=actor,
    )

    with pytest.raises(ValidationError):
        services.add_membership(
            committee=group,
            person=person,
            role="extern",
            start_date=datetime.date(2020, 6, 30),
            by=actor,
        )
    services.add_membership(
        committee=group,
        person=person,
        role="extern",
        start_date=datetime.date(2020, 7, 1),
        by=actor,
    )
    assert Membership.objects.count() == 2


def test_end_before_start_is_refused(actor):
    with pytest.raises(ValidationError, match="Ende"):
        services.add_membership(
            committee=ExpertGroupFactory(),
            person=PersonFactory(),
            role="extern",
            start_date=START,
            end_date=START - datetime.timedelta(days=1),
            by=actor,
        )
    assert not Membership.objects.exists()


def test_end_membership(actor):
    membership = MembershipFactory(start_date=START)

    services.end_membership(membership=membership, end_date=datetime.date(2020, 3, 31), by=actor)

    membership.refresh_from_db()
    assert membership.end_date == datetime.date(2020, 3, 31)
    with pytest.raises(ValidationError, match="bereits beendet"):
        services.end_membership(
            membership=membership, end_date=datetime.date(2020, 4, 30), by=actor
        )
    with pytest.raises(ValidationError):
        services.end_membership(
            membership=MembershipFactory(start_date=START),
            end_date=START - datetime.timedelta(days=1),
            by=actor,
        )


def test_replacement_ends_the_old_membership_the_day_before(actor):
    group = ExpertGroupFactory()
    old = MembershipFactory(committee=group, role="extern", start_date=START, has_vote=True)
    successor = PersonFactory()

    new = services.replace_membership(
        membership=old, person=successor, start_date=datetime.date(2020, 5, 1), by=actor
    )

    old.refresh_from_db()
    assert old.end_date == datetime.date(2020, 4, 30)
    assert new.replaces == old
    assert new.role == "extern"
    assert new.person == successor
    assert new.start_date == datetime.date(2020, 5, 1)
    assert Membership.objects.current(datetime.date(2020, 5, 1)).get(committee=group) == new
    assert old.history.count() == 2  # created, ended: the history stays


def test_replacement_must_start_after_the_old_membership(actor):
    old = MembershipFactory(start_date=START)

    with pytest.raises(ValidationError):
        services.replace_membership(
            membership=old, person=PersonFactory(), start_date=START, by=actor
        )
    old.refresh_from_db()
    assert old.end_date is None
    assert Membership.objects.count() == 1


def test_accept_nomination_creates_person_and_membership(actor):
    nomination = NominationFactory(given_name="Lina", family_name="Haddad")

    membership = services.accept_nomination(nomination=nomination, start_date=START, by=actor)

    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.ACCEPTED
    assert nomination.membership == membership
    assert nomination.decided_by == actor
    assert membership.person.full_name == "Lina Haddad"
    assert membership.role == "extern"
    assert membership.committee == nomination.committee
    with pytest.raises(ValidationError, match="bereits entschieden"):
        services.accept_nomination(nomination=nomination, start_date=START, by=actor)
    assert Membership.objects.count() == 1


def test_decline_nomination_keeps_the_record(actor):
    nomination = NominationFactory()

    services.decline_nomination(nomination=nomination, reason=" passt nicht ", by=actor)

    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.DECLINED
    assert nomination.decision_note == "passt nicht"
    with pytest.raises(ValidationError):
        services.decline_nomination(nomination=nomination, by=actor)


def test_submit_nomination_records_consent_and_known_organisation():
    group = ExpertGroupFactory()
    organization = OrganizationFactory(name="Kulturverein Beispiel e.V.")

    nomination = services.submit_nomination(
        committee=group,
        organization_name="kulturverein beispiel e.v.",
        contact_name="Kim",
        contact_email="kim@example.org",
        given_name="Lina",
        family_name="Haddad",
        email="",
        expertise="Elternarbeit",
        consent=True,
    )

    assert nomination.organization == organization
    assert nomination.consent_at is not None
    assert "Expert*innengruppen" in nomination.consent_text


def test_submit_nomination_needs_consent_and_an_expert_group():
    from tests.factories import CommitteeFactory

    arguments = {
        "organization_name": "Verein",
        "contact_name": "Kim",
        "contact_email": "kim@example.org",
        "given_name": "Lina",
        "family_name": "Haddad",
        "email": "",
        "expertise": "Elternarbeit",
    }
    with pytest.raises(ValidationError):
        services.submit_nomination(committee=ExpertGroupFactory(), consent=False, **arguments)
    with pytest.raises(ValidationError):
        services.submit_nomination(committee=CommitteeFactory(), consent=True, **arguments)
    assert not Nomination.objects.exists()


@pytest.fixture
def group_with_topics():
    group = ExpertGroupFactory(name="Stadtverwaltung und Diversität")
    for position, name in enumerate(["Ausbildung", "Personalwirtschaft"], start=1):
        Subtopic.objects.create(committee=group, name=name, position=position)
    return group


def test_scope_change_runs_proposed_agreed_applied(actor, group_with_topics):
    change = services.propose_scope_change(
        committee=group_with_topics,
        new_name="Stadtverwaltung und interkulturelle Öffnung",
        new_subtopics=["Ausbildung", "Interkulturelle Öffnung", ""],
        reason="Beschluss der Gruppe",
        by=actor,
    )
    assert change.old_name == "Stadtverwaltung und Diversität"
    assert change.old_subtopics == "Ausbildung\nPersonalwirtschaft"

    with pytest.raises(ValidationError):
        services.apply_scope_change(change=change, by=actor)  # not agreed yet
    group_with_topics.refresh_from_db()
    assert group_with_topics.name == "Stadtverwaltung und Diversität"

    services.agree_scope_change(change=change, by=actor)
    services.apply_scope_change(change=change, by=actor)

    group_with_topics.refresh_from_db()
    change.refresh_from_db()
    assert group_with_topics.name == "Stadtverwaltung und interkulturelle Öffnung"
    assert list(group_with_topics.subtopics.values_list("name", flat=True)) == [
        "Ausbildung",
        "Interkulturelle Öffnung",
    ]
    assert change.status == ScopeChange.Status.APPLIED
    # The old state stays visible in the history.
    names = list(group_with_topics.history.values_list("name", flat=True))
    assert "Stadtverwaltung und Diversität" in names
    assert Subtopic.history.filter(name="Personalwirtschaft", history_type="-").exists()


def test_only_one_pending_scope_change_and_no_empty_change(actor, group_with_topics):
    with pytest.raises(ValidationError, match="ändert nichts"):
        services.propose_scope_change(
            committee=group_with_topics,
            new_name=group_with_topics.name,
            new_subtopics=["Ausbildung", "Personalwirtschaft"],
            reason="",
            by=actor,
        )
    services.propose_scope_change(
        committee=group_with_topics, new_name="Neu", new_subtopics=[], reason="", by=actor
    )
    with pytest.raises(ValidationError, match="bereits"):
        services.propose_scope_change(
            committee=group_with_topics, new_name="Anders", new_subtopics=[], reason="", by=actor
        )
    assert ScopeChange.objects.count() == 1


def test_rejected_scope_change_cannot_be_applied(actor, group_with_topics):
    change = services.propose_scope_change(
        committee=group_with_topics, new_name="Neu", new_subtopics=[], reason="", by=actor
    )
    services.reject_scope_change(change=change, by=actor)

    with pytest.raises(ValidationError):
        services.agree_scope_change(change=change, by=actor)
    with pytest.raises(ValidationError):
        services.apply_scope_change(change=change, by=actor)
    group_with_topics.refresh_from_db()
    assert group_with_topics.name == "Stadtverwaltung und Diversität"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_additions_of_one_person_create_one_membership():
    group = ExpertGroupFactory()
    person = PersonFactory()
    actor = UserFactory()
    barrier = threading.Barrier(4)
    outcomes = []

    def add():
        try:
            barrier.wait()
            services.add_membership(
                committee=group, person=person, role="extern", start_date=START, by=actor
            )
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=add) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["ok", "refused", "refused", "refused"]
    assert Membership.objects.filter(committee=group, person=person).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_acceptance_of_a_nomination_creates_one_membership():
    nomination = NominationFactory()
    actor = UserFactory()
    barrier = threading.Barrier(3)
    outcomes = []

    def accept():
        try:
            barrier.wait()
            services.accept_nomination(nomination=nomination, start_date=START, by=actor)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=accept) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["ok", "refused", "refused"]
    assert Membership.objects.count() == 1
    assert Person.objects.count() == 1


@pytest.fixture
def meeting():
    from django.utils import timezone

    from gremien.models import Meeting
    from tests.factories import CommitteeFactory

    return Meeting.objects.create(
        committee=CommitteeFactory(name="Lenkungsgruppe"),
        title="2. Sitzung",
        start=timezone.now(),
        is_public=True,
    )


def test_meeting_held_writes_exactly_one_public_event(actor, meeting):
    from gremien.models import Meeting
    from lip.models import ProcessEvent

    services.mark_meeting_held(meeting=meeting, by=actor)

    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    event = ProcessEvent.objects.get()
    assert (event.kind, event.subject, event.actor, event.is_public) == (
        "meeting_held",
        meeting,
        actor,
        True,
    )
    assert "2. Sitzung" in event.summary
    with pytest.raises(ValidationError):
        services.cancel_meeting(meeting=meeting, by=actor)
    assert ProcessEvent.objects.count() == 1


def test_internal_meeting_cancelled_writes_one_internal_event(actor, meeting):
    from gremien.models import Meeting
    from lip.models import ProcessEvent

    meeting.is_public = False
    meeting.save()

    services.cancel_meeting(meeting=meeting, by=actor)

    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    assert ProcessEvent.objects.get().is_public is False
