"""The demo election loads on top of the structure and can be run from there."""

import pytest
from django.core.management import call_command

from gremien.models import Organization
from wahlen import services
from wahlen.counting import Outcome, outcome
from wahlen.models import Election

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_election():
    call_command("loaddata", "structure", "demo_wahlen", verbosity=0)
    return Election.objects.get(slug="mso-wahl-lenkungsgruppe")


def test_demo_election_is_in_preparation_with_register_and_candidates(demo_election):
    assert demo_election.title == "Wahl der MSO-Vertreter*innen in die Lenkungsgruppe"
    assert demo_election.committee.slug == "lenkungsgruppe"
    assert demo_election.status == Election.Status.PREPARATION
    assert outcome(demo_election).state == Outcome.State.PREPARATION
    registered = Organization.objects.filter(election_registrations__election=demo_election)
    assert registered.count() == 8
    assert set(registered.values_list("kind", flat=True)) == {"mso"}
    assert all(pk >= 2001 for pk in registered.values_list("pk", flat=True))
    candidacies = demo_election.candidacies.select_related("person")
    assert candidacies.count() == 6
    for candidacy in candidacies:
        assert registered.filter(pk=candidacy.organization_id).exists()
        assert candidacy.person.listed_publicly
        assert candidacy.person.pk >= 2001


def test_demo_election_can_open_its_first_round(demo_election, office_user):
    voting_round = services.open_round(election=demo_election, by=office_user)

    assert voting_round.candidacies.count() == 6
    assert len(services.generate_codes(voting_round=voting_round, by=office_user)) == 8
