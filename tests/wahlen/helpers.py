"""Helpers of the wahlen tests: an election with candidates, and rounds voted as given."""

from tests.wahlen.factories import CandidacyFactory, ElectionFactory, EligibleOrganizationFactory
from wahlen import services


def make_election(*, candidates: int, voters: int = 0, **kwargs):
    """An election after the nomination deadline: each candidate's MSO plus ``voters`` more."""
    election = ElectionFactory(**kwargs)
    candidacies = [CandidacyFactory(election=election) for _ in range(candidates)]
    for _ in range(voters):
        EligibleOrganizationFactory(election=election)
    return election, candidacies


def ballots(spec: dict) -> list:
    """{candidacy: 3, None: 1} → [candidacy, candidacy, candidacy, None]."""
    return [choice for choice, number in spec.items() for _ in range(number)]


def vote(voting_round, choices: list, *, by) -> list:
    """Generate the round's codes and cast one electronic vote per choice; returns the codes."""
    codes = services.generate_codes(voting_round=voting_round, by=by)
    assert len(codes) >= len(choices), "not enough organisations on the register"
    for issued, choice in zip(codes, choices, strict=False):
        services.cast_ballot(election=voting_round.election, code=issued.code, candidacy=choice)
    return codes


def run_round(election, spec: dict, *, by, finalize: bool = True):
    """Open the next round, vote as given, close it and (by default) declare the count final."""
    voting_round = services.open_round(election=election, by=by)
    vote(voting_round, ballots(spec), by=by)
    services.close_round(voting_round=voting_round, by=by)
    if finalize:
        services.finalize_count(voting_round=voting_round, by=by)
    voting_round.refresh_from_db()
    return voting_round
