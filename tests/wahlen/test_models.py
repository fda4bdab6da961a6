"""The database holds the invariants and keeps the vote secret."""

import uuid

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from tests.factories import PersonFactory
from tests.wahlen.factories import CandidacyFactory, ElectionFactory, EligibleOrganizationFactory
from tests.wahlen.helpers import ballots, make_election, open_round, sealed_choices, vote
from wahlen import services
from wahlen.models import Ballot, Candidacy, Participation, VotingCode, VotingRound

pytestmark = pytest.mark.django_db


# Invariants as constraints ----------------------------------------------------------------------


def test_one_standing_candidacy_per_organisation_in_the_database():
    candidacy = CandidacyFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Candidacy.objects.create(
            election=candidacy.election,
            organization=candidacy.organization,
            person=PersonFactory(),
        )
    Candidacy.objects.filter(pk=candidacy.pk).update(withdrawn_at=timezone.now())
    Candidacy.objects.create(
        election=candidacy.election, organization=candidacy.organization, person=PersonFactory()
    )
    assert candidacy.election.candidacies.count() == 2


def test_one_open_round_per_election_in_the_database():
    election = ElectionFactory()
    VotingRound.objects.create(election=election, number=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        VotingRound.objects.create(election=election, number=2)
    VotingRound.objects.filter(election=election).update(status=VotingRound.Status.CLOSED)
    VotingRound.objects.create(election=election, number=2)
    assert election.rounds.count() == 2


@pytest.mark.parametrize("number", [0, 3])
def test_round_number_is_one_or_two(number):
    with pytest.raises(IntegrityError), transaction.atomic():
        VotingRound.objects.create(election=ElectionFactory(), number=number)
    assert not VotingRound.objects.exists()


def test_round_number_once_per_election():
    election = ElectionFactory()
    VotingRound.objects.create(election=election, number=1, status=VotingRound.Status.COUNTED)

    with pytest.raises(IntegrityError), transaction.atomic():
        VotingRound.objects.create(election=election, number=1)


def test_one_participation_per_organisation_and_round_in_the_database():
    election = ElectionFactory()
    voting_round = VotingRound.objects.create(election=election, number=1)
    organization = EligibleOrganizationFactory(election=election).organization
    Participation.objects.create(
        voting_round=voting_round, organization=organization, channel="elektronisch"
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(
            voting_round=voting_round, organization=organization, channel="papier"
        )


def test_one_valid_code_per_organisation_and_round_in_the_database():
    election = ElectionFactory()
    voting_round = VotingRound.objects.create(election=election, number=1)
    organization = EligibleOrganizationFactory(election=election).organization
    VotingCode.objects.create(
        voting_round=voting_round, organization=organization, code_hash="a" * 64
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        VotingCode.objects.create(
            voting_round=voting_round, organization=organization, code_hash="b" * 64
        )
    VotingCode.objects.update(status=VotingCode.Status.VOIDED)
    VotingCode.objects.create(
        voting_round=voting_round, organization=organization, code_hash="b" * 64
    )


def everything_in_the_database() -> str:
    """Every row of every table (history, sessions, caches included) as one text."""
    rows = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(rows)


# Secrecy ----------------------------------------------------------------------------------------


def test_ballot_has_nothing_that_points_to_the_voter_or_the_time():
    fields = {field.name: field for field in Ballot._meta.get_fields()}

    assert set(fields) == {"id", "voting_round", "candidacy", "sealed"}
    assert isinstance(fields["sealed"], models.BinaryField)
    assert isinstance(fields["id"], models.UUIDField)
    assert fields["id"].default is uuid.uuid4
    assert fields["voting_round"].related_model is VotingRound
    assert fields["candidacy"].related_model is Candidacy
    assert not any(
        isinstance(field, models.DateField | models.DateTimeField | models.TimeField)
        for field in fields.values()
    )
    assert Ballot._meta.ordering == []


def test_participation_has_no_time_no_order_and_no_link_to_a_ballot():
    fields = {field.name: field for field in Participation._meta.get_fields()}

    assert set(fields) == {"id", "voting_round", "organization", "channel"}
    assert isinstance(fields["id"], models.UUIDField)
    assert not any(
        isinstance(field, models.DateField | models.DateTimeField) for field in fields.values()
    )


def test_nothing_joins_a_ballot_to_who_voted():
    """No model has a relation to Ballot, and Ballot relates to no voter, code or participation."""
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.is_relation and field.related_model is Ballot:
                assert model is VotingRound or model is Candidacy, model
    ballot_targets = {
        field.related_model for field in Ballot._meta.get_fields() if field.is_relation
    }
    assert ballot_targets == {VotingRound, Candidacy}


def test_ballots_and_participations_have_no_history_table():
    names = {model.__name__ for model in apps.get_models()}

    assert "HistoricalVotingRound" in names  # the other models keep their history
    assert "HistoricalBallot" not in names
    assert "HistoricalParticipation" not in names


def test_closing_a_round_shakes_the_ballot_box(office_user):
    election, c = make_election(candidates=2, voters=8)
    voting_round = open_round(election, by=office_user)
    vote(voting_round, ballots({c[0]: 6, c[1]: 3, None: 1}), by=office_user)
    ballot_ids = set(Ballot.objects.values_list("pk", flat=True))
    participation_ids = set(Participation.objects.values_list("pk", flat=True))

    services.close_round(voting_round=voting_round, by=office_user)

    assert not ballot_ids & set(Ballot.objects.values_list("pk", flat=True))
    assert not participation_ids & set(Participation.objects.values_list("pk", flat=True))
    assert not Ballot.objects.filter(sealed__isnull=True).exists()  # still sealed
    choices = sealed_choices(voting_round)
    assert sorted(choices, key=str) == sorted([c[0].pk] * 6 + [c[1].pk] * 3 + [None], key=str)
    assert Participation.objects.count() == 10


def test_plain_codes_are_stored_nowhere(office_user):
    election, c = make_election(candidates=2, voters=3)
    voting_round = open_round(election, by=office_user)
    codes = services.generate_codes(voting_round=voting_round, by=office_user)
    services.cast_ballot(election=election, code=codes[0].code, candidacy=c[0])
    reissued = services.reissue_code(
        voting_round=voting_round, organization=codes[1].organization, by=office_user
    )
    plain = [issued.code for issued in [*codes, reissued]]

    database = everything_in_the_database().upper()

    assert election.title.upper() in database
    for code in plain:
        assert code not in database
        assert services.normalize_code(code) not in database
    stored = set(VotingCode.objects.values_list("code_hash", flat=True))
    assert {services.hash_code(election=election, code=code) for code in plain} <= stored
