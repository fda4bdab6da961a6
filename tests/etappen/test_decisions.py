"""Decisions of the steering group: Vorgaben and their follow-up, votes, outcomes per measure."""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from etappen.models import Decision, Draft, MeasureOutcome, Requirement, SectionKind
from etappen.services import (
    SectionData,
    Votes,
    accept_draft,
    add_section,
    return_draft_for_revision,
    steering_group_votes,
    submit_draft,
)
from tests.factories import MembershipFactory

from .factories import CatalogueStageFactory, DraftFactory, ExpertGroupFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def version(draft, member):
    return submit_draft(draft=draft, by=member)


def send_back(version, office, *requirements, **kwargs):
    return return_draft_for_revision(
        pending_override_reason="Die Lenkungsgruppe tagte vor Fristende.",
        version=version,
        decided_on=TODAY(),
        requirements=list(requirements),
        by=office,
        **kwargs,
    )


def test_back_for_revision_with_requirements(version, office):
    decision = send_back(version, office, "Begriffe erklären", "  ", "Leichte Sprache")

    assert decision.outcome == Decision.Outcome.REVISION
    assert [r.text for r in decision.requirements.all()] == ["Begriffe erklären", "Leichte Sprache"]
    assert [r.position for r in decision.requirements.all()] == [1, 2]
    version.draft.refresh_from_db()
    assert version.draft.state == Draft.State.REVISION


def test_back_for_revision_needs_a_requirement(version, office):
    with pytest.raises(ValidationError):
        send_back(version, office, "", " ")
    assert not Decision.objects.exists()


def test_next_version_takes_up_requirements_and_the_rest_stays_open(draft, version, member, office):
    decision = send_back(version, office, "Begriffe erklären", "Leichte Sprache")
    terms, plain = decision.requirements.all()
    open_ones = Requirement.objects.filter(decision__version__draft=draft).open()
    assert set(open_ones) == {terms, plain}

    second = submit_draft(draft=draft, addressed_requirements=[terms], by=member)

    assert second.number == 2
    assert list(second.addressed_requirements.all()) == [terms]
    assert list(terms.addressed_by.all()) == [second]
    assert list(open_ones.all()) == [plain]

    # Still open after the next round, until a version takes it up.
    send_back(second, office, "Beispiele ergänzen")
    assert set(Requirement.objects.filter(decision__version__draft=draft).open()) == {
        plain,
        Requirement.objects.get(text="Beispiele ergänzen"),
    }
    third = submit_draft(draft=draft, addressed_requirements=[plain], by=member)
    assert list(third.addressed_requirements.all()) == [plain]


def test_a_requirement_is_taken_up_only_once_and_only_by_its_draft(
    draft, version, member, office, stage, bodies
):
    terms = send_back(version, office, "Begriffe erklären").requirements.get()
    second = submit_draft(draft=draft, addressed_requirements=[terms], by=member)
    send_back(second, office, "Noch einmal")

    with pytest.raises(ValidationError):
        submit_draft(draft=draft, addressed_requirements=[terms], by=member)

    other = DraftFactory(stage=stage, committee=ExpertGroupFactory())
    add_section(draft=other, data=SectionData(heading="x"), by=member)
    with pytest.raises(ValidationError):
        submit_draft(draft=other, addressed_requirements=[terms], by=member)
    assert not other.versions.exists()


def test_accept(version, office):
    decision = accept_draft(
        pending_override_reason="Die Lenkungsgruppe tagte vor Fristende.",
        version=version,
        decided_on=TODAY(),
        votes=Votes(4, 0, 1),
        note="einstimmig",
        by=office,
    )

    assert decision.outcome == Decision.Outcome.ACCEPTED
    assert (decision.votes_yes, decision.votes_no, decision.votes_abstain) == (4, 0, 1)
    assert not decision.requirements.exists()


def test_steering_group_votes_come_from_its_scheme(bodies):
    assert steering_group_votes(bodies.steering) == 5


def test_without_scheme_the_voting_members_count(bodies):
    bodies.steering.seat_rules.all().delete()
    MembershipFactory(committee=bodies.steering)
    MembershipFactory(committee=bodies.steering)
    MembershipFactory(committee=bodies.steering, has_vote=False)

    assert steering_group_votes(bodies.steering) == 2


@pytest.mark.parametrize("votes", [Votes(6, 0, 0), Votes(3, 2, 1), Votes(0, 0, 6)])
def test_more_votes_than_the_body_has_are_refused(version, office, votes):
    with pytest.raises(ValidationError) as refused:
        accept_draft(
            pending_override_reason="Die Lenkungsgruppe tagte vor Fristende.",
            version=version,
            decided_on=TODAY(),
            votes=votes,
            by=office,
        )
    assert refused.value.code == "votes"
    assert not Decision.objects.exists()
    version.draft.refresh_from_db()
    assert version.draft.state == Draft.State.SUBMITTED


def test_all_votes_of_the_body_are_fine(version, office):
    send_back(version, office, "x", votes=Votes(1, 3, 1))
    assert Decision.objects.get().votes_no == 3


def test_acceptance_needs_more_yes_than_no(version, office):
    with pytest.raises(ValidationError):
        accept_draft(
            pending_override_reason="Die Lenkungsgruppe tagte vor Fristende.",
            version=version,
            decided_on=TODAY(),
            votes=Votes(2, 2, 1),
            by=office,
        )


def test_decision_date_cannot_be_in_the_future(version, office):
    with pytest.raises(ValidationError):
        accept_draft(
            pending_override_reason="Die Lenkungsgruppe tagte vor Fristende.",
            version=version,
            decided_on=TODAY() + datetime.timedelta(days=1),
            by=office,
        )


def test_only_the_latest_version_is_decided(draft, version, member, office):
    send_back(version, office, "x")
    submit_draft(draft=draft, by=member)

    with pytest.raises(ValidationError):
        accept_draft(
            pending_override_reason="Die Lenkungsgruppe tagte vor Fristende.",
            version=version,
            decided_on=TODAY(),
            by=office,
        )


def test_stage_one_has_no_measure_outcomes(version, office):
    with pytest.raises(ValidationError):
        accept_draft(
            pending_override_reason="Die Lenkungsgruppe tagte vor Fristende.",
            version=version,
            decided_on=TODAY(),
            measure_outcomes={uuid.uuid4(): MeasureOutcome.Outcome.APPROVED},
            by=office,
        )


@pytest.fixture
def catalogue(group, bodies, member):
    """A stage-2 draft with one goal, one intermediate goal and three measures, submitted."""
    draft = DraftFactory(stage=CatalogueStageFactory(), committee=group)
    goal = add_section(
        draft=draft, data=SectionData(heading="Teilhabe", kind=SectionKind.GOAL), by=member
    )
    middle = add_section(
        draft=draft,
        data=SectionData(heading="Bildungserfolg", kind=SectionKind.INTERMEDIATE_GOAL, parent=goal),
        by=member,
    )
    for heading in ("Elternlots*innen", "Sprachcafé", "Landesprogramm"):
        add_section(
            draft=draft,
            data=SectionData(heading=heading, kind=SectionKind.MEASURE, parent=middle),
            by=member,
        )
    return submit_draft(draft=draft, by=member)


def measure_keys(version) -> dict[str, uuid.UUID]:
    return dict(version.sections.filter(kind=SectionKind.MEASURE).values_list("heading", "key"))


def test_catalogue_outcome_per_measure(catalogue, office):
    keys = measure_keys(catalogue)
    outcomes = {
        keys["Elternlots*innen"]: MeasureOutcome.Outcome.APPROVED_WITH_CHANGES,
        keys["Sprachcafé"]: MeasureOutcome.Outcome.DEFERRED,
    }

    decision = send_back(catalogue, office, "Sprachcafé konkretisieren", measure_outcomes=outcomes)

    assert {o.section_key: o.outcome for o in decision.measure_outcomes.all()} == outcomes


def test_accepting_the_catalogue_needs_every_measure(catalogue, office):
    keys = measure_keys(catalogue)
    partial = {keys["Elternlots*innen"]: MeasureOutcome.Outcome.APPROVED}

    with pytest.raises(ValidationError) as refused:
        accept_draft(
            pending_override_reason="Die Lenkungsgruppe tagte vor Fristende.",
            version=catalogue,
            decided_on=TODAY(),
            measure_outcomes=partial,
            by=office,
        )
    assert refused.value.code == "measures"

    decision = accept_draft(
        pending_override_reason="Die Lenkungsgruppe tagte vor Fristende.",
        version=catalogue,
        decided_on=TODAY(),
        measure_outcomes={
            keys["Elternlots*innen"]: MeasureOutcome.Outcome.APPROVED,
            keys["Sprachcafé"]: MeasureOutcome.Outcome.DELETED,
            keys["Landesprogramm"]: MeasureOutcome.Outcome.RECOMMENDATION,
        },
        by=office,
    )
    assert decision.measure_outcomes.count() == 3


@pytest.mark.parametrize("bad", ["unknown_key", "goal_key", "bad_outcome"])
def test_catalogue_refuses_wrong_outcomes(catalogue, office, bad):
    keys = measure_keys(catalogue)
    goal_key = catalogue.sections.get(kind=SectionKind.GOAL).key
    outcomes = {
        "unknown_key": {uuid.uuid4(): MeasureOutcome.Outcome.APPROVED},
        "goal_key": {goal_key: MeasureOutcome.Outcome.APPROVED},
        "bad_outcome": {keys["Sprachcafé"]: "vielleicht"},
    }[bad]

    with pytest.raises(ValidationError):
        send_back(catalogue, office, "x", measure_outcomes=outcomes)
    assert not MeasureOutcome.objects.exists()
