"""Every election step writes exactly one process event; no event ever concerns a single vote."""

import pytest

from lip.models import ProcessEvent
from tests.wahlen.helpers import finalize, make_election, open_round
from wahlen import services
from wahlen.models import Ballot

pytestmark = pytest.mark.django_db


def steps_and_events(run):
    before = set(ProcessEvent.objects.values_list("pk", flat=True))
    result = run()
    new = ProcessEvent.objects.exclude(pk__in=before)
    return result, list(new)


@pytest.fixture
def election_with_candidates():
    election, _candidacies = make_election(candidates=3, voters=2)
    return election


def test_each_step_writes_exactly_one_event(election_with_candidates, office_user):
    election = election_with_candidates
    _round, events = steps_and_events(lambda: open_round(election, by=office_user))
    assert [(e.kind, e.is_public) for e in events] == [("round_opened", True)]
    assert events[0].subject == election
    assert events[0].url == election.get_absolute_url()

    voting_round = election.rounds.get(number=1)
    _codes, events = steps_and_events(
        lambda: services.generate_codes(voting_round=voting_round, by=office_user)
    )
    assert events == []  # codes are no process step anyone outside the Wahlleitung follows

    _closed, events = steps_and_events(
        lambda: services.close_round(voting_round=voting_round, by=office_user)
    )
    assert [(e.kind, e.is_public) for e in events] == [("round_closed", True)]

    _counted, events = steps_and_events(lambda: finalize(voting_round, by=office_user))
    assert [(e.kind, e.is_public) for e in events] == [("round_counted", False)]


def test_casting_a_ballot_writes_no_event(election_with_candidates, office_user):
    election = election_with_candidates
    open_round(election, by=office_user)
    voting_round = election.rounds.get(number=1)
    issued = services.generate_codes(voting_round=voting_round, by=office_user)
    candidacy = voting_round.candidacies.first()

    _nothing, events = steps_and_events(
        lambda: services.cast_ballot(election=election, code=issued[0].code, candidacy=candidacy)
    )

    assert events == []
    assert Ballot.objects.count() == 1


def test_publishing_writes_one_public_event(office_user):
    from tests.wahlen.test_publish import decided_election

    election, _candidacies = decided_election(office_user)

    _memberships, events = steps_and_events(
        lambda: services.publish_result(election=election, by=office_user)
    )

    assert [(e.kind, e.is_public) for e in events] == [("election_published", True)]


def test_preparation_steps_write_one_internal_event_each(office_user):
    import datetime

    from django.utils import timezone

    from tests.factories import CommitteeFactory, OrganizationFactory, PersonFactory

    election, events = steps_and_events(
        lambda: services.create_election(
            title="Wahl der MSO-Vertreter*innen",
            slug="wahl",
            nomination_deadline=timezone.now() + datetime.timedelta(days=7),
            committee=CommitteeFactory(),
            by=office_user,
        )
    )
    assert [(e.kind, e.is_public) for e in events] == [("election_created", True)]

    mso = OrganizationFactory(kind="mso")
    _entry, events = steps_and_events(
        lambda: services.register_organization(election=election, organization=mso, by=office_user)
    )
    assert [e.kind for e in events] == ["organization_registered"]

    candidacy, events = steps_and_events(
        lambda: services.nominate_candidate(
            election=election,
            organization=mso,
            person=PersonFactory(),
            consent=True,
            by=office_user,
        )
    )
    assert [(e.kind, e.is_public) for e in events] == [("candidate_nominated", False)]

    _withdrawn, events = steps_and_events(
        lambda: services.withdraw_candidacy(candidacy=candidacy, by=office_user)
    )
    assert [e.kind for e in events] == ["candidacy_withdrawn"]

    _none, events = steps_and_events(
        lambda: services.unregister_organization(
            election=election, organization=mso, by=office_user
        )
    )
    assert [e.kind for e in events] == ["organization_unregistered"]
