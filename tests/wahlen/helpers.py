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


# The private keys of the rounds the tests opened, by round: what the Wahlleitung keeps on paper.
KEYS: dict[int, str] = {}


def open_round(election, *, by):
    """Open the next round as the Wahlleitung does, keeping its private key for the count."""
    opened = services.open_round(election=election, by=by)
    KEYS[opened.voting_round.pk] = opened.private_key
    return opened.voting_round


def key_of(voting_round) -> str:
    return KEYS[voting_round.pk]


def finalize(voting_round, *, by):
    """Count the round with its private key and declare the count final."""
    return services.finalize_count(
        voting_round=voting_round, private_key=key_of(voting_round), by=by
    )


def sealed_choices(voting_round) -> list:
    """The candidacy ids (None: abstention) of the round's sealed ballots, opened with its key."""
    from wahlen.models import Ballot
    from wahlen.sealing import parse_private_key, unseal

    key = parse_private_key(key_of(voting_round))
    return [
        unseal(private=key, sealed=sealed)[1]
        for sealed in Ballot.objects.filter(
            voting_round=voting_round, sealed__isnull=False
        ).values_list("sealed", flat=True)
    ]


def vote(voting_round, choices: list, *, by) -> list:
    """Generate the round's codes and cast one electronic vote per choice; returns the codes."""
    codes = services.generate_codes(voting_round=voting_round, by=by)
    assert len(codes) >= len(choices), "not enough organisations on the register"
    for issued, choice in zip(codes, choices, strict=False):
        services.cast_ballot(election=voting_round.election, code=issued.code, candidacy=choice)
    return codes


def run_round(election, spec: dict, *, by, count: bool = True):
    """Open the next round, vote as given, close it and (by default) count it with its key."""
    voting_round = open_round(election, by=by)
    vote(voting_round, ballots(spec), by=by)
    services.close_round(voting_round=voting_round, by=by)
    if count:
        finalize(voting_round, by=by)
    voting_round.refresh_from_db()
    return voting_round
