"""The demo election loads on top of the structure, counted in both rounds, ready to publish."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from gremien.models import Organization
from wahlen import services
from wahlen.counting import Outcome, outcome
from wahlen.models import Ballot, Election, VotingRound

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_election():
    # As seed_demo does: the account of the Wahlleitung exists before the demo fixtures load.
    get_user_model().objects.get_or_create(username="geschaeftsstelle")
    call_command("loaddata", "structure", "demo_wahlen", verbosity=0)
    return Election.objects.get(slug="mso-wahl-lenkungsgruppe")


def test_demo_election_has_register_candidates_and_two_counted_rounds(demo_election):
    assert demo_election.title == "Wahl der MSO-Vertreter*innen in die Lenkungsgruppe"
    assert demo_election.committee.slug == "lenkungsgruppe"
    assert demo_election.status == Election.Status.RUNNING
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
    rounds = list(demo_election.rounds.order_by("number"))
    assert [r.status for r in rounds] == [VotingRound.Status.COUNTED] * 2
    assert all(r.public_key and r.counted_by.username == "geschaeftsstelle" for r in rounds)
    # Counted ballots only: the demo holds no sealed ballot and no private key.
    assert not Ballot.objects.filter(sealed__isnull=False).exists()


def test_demo_election_is_decided_and_can_be_published(demo_election, office_user):
    state = outcome(demo_election)
    assert state.state == Outcome.State.DECIDED
    first, runoff = state.results
    assert first.participations == 8 and first.participations_paper == 2
    assert first.ballots_counted == 8 and first.paper_invalid == 1
    assert runoff.participations == 8 and runoff.abstentions == 1
    assert [row.votes for row in runoff.rows] == [3, 2, 1, 1]
    assert [str(candidacy.person) for candidacy in state.elected] == [
        "Leyla Aksoy",
        "Rojda Demir",
    ]

    memberships = services.publish_result(election=demo_election, by=office_user)

    assert len(memberships) == 2
