"""The draft's state machine: every allowed transition works, every other one changes nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from etappen.models import ConsultationRequest, Decision, Draft, DraftVersion, Requirement
from etappen.services import accept_draft, return_draft_for_revision, submit_draft
from lip.models import ProcessEvent

from .factories import DraftVersionFactory

pytestmark = pytest.mark.django_db

State = Draft.State
ALLOWED = {
    (State.IN_WORK, "submit"): State.SUBMITTED,
    (State.REVISION, "submit"): State.SUBMITTED,
    (State.SUBMITTED, "accept"): State.ACCEPTED,
    (State.SUBMITTED, "return_for_revision"): State.REVISION,
}
PAIRS = [(state, transition) for state in State for transition in Draft.TRANSITIONS]


def test_the_table_lists_exactly_the_allowed_transitions():
    table = {
        (state, name): target
        for name, (sources, target) in Draft.TRANSITIONS.items()
        for state in sources
    }
    assert table == ALLOWED


def bring_to(draft: Draft, state: str, office) -> None:
    """Reach the state through the services, as in real use."""
    if state == State.IN_WORK:
        # A version row lets accept/return be tried at all; the draft stays in work.
        DraftVersionFactory(draft=draft, number=1, created_by=office)
        return
    version = submit_draft(draft=draft, by=office)
    if state == State.ACCEPTED:
        accept_draft(
            pending_override_reason="Die Lenkungsgruppe tagte vor Fristende.",
            version=version,
            decided_on=timezone.localdate(),
            by=office,
        )
    elif state == State.REVISION:
        return_draft_for_revision(
            pending_override_reason="Die Lenkungsgruppe tagte vor Fristende.",
            version=version,
            decided_on=timezone.localdate(),
            requirements=["Kürzer"],
            by=office,
        )


def run(transition: str, draft: Draft, office):
    version = draft.versions.order_by("-number").first()
    if transition == "submit":
        return submit_draft(draft=draft, by=office)
    if transition == "accept":
        return accept_draft(
            pending_override_reason="Die Lenkungsgruppe tagte vor Fristende.",
            version=version,
            decided_on=timezone.localdate(),
            by=office,
        )
    return return_draft_for_revision(
        pending_override_reason="Die Lenkungsgruppe tagte vor Fristende.",
        version=version,
        decided_on=timezone.localdate(),
        requirements=["Begriffe schärfen"],
        by=office,
    )


def snapshot(draft: Draft) -> dict:
    draft.refresh_from_db()
    return {
        "state": draft.state,
        "versions": DraftVersion.objects.count(),
        "decisions": Decision.objects.count(),
        "requirements": Requirement.objects.count(),
        "requests": ConsultationRequest.objects.count(),
        "events": ProcessEvent.objects.count(),
        "history": draft.history.count(),
    }


@pytest.mark.parametrize(("state", "transition"), PAIRS)
def test_transition(draft, office, state, transition):
    bring_to(draft, state, office)
    before = snapshot(draft)
    assert before["state"] == state

    if (state, transition) in ALLOWED:
        run(transition, draft, office)
        after = snapshot(draft)
        assert after["state"] == ALLOWED[(state, transition)]
        assert after["events"] == before["events"] + 1
        assert after["history"] == before["history"] + 1
    else:
        with pytest.raises(ValidationError) as refused:
            run(transition, draft, office)
        assert refused.value.code == "invalid_transition"
        assert str(State(state).label) in refused.value.messages[0]
        assert snapshot(draft) == before


@pytest.mark.parametrize(("state", "transition"), sorted(ALLOWED))
def test_each_transition_writes_one_event_of_its_kind(draft, office, state, transition):
    bring_to(draft, state, office)
    ProcessEvent.objects.all().delete()

    run(transition, draft, office)

    event = ProcessEvent.objects.get()
    assert (
        event.kind
        == {
            "submit": "draft_submitted",
            "accept": "draft_accepted",
            "return_for_revision": "draft_returned",
        }[transition]
    )
    assert event.subject == draft
    assert event.actor == office
    # The state is public, the text is not: the summary names the group, never a section.
    assert event.is_public
    assert "Bildung" in event.summary
    assert "Vielfalt" not in event.summary


def test_refusal_message_is_german(draft, office):
    bring_to(draft, State.ACCEPTED, office)
    with pytest.raises(ValidationError) as refused:
        submit_draft(draft=draft, by=office)
    assert refused.value.messages[0] == (
        "Nur ein Entwurf in Arbeit oder in Überarbeitung kann eingereicht werden; dieser "
        "Entwurf ist „angenommen“."
    )
