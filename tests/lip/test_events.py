import pytest

from lip.events import record_event
from lip.models import ProcessEvent
from tests.factories import CommitteeFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_record_event_links_subject_and_actor():
    committee = CommitteeFactory()
    actor = UserFactory()

    event = record_event(
        kind="meeting_held", summary="Sitzung fand statt", subject=committee, by=actor, public=True
    )

    assert event.subject == committee
    assert event.actor == actor
    assert list(ProcessEvent.objects.public()) == [event]


def test_internal_events_are_not_public():
    record_event(kind="statement_filed", summary="intern")

    assert not ProcessEvent.objects.public().exists()
    assert ProcessEvent.objects.get().actor is None
