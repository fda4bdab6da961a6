"""The Wahlordnung (docs/wahlordnung.md), rule by rule and edge by edge."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gremien.models import Organization
from tests.factories import PersonFactory
from tests.wahlen.factories import (
    CandidacyFactory,
    ElectionFactory,
    EligibleOrganizationFactory,
    MigrantOrganizationFactory,
)
from tests.wahlen.helpers import (
    ballots,
    finalize,
    make_election,
    open_round,
    run_round,
    sealed_choices,
    vote,
)
from wahlen import services
from wahlen.counting import Outcome, outcome, tally
from wahlen.models import (
    Ballot,
    Candidacy,
    Election,
    EligibleOrganization,
    LotDraw,
    PaperCount,
    Participation,
    VotingRound,
)

pytestmark = pytest.mark.django_db

State = Outcome.State


def future(hours=1):
    return timezone.now() + datetime.timedelta(hours=hours)


def set_deadline(election, deadline):
    Election.objects.filter(pk=election.pk).update(nomination_deadline=deadline)
    election.refresh_from_db()


# § 1 Setting up ---------------------------------------------------------------------------------


def test_create_election_for_the_steering_group(wahlleitung):
    from tests.wahlen.factories import SteeringGroupFactory

    steering_group = SteeringGroupFactory()

    election = services.create_election(
        title="Wahl der MSO-Vertreter*innen",
        slug="mso-wahl",
        nomination_deadline=future(),
        by=wahlleitung,
    )

    assert election.committee == steering_group
    assert election.status == Election.Status.PREPARATION
    assert len(election.code_salt) == 32
    assert election.history.get().history_user == wahlleitung


def test_create_election_refuses_a_taken_address(wahlleitung):
    ElectionFactory(slug="mso-wahl")

    with pytest.raises(ValidationError):
        services.create_election(
            title="Noch eine", slug="mso-wahl", nomination_deadline=future(), by=wahlleitung
        )
    assert Election.objects.count() == 1


# § 2 Register -----------------------------------------------------------------------------------


def test_register_takes_only_migrant_organisations(wahlleitung):
    election = ElectionFactory(nomination_deadline=future())
    association = MigrantOrganizationFactory(kind=Organization.Kind.ASSOCIATION)

    with pytest.raises(ValidationError):
        services.register_organization(election=election, organization=association, by=wahlleitung)
    assert not election.register.exists()


def test_register_an_organisation_once(wahlleitung):
    election = ElectionFactory(nomination_deadline=future())
    mso = MigrantOrganizationFactory()

    services.register_organization(election=election, organization=mso, by=wahlleitung)
    with pytest.raises(ValidationError):
        services.register_organization(election=election, organization=mso, by=wahlleitung)

    assert election.register.get().organization == mso


def test_remove_from_register_needs_the_candidacy_withdrawn_first(wahlleitung):
    election = ElectionFactory(nomination_deadline=future())
    candidacy = CandidacyFactory(election=election)

    with pytest.raises(ValidationError):
        services.unregister_organization(
            election=election, organization=candidacy.organization, by=wahlleitung
        )
    services.withdraw_candidacy(candidacy=candidacy, by=wahlleitung)
    services.unregister_organization(
        election=election, organization=candidacy.organization, by=wahlleitung
    )

    assert not election.register.exists()
    assert EligibleOrganization.history.filter(history_type="-").count() == 1


def test_register_is_frozen_when_voting_opens(wahlleitung):
    election, _candidacies = make_election(candidates=2, voters=1)
    extra = election.register.exclude(organization__candidacies__election=election).get()

    open_round(election, by=wahlleitung)
    election.refresh_from_db()

    assert election.status == Election.Status.RUNNING
    assert election.register_frozen_at is not None
    with pytest.raises(ValidationError, match="eingefroren"):
        services.register_organization(
            election=election, organization=MigrantOrganizationFactory(), by=wahlleitung
        )
    with pytest.raises(ValidationError):
        services.unregister_organization(
            election=election, organization=extra.organization, by=wahlleitung
        )
    assert election.register.count() == 3


# § 3 Candidacies --------------------------------------------------------------------------------


def test_nominate_before_the_deadline(wahlleitung):
    election = ElectionFactory(nomination_deadline=future())
    mso = EligibleOrganizationFactory(election=election).organization
    person = PersonFactory(listed_publicly=False)

    candidacy = services.nominate_candidate(
        election=election, organization=mso, person=person, consent=True, by=wahlleitung
    )

    assert candidacy.is_standing
    person.refresh_from_db()
    assert person.listed_publicly  # the consent covers being named


def test_no_nomination_after_the_deadline(wahlleitung):
    election = ElectionFactory(nomination_deadline=timezone.now() - datetime.timedelta(minutes=1))
    mso = EligibleOrganizationFactory(election=election).organization

    with pytest.raises(ValidationError, match="Frist"):
        services.nominate_candidate(
            election=election,
            organization=mso,
            person=PersonFactory(),
            consent=True,
            by=wahlleitung,
        )
    assert not Candidacy.objects.exists()


def test_nomination_needs_consent_and_the_register(wahlleitung):
    election = ElectionFactory(nomination_deadline=future())
    registered = EligibleOrganizationFactory(election=election).organization

    with pytest.raises(ValidationError):
        services.nominate_candidate(
            election=election,
            organization=registered,
            person=PersonFactory(),
            consent=False,
            by=wahlleitung,
        )
    with pytest.raises(ValidationError):
        services.nominate_candidate(
            election=election,
            organization=MigrantOrganizationFactory(),
            person=PersonFactory(),
            consent=True,
            by=wahlleitung,
        )
    assert not Candidacy.objects.exists()


def test_one_candidacy_per_organisation(wahlleitung):
    election = ElectionFactory(nomination_deadline=future())
    first = CandidacyFactory(election=election)

    with pytest.raises(ValidationError, match="bereits"):
        services.nominate_candidate(
            election=election,
            organization=first.organization,
            person=PersonFactory(),
            consent=True,
            by=wahlleitung,
        )
    assert election.candidacies.count() == 1


def test_a_person_stands_once(wahlleitung):
    election = ElectionFactory(nomination_deadline=future())
    first = CandidacyFactory(election=election)
    other = EligibleOrganizationFactory(election=election).organization

    with pytest.raises(ValidationError):
        services.nominate_candidate(
            election=election,
            organization=other,
            person=first.person,
            consent=True,
            by=wahlleitung,
        )
    assert election.candidacies.count() == 1


def test_after_a_withdrawal_the_organisation_may_nominate_again_before_the_deadline(wahlleitung):
    election = ElectionFactory(nomination_deadline=future())
    first = CandidacyFactory(election=election)
    services.withdraw_candidacy(candidacy=first, by=wahlleitung)

    second = services.nominate_candidate(
        election=election,
        organization=first.organization,
        person=PersonFactory(),
        consent=True,
        by=wahlleitung,
    )

    assert second.is_standing
    assert election.candidacies.count() == 2


def test_no_nominations_once_voting_has_begun(wahlleitung):
    election, _candidacies = make_election(candidates=2, voters=1)
    open_round(election, by=wahlleitung)
    set_deadline(election, future())  # even if the deadline were later
    mso = election.register.exclude(organization__candidacies__election=election).get()

    with pytest.raises(ValidationError):
        services.nominate_candidate(
            election=election,
            organization=mso.organization,
            person=PersonFactory(),
            consent=True,
            by=wahlleitung,
        )
    assert election.candidacies.count() == 2


# Opening the first round ------------------------------------------------------------------------


def test_first_round_opens_only_after_the_deadline(wahlleitung):
    election, _candidacies = make_election(candidates=3, nomination_deadline=future())

    with pytest.raises(ValidationError, match="Frist"):
        open_round(election, by=wahlleitung)
    assert not election.rounds.exists()


@pytest.mark.parametrize("candidates", [0, 1])
def test_fewer_than_two_candidates_cannot_open_the_first_round(wahlleitung, candidates):
    election, _candidacies = make_election(candidates=candidates, voters=2)

    with pytest.raises(ValidationError, match="zwei Kandidaturen"):
        open_round(election, by=wahlleitung)

    election.refresh_from_db()
    assert not election.rounds.exists()
    assert election.status == Election.Status.PREPARATION
    assert election.register_frozen_at is None


def test_with_one_candidate_the_deadline_is_extended_and_the_election_goes_on(wahlleitung):
    election, _candidacies = make_election(candidates=1, voters=1)
    mso = election.register.exclude(organization__candidacies__election=election).get()

    services.update_election(
        election=election,
        title=election.title,
        nomination_deadline=future(),
        voting_date=None,
        place="",
        description="",
        by=wahlleitung,
    )
    services.nominate_candidate(
        election=election,
        organization=mso.organization,
        person=PersonFactory(),
        consent=True,
        by=wahlleitung,
    )
    set_deadline(election, timezone.now() - datetime.timedelta(seconds=1))

    voting_round = open_round(election, by=wahlleitung)
    assert voting_round.candidacies.count() == 2


def test_first_ballot_lists_the_standing_candidacies(wahlleitung):
    election, candidacies = make_election(candidates=3)
    set_deadline(election, future())
    services.withdraw_candidacy(candidacy=candidacies[0], by=wahlleitung)
    set_deadline(election, timezone.now() - datetime.timedelta(seconds=1))

    voting_round = open_round(election, by=wahlleitung)

    assert voting_round.number == 1
    assert set(voting_round.candidacies.all()) == set(candidacies[1:])


def test_settings_frozen_once_voting_has_begun(wahlleitung):
    election, _candidacies = make_election(candidates=2)
    open_round(election, by=wahlleitung)

    with pytest.raises(ValidationError):
        services.update_election(
            election=election,
            title="Neu",
            nomination_deadline=future(),
            voting_date=None,
            place="",
            description="",
            by=wahlleitung,
        )
    election.refresh_from_db()
    assert election.title != "Neu"


def test_only_one_round_open_at_a_time(wahlleitung):
    election, _candidacies = make_election(candidates=2)
    open_round(election, by=wahlleitung)

    with pytest.raises(ValidationError):
        open_round(election, by=wahlleitung)
    assert election.rounds.count() == 1


# § 4 First round --------------------------------------------------------------------------------


def test_the_four_best_go_into_the_runoff(wahlleitung):
    election, c = make_election(candidates=6, voters=9)
    run_round(election, {c[0]: 5, c[1]: 4, c[2]: 3, c[3]: 2, c[4]: 1}, by=wahlleitung)

    state = outcome(election)

    assert state.state == State.RUNOFF_READY
    assert state.runoff_field == c[:4]
    runoff = open_round(election, by=wahlleitung)
    assert runoff.number == 2
    assert set(runoff.candidacies.all()) == set(c[:4])


def test_abstentions_and_invalid_paper_ballots_are_counted_apart(wahlleitung):
    election, c = make_election(candidates=5, voters=5)
    voting_round = open_round(election, by=wahlleitung)
    vote(voting_round, ballots({c[0]: 3, c[1]: 2, None: 2}), by=wahlleitung)
    for registration in election.register.exclude(
        organization__in=voting_round.participations.values("organization")
    )[:3]:
        services.issue_paper_ballot(
            voting_round=voting_round, organization=registration.organization, by=wahlleitung
        )
    services.close_round(voting_round=voting_round, by=wahlleitung)
    services.enter_paper_count(
        voting_round=voting_round,
        votes={c[0].pk: 1, c[1].pk: 0, c[2].pk: 0, c[3].pk: 0, c[4].pk: 0},
        abstentions=1,
        invalid=1,
        by=wahlleitung,
    )
    finalize(voting_round, by=wahlleitung)

    result = tally(voting_round)

    assert result.eligible == 10
    assert result.participations == 10
    assert result.participations_paper == 3
    assert result.abstentions == 3
    assert result.paper_invalid == 1
    assert result.valid_votes == 6
    assert result.ballots_counted == 10
    assert result.turnout_percent == 100.0
    assert [(row.candidacy, row.votes) for row in result.rows[:2]] == [(c[0], 4), (c[1], 2)]


def test_three_way_tie_across_the_cut_needs_a_lot_before_the_runoff(wahlleitung):
    election, c = make_election(candidates=6, voters=10)
    # c0 5, c1 4, then c2, c3, c4 with 2 each for the last two places, c5 1
    run_round(election, {c[0]: 5, c[1]: 4, c[2]: 2, c[3]: 2, c[4]: 2, c[5]: 1}, by=wahlleitung)

    state = outcome(election)
    assert state.state == State.LOT_PENDING
    assert set(state.tie.candidacies) == {c[2], c[3], c[4]}
    assert state.tie.places == 2
    with pytest.raises(ValidationError, match="Los"):
        open_round(election, by=wahlleitung)
    assert election.rounds.count() == 1

    first = election.rounds.get(number=1)
    lot = services.draw_lot(voting_round=first, note="im Beisein der MSO", by=wahlleitung)

    assert lot.method == LotDraw.Method.ELECTRONIC
    assert lot.purpose == LotDraw.Purpose.RUNOFF
    assert lot.places == 2
    assert lot.drawn_by == wahlleitung and lot.drawn_at is not None
    order = [entry.candidacy for entry in lot.entries.order_by("position")]
    assert set(order) == {c[2], c[3], c[4]}
    state = outcome(election)
    assert state.state == State.RUNOFF_READY
    assert state.runoff_field == [c[0], c[1], *order[:2]]
    runoff = open_round(election, by=wahlleitung)
    assert set(runoff.candidacies.all()) == {c[0], c[1], *order[:2]}


def test_a_lot_is_drawn_only_when_a_tie_needs_it(wahlleitung):
    election, c = make_election(candidates=6, voters=8)
    first = run_round(election, {c[0]: 5, c[1]: 4, c[2]: 3, c[3]: 2}, by=wahlleitung)

    with pytest.raises(ValidationError):
        services.draw_lot(voting_round=first, by=wahlleitung)
    assert not LotDraw.objects.exists()


def test_lot_drawn_by_hand_is_entered_with_its_order(wahlleitung):
    election, c = make_election(candidates=6, voters=8)
    first = run_round(election, {c[0]: 5, c[1]: 4, c[2]: 3, c[3]: 1, c[4]: 1}, by=wahlleitung)

    with pytest.raises(ValidationError):  # every tied candidate must be in the order
        services.record_lot(voting_round=first, order=[c[4]], note="Vorsitz", by=wahlleitung)
    with pytest.raises(ValidationError):  # who drew must be noted
        services.record_lot(voting_round=first, order=[c[4], c[3]], note=" ", by=wahlleitung)
    assert not LotDraw.objects.exists()

    lot = services.record_lot(
        voting_round=first, order=[c[4], c[3]], note="Gezogen von Frau Vorsitz", by=wahlleitung
    )

    assert lot.method == LotDraw.Method.PHYSICAL
    assert outcome(election).runoff_field == [c[0], c[1], c[2], c[4]]


@pytest.mark.parametrize("candidates", [3, 4])
def test_with_four_or_fewer_candidates_all_go_into_the_runoff(wahlleitung, candidates):
    election, c = make_election(candidates=candidates, voters=2)
    run_round(election, {c[0]: 3}, by=wahlleitung)

    state = outcome(election)

    assert state.state == State.RUNOFF_READY
    assert set(state.runoff_field) == set(c)


@pytest.mark.parametrize("spec_kind", ["abstentions only", "nobody voted"])
def test_first_round_without_valid_vote_ties_everybody(wahlleitung, spec_kind):
    election, c = make_election(candidates=6)
    spec = {None: 6} if spec_kind == "abstentions only" else {}
    run_round(election, spec, by=wahlleitung)

    state = outcome(election)

    assert state.state == State.LOT_PENDING
    assert set(state.tie.candidacies) == set(c)
    assert state.tie.places == 4


def test_first_round_without_votes_and_few_candidates_takes_all(wahlleitung):
    election, c = make_election(candidates=3)
    run_round(election, {}, by=wahlleitung)

    assert set(outcome(election).runoff_field) == set(c)


# § 6 Withdrawal -------------------------------------------------------------------------------


def test_withdrawal_before_the_runoff_moves_the_next_placed_up(wahlleitung):
    election, c = make_election(candidates=6, voters=9)
    run_round(election, {c[0]: 5, c[1]: 4, c[2]: 3, c[3]: 2, c[4]: 1}, by=wahlleitung)

    services.withdraw_candidacy(candidacy=c[1], by=wahlleitung)

    assert outcome(election).runoff_field == [c[0], c[2], c[3], c[4]]
    runoff = open_round(election, by=wahlleitung)
    assert c[1] not in runoff.candidacies.all()


def test_withdrawal_that_opens_a_tie_needs_a_lot(wahlleitung):
    election, c = make_election(candidates=6, voters=10)
    run_round(election, {c[0]: 5, c[1]: 4, c[2]: 3, c[3]: 2, c[4]: 1, c[5]: 1}, by=wahlleitung)

    services.withdraw_candidacy(candidacy=c[0], by=wahlleitung)

    state = outcome(election)
    assert state.state == State.LOT_PENDING
    assert set(state.tie.candidacies) == {c[4], c[5]}
    assert state.tie.places == 1


def test_a_lot_keeps_deciding_its_tie_after_a_withdrawal(wahlleitung):
    election, c = make_election(candidates=6, voters=10)
    first = run_round(
        election, {c[0]: 5, c[1]: 4, c[2]: 2, c[3]: 2, c[4]: 2, c[5]: 1}, by=wahlleitung
    )
    services.record_lot(voting_round=first, order=[c[4], c[2], c[3]], note="Los", by=wahlleitung)
    assert outcome(election).runoff_field == [c[0], c[1], c[4], c[2]]

    services.withdraw_candidacy(candidacy=c[4], by=wahlleitung)

    state = outcome(election)
    assert state.state == State.RUNOFF_READY
    assert state.runoff_field == [c[0], c[1], c[2], c[3]]
    assert LotDraw.objects.count() == 1


def test_no_withdrawal_while_a_round_is_open_or_after_the_runoff_opened(wahlleitung):
    election, c = make_election(candidates=3)
    first = open_round(election, by=wahlleitung)

    with pytest.raises(ValidationError):
        services.withdraw_candidacy(candidacy=c[0], by=wahlleitung)
    services.close_round(voting_round=first, by=wahlleitung)
    with pytest.raises(ValidationError):  # still being counted
        services.withdraw_candidacy(candidacy=c[0], by=wahlleitung)
    finalize(first, by=wahlleitung)
    open_round(election, by=wahlleitung)
    with pytest.raises(ValidationError):
        services.withdraw_candidacy(candidacy=c[0], by=wahlleitung)

    assert not Candidacy.objects.filter(withdrawn_at__isnull=False).exists()


def test_a_candidacy_is_withdrawn_once(wahlleitung):
    _election, c = make_election(candidates=2)
    services.withdraw_candidacy(candidacy=c[0], by=wahlleitung)

    with pytest.raises(ValidationError):
        services.withdraw_candidacy(candidacy=c[0], by=wahlleitung)


def test_one_candidate_left_for_the_runoff_is_elected_with_a_vote(wahlleitung):
    election, c = make_election(candidates=3)
    run_round(election, {c[0]: 1, c[1]: 1, c[2]: 1}, by=wahlleitung)
    services.withdraw_candidacy(candidacy=c[1], by=wahlleitung)
    services.withdraw_candidacy(candidacy=c[2], by=wahlleitung)

    run_round(election, {c[0]: 2, None: 1}, by=wahlleitung)

    state = outcome(election)
    assert state.state == State.DECIDED
    assert state.elected == [c[0]]
    assert state.vacant_seats == 1


def test_everybody_withdrawn_before_the_runoff_ends_without_result(wahlleitung):
    election, c = make_election(candidates=2)
    run_round(election, {c[0]: 1, c[1]: 1}, by=wahlleitung)
    for candidacy in c:
        services.withdraw_candidacy(candidacy=candidacy, by=wahlleitung)

    assert outcome(election).state == State.WITHOUT_RESULT
    with pytest.raises(ValidationError):
        open_round(election, by=wahlleitung)
    assert services.publish_result(election=election, by=wahlleitung) == []
    election.refresh_from_db()
    assert election.is_published


# § 5 Runoff -------------------------------------------------------------------------------------


def runoff_after_first_round(wahlleitung, candidates=4, voters=4):
    election, c = make_election(candidates=candidates, voters=voters)
    run_round(election, dict.fromkeys(c, 1), by=wahlleitung)
    return election, c


def test_runoff_elects_the_two_with_most_votes(wahlleitung):
    election, c = runoff_after_first_round(wahlleitung)
    run_round(election, {c[2]: 4, c[0]: 3, c[1]: 1}, by=wahlleitung)

    state = outcome(election)

    assert state.state == State.DECIDED
    assert state.elected == [c[2], c[0]]


def test_tie_above_the_seats_needs_no_lot(wahlleitung):
    election, c = runoff_after_first_round(wahlleitung)
    run_round(election, {c[0]: 3, c[1]: 3, c[2]: 1}, by=wahlleitung)

    state = outcome(election)

    assert state.state == State.DECIDED
    assert set(state.elected) == {c[0], c[1]}


def test_tie_for_the_second_seat_is_decided_by_lot(wahlleitung):
    election, c = runoff_after_first_round(wahlleitung)
    runoff = run_round(election, {c[0]: 4, c[1]: 2, c[2]: 2}, by=wahlleitung)

    state = outcome(election)
    assert state.state == State.LOT_PENDING
    assert set(state.tie.candidacies) == {c[1], c[2]}
    assert state.tie.places == 1
    assert state.elected == [c[0]]
    with pytest.raises(ValidationError):
        services.publish_result(election=election, by=wahlleitung)

    lot = services.draw_lot(voting_round=runoff, by=wahlleitung)

    assert lot.purpose == LotDraw.Purpose.SEAT
    winner = lot.entries.get(position=1).candidacy
    state = outcome(election)
    assert state.state == State.DECIDED
    assert state.elected == [c[0], winner]


def test_three_way_tie_for_both_seats(wahlleitung):
    election, c = runoff_after_first_round(wahlleitung)
    runoff = run_round(election, {c[0]: 1, c[1]: 1, c[2]: 1}, by=wahlleitung)

    state = outcome(election)
    assert state.tie.places == 2
    services.record_lot(voting_round=runoff, order=[c[2], c[0], c[1]], note="Los", by=wahlleitung)

    assert outcome(election).elected == [c[2], c[0]]


def test_nobody_is_elected_without_a_vote_in_the_runoff(wahlleitung):
    election, c = runoff_after_first_round(wahlleitung)
    run_round(election, {c[0]: 5}, by=wahlleitung)

    state = outcome(election)

    assert state.state == State.DECIDED
    assert state.elected == [c[0]]
    assert state.vacant_seats == 1


@pytest.mark.parametrize("spec", [{}, {None: 4}], ids=["nobody voted", "abstentions only"])
def test_runoff_without_valid_vote_elects_nobody(wahlleitung, spec):
    election, _c = runoff_after_first_round(wahlleitung)
    run_round(election, spec, by=wahlleitung)

    state = outcome(election)

    assert state.state == State.WITHOUT_RESULT
    assert state.elected == []
    assert services.publish_result(election=election, by=wahlleitung) == []


def test_runoff_needs_the_first_round_counted(wahlleitung):
    election, c = make_election(candidates=3)
    run_round(election, {c[0]: 1}, by=wahlleitung, count=False)

    with pytest.raises(ValidationError):
        open_round(election, by=wahlleitung)
    assert election.rounds.count() == 1


def test_there_are_only_two_rounds(wahlleitung):
    election, c = runoff_after_first_round(wahlleitung)
    run_round(election, {c[0]: 2, c[1]: 1}, by=wahlleitung)

    with pytest.raises(ValidationError):
        open_round(election, by=wahlleitung)
    assert election.rounds.count() == 2


# § 7 Codes --------------------------------------------------------------------------------------


def test_used_code_is_refused_and_changes_nothing(wahlleitung):
    election, c = make_election(candidates=2)
    voting_round = open_round(election, by=wahlleitung)
    codes = vote(voting_round, [c[0]], by=wahlleitung)

    with pytest.raises(ValidationError, match="bereits"):
        services.cast_ballot(election=election, code=codes[0].code, candidacy=c[1])

    assert Ballot.objects.count() == 1
    assert Participation.objects.count() == 1


def test_wrong_code_is_refused(wahlleitung):
    election, c = make_election(candidates=2)
    open_round(election, by=wahlleitung)

    with pytest.raises(services.UnknownCode, match="nicht gültig"):
        services.cast_ballot(election=election, code="AAAA-BBBB-CCCC", candidacy=c[0])
    assert not Ballot.objects.exists()


def test_code_of_another_election_is_refused(wahlleitung):
    election, c = make_election(candidates=2)
    other, _oc = make_election(candidates=2)
    open_round(election, by=wahlleitung)
    other_round = open_round(other, by=wahlleitung)
    codes = services.generate_codes(voting_round=other_round, by=wahlleitung)

    with pytest.raises(services.UnknownCode):
        services.cast_ballot(election=election, code=codes[0].code, candidacy=c[0])
    assert not Ballot.objects.exists()


def test_code_is_accepted_in_any_spelling(wahlleitung):
    election, c = make_election(candidates=2)
    voting_round = open_round(election, by=wahlleitung)
    codes = services.generate_codes(voting_round=voting_round, by=wahlleitung)

    services.cast_ballot(
        election=election, code=" " + codes[0].code.lower().replace("-", " "), candidacy=c[0]
    )

    assert sealed_choices(voting_round) == [c[0].pk]


def test_first_round_code_is_refused_in_the_runoff(wahlleitung):
    election, c = make_election(candidates=3)
    first = open_round(election, by=wahlleitung)
    codes = services.generate_codes(voting_round=first, by=wahlleitung)
    services.close_round(voting_round=first, by=wahlleitung)
    finalize(first, by=wahlleitung)
    open_round(election, by=wahlleitung)

    with pytest.raises(ValidationError, match="anderen Wahlgang"):
        services.cast_ballot(election=election, code=codes[0].code, candidacy=c[0])
    assert not Ballot.objects.exists()
    assert not Participation.objects.exists()


def test_code_is_refused_when_the_round_is_closed(wahlleitung):
    election, c = make_election(candidates=2)
    voting_round = open_round(election, by=wahlleitung)
    codes = services.generate_codes(voting_round=voting_round, by=wahlleitung)
    services.close_round(voting_round=voting_round, by=wahlleitung)

    with pytest.raises(ValidationError, match="kein Wahlgang"):
        services.cast_ballot(election=election, code=codes[0].code, candidacy=c[0])
    assert not Ballot.objects.exists()


def test_reissued_code_voids_the_old_one(wahlleitung):
    election, c = make_election(candidates=2)
    voting_round = open_round(election, by=wahlleitung)
    codes = services.generate_codes(voting_round=voting_round, by=wahlleitung)
    lost = codes[0]

    new = services.reissue_code(
        voting_round=voting_round, organization=lost.organization, by=wahlleitung
    )

    assert new.code != lost.code
    with pytest.raises(ValidationError, match="nicht mehr gültig"):
        services.cast_ballot(election=election, code=lost.code, candidacy=c[0])
    services.cast_ballot(election=election, code=new.code, candidacy=c[0])
    assert Ballot.objects.count() == 1
    old = voting_round.codes.get(organization=lost.organization, status="ungueltig")
    assert old.history.first().history_user == wahlleitung


def test_codes_are_generated_once_and_only_while_the_round_is_open(wahlleitung):
    election, _c = make_election(candidates=2, voters=1)
    voting_round = open_round(election, by=wahlleitung)

    codes = services.generate_codes(voting_round=voting_round, by=wahlleitung)
    assert len(codes) == 3
    with pytest.raises(ValidationError):
        services.generate_codes(voting_round=voting_round, by=wahlleitung)
    assert voting_round.codes.count() == 3

    services.close_round(voting_round=voting_round, by=wahlleitung)
    with pytest.raises(ValidationError):
        services.reissue_code(
            voting_round=voting_round, organization=codes[0].organization, by=wahlleitung
        )


def test_codes_are_long_random_and_unambiguous(wahlleitung):
    election, _c = make_election(candidates=2, voters=8)
    voting_round = open_round(election, by=wahlleitung)

    codes = [
        issued.code for issued in services.generate_codes(voting_round=voting_round, by=wahlleitung)
    ]

    assert len(set(codes)) == 10
    for code in codes:
        plain = services.normalize_code(code)
        assert len(plain) == 12
        assert set(plain) <= set(services.CODE_ALPHABET)
        assert not set(plain) & set("01OIL")


def test_code_hash_is_keyed_with_the_election_salt():
    first = ElectionFactory()
    second = ElectionFactory()

    assert services.hash_code(election=first, code="ABCD-EFGH-JKMN") == services.hash_code(
        election=first, code="abcdefghjkmn"
    )
    assert services.hash_code(election=first, code="ABCDEFGHJKMN") != services.hash_code(
        election=second, code="ABCDEFGHJKMN"
    )


def test_using_a_code_writes_no_history_row(wahlleitung):
    election, c = make_election(candidates=2)
    voting_round = open_round(election, by=wahlleitung)
    codes = services.generate_codes(voting_round=voting_round, by=wahlleitung)
    code = voting_round.codes.get(organization=codes[0].organization)
    rows = code.history.count()

    services.cast_ballot(election=election, code=codes[0].code, candidacy=c[0])

    code.refresh_from_db()
    assert code.status == "verbraucht"
    assert code.history.count() == rows


# § 8 Paper ballots --------------------------------------------------------------------------


def closed_round_with_paper(wahlleitung, *, candidates=2, voters=6, electronic=3, paper=5):
    """8 organisations: 3 vote electronically, 5 get a paper ballot."""
    election, c = make_election(candidates=candidates, voters=voters)
    voting_round = open_round(election, by=wahlleitung)
    vote(voting_round, [c[0]] * electronic, by=wahlleitung)
    remaining = election.register.exclude(
        organization__in=voting_round.participations.values("organization")
    )
    for registration in list(remaining)[:paper]:
        services.issue_paper_ballot(
            voting_round=voting_round, organization=registration.organization, by=wahlleitung
        )
    services.close_round(voting_round=voting_round, by=wahlleitung)
    return election, c, voting_round


def test_paper_count_cannot_exceed_the_electorate(wahlleitung):
    _election, c, voting_round = closed_round_with_paper(wahlleitung)

    with pytest.raises(ValidationError, match="8 stimmberechtigten"):
        services.enter_paper_count(
            voting_round=voting_round,
            votes={c[0].pk: 3, c[1].pk: 2},
            abstentions=1,
            invalid=0,
            by=wahlleitung,
        )
    assert not PaperCount.objects.exists()


def test_paper_count_cannot_exceed_the_paper_ballots_handed_out(wahlleitung):
    _election, c, voting_round = closed_round_with_paper(wahlleitung, paper=2)

    with pytest.raises(ValidationError, match="ausgegeben"):
        services.enter_paper_count(
            voting_round=voting_round,
            votes={c[0].pk: 2, c[1].pk: 1},
            abstentions=0,
            invalid=0,
            by=wahlleitung,
        )
    assert not PaperCount.objects.exists()


def test_paper_count_adds_to_the_electronic_votes_and_can_be_corrected(wahlleitung):
    _election, c, voting_round = closed_round_with_paper(wahlleitung)

    services.enter_paper_count(
        voting_round=voting_round,
        votes={c[0].pk: 1, c[1].pk: 3},
        abstentions=0,
        invalid=1,
        by=wahlleitung,
    )
    services.enter_paper_count(
        voting_round=voting_round,
        votes={c[0].pk: 1, c[1].pk: 2},
        abstentions=1,
        invalid=1,
        by=wahlleitung,
    )
    assert {row.candidacy: row.votes for row in tally(voting_round).rows} == {c[0]: 1, c[1]: 2}
    finalize(voting_round, by=wahlleitung)  # opens the sealed electronic votes

    result = tally(voting_round)
    votes = {row.candidacy: row.votes for row in result.rows}
    assert votes == {c[0]: 4, c[1]: 2}
    assert result.abstentions == 1
    assert result.paper_invalid == 1
    assert result.ballots_counted == 8
    assert PaperCount.objects.get().history.count() == 2


def test_paper_count_only_between_closing_and_the_final_count(wahlleitung):
    election, c = make_election(candidates=2)
    voting_round = open_round(election, by=wahlleitung)
    arguments = {"votes": {c[0].pk: 0, c[1].pk: 0}, "abstentions": 0, "invalid": 0}

    with pytest.raises(ValidationError):
        services.enter_paper_count(voting_round=voting_round, by=wahlleitung, **arguments)
    services.close_round(voting_round=voting_round, by=wahlleitung)
    finalize(voting_round, by=wahlleitung)
    with pytest.raises(ValidationError):
        services.enter_paper_count(voting_round=voting_round, by=wahlleitung, **arguments)
    assert not PaperCount.objects.exists()


def test_paper_count_needs_every_candidate_and_no_negative_numbers(wahlleitung):
    _election, c, voting_round = closed_round_with_paper(wahlleitung)

    with pytest.raises(ValidationError):
        services.enter_paper_count(
            voting_round=voting_round,
            votes={c[0].pk: 1},
            abstentions=0,
            invalid=0,
            by=wahlleitung,
        )
    with pytest.raises(ValidationError):
        services.enter_paper_count(
            voting_round=voting_round,
            votes={c[0].pk: 2, c[1].pk: -1},
            abstentions=0,
            invalid=0,
            by=wahlleitung,
        )
    assert not PaperCount.objects.exists()


def test_count_is_final_only_after_the_paper_ballots_are_entered(wahlleitung):
    _election, c, voting_round = closed_round_with_paper(wahlleitung)

    with pytest.raises(ValidationError, match="Papier"):
        finalize(voting_round, by=wahlleitung)
    services.enter_paper_count(
        voting_round=voting_round,
        votes={c[0].pk: 0, c[1].pk: 0},
        abstentions=0,
        invalid=0,
        by=wahlleitung,
    )
    finalize(voting_round, by=wahlleitung)

    voting_round.refresh_from_db()
    assert voting_round.status == VotingRound.Status.COUNTED
    assert voting_round.counted_by == wahlleitung


def test_paper_ballot_voids_the_code_and_counts_as_voted(wahlleitung):
    election, c = make_election(candidates=2)
    voting_round = open_round(election, by=wahlleitung)
    codes = services.generate_codes(voting_round=voting_round, by=wahlleitung)
    organization = codes[0].organization

    services.issue_paper_ballot(
        voting_round=voting_round, organization=organization, by=wahlleitung
    )

    with pytest.raises(ValidationError):
        services.cast_ballot(election=election, code=codes[0].code, candidacy=c[0])
    with pytest.raises(ValidationError):
        services.issue_paper_ballot(
            voting_round=voting_round, organization=organization, by=wahlleitung
        )
    participation = Participation.objects.get()
    assert participation.organization == organization
    assert participation.channel == Participation.Channel.PAPER
    assert not Ballot.objects.exists()


def test_only_registered_organisations_vote_on_paper(wahlleitung):
    election, _c = make_election(candidates=2)
    voting_round = open_round(election, by=wahlleitung)

    with pytest.raises(ValidationError):
        services.issue_paper_ballot(
            voting_round=voting_round, organization=MigrantOrganizationFactory(), by=wahlleitung
        )
    assert not Participation.objects.exists()


# The whole election, recorded ------------------------------------------------------------------


def test_every_step_is_recorded_with_who(wahlleitung):
    election, c = runoff_after_first_round(wahlleitung)
    runoff = run_round(election, {c[0]: 3, c[1]: 1}, by=wahlleitung)

    assert runoff.opened_by == wahlleitung
    assert runoff.closed_by == wahlleitung
    assert runoff.counted_by == wahlleitung
    assert {row.history_user for row in VotingRound.history.all()} == {wahlleitung}
    assert election.history.filter(status=Election.Status.RUNNING).get().history_user == (
        wahlleitung
    )
