"""A decided or superseded version takes no input: its pending requests are moot, no task, and
refused; deciding while statements are pending needs a reason; accepting settles every open
Vorgabe (closed as fulfilled, or carried into the group's next stage)."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import timezone

from etappen.models import (
    ConsultationRequest,
    Decision,
    Draft,
    DraftVersion,
    Requirement,
    Statement,
    StatementDraft,
)
from etappen.services import (
    SectionData,
    accept_draft,
    add_section,
    extend_deadline,
    file_statement,
    plan_decision,
    plan_submission,
    return_draft_for_revision,
    save_statement_draft,
    submit_draft,
)
from fortschritt.progress import internal_detail, stage_progress
from fortschritt.tasks import tasks_for
from lip.models import ProcessEvent

from .factories import CatalogueStageFactory, DraftFactory, DraftVersionFactory, member_of

pytestmark = pytest.mark.django_db

Status = ConsultationRequest.Status
TODAY = timezone.localdate
REASON = "Die Lenkungsgruppe tagte vor Fristende."


@pytest.fixture
def version(draft, member):
    return submit_draft(draft=draft, by=member)


def request_of(version, name) -> ConsultationRequest:
    return (
        ConsultationRequest.objects.select_related("version", "statement", "committee")
        .filter(version=version, committee__name=name)
        .get()
    )


def overdue(request):
    ConsultationRequest.objects.filter(pk=request.pk).update(
        deadline=TODAY() - datetime.timedelta(days=3)
    )


def send_back(version, office, **kwargs):
    return return_draft_for_revision(
        version=version,
        decided_on=TODAY(),
        requirements=kwargs.pop("requirements", ["Begriffe erklären"]),
        pending_override_reason=kwargs.pop("pending_override_reason", REASON),
        by=office,
        **kwargs,
    )


# --- closing the version ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("outcome", "reason"),
    [
        (Decision.Outcome.ACCEPTED, DraftVersion.ClosedReason.ACCEPTED),
        (Decision.Outcome.REVISION, DraftVersion.ClosedReason.RETURNED),
    ],
)
def test_a_decision_closes_the_version_at_that_moment(version, office, outcome, reason):
    before = timezone.now()
    if outcome == Decision.Outcome.ACCEPTED:
        accept_draft(version=version, decided_on=TODAY(), pending_override_reason=REASON, by=office)
    else:
        send_back(version, office)

    version.refresh_from_db()
    assert version.is_closed
    assert version.closed_reason == reason
    assert before <= version.closed_at <= timezone.now()


def test_its_pending_requests_become_moot_and_stop_being_tasks(version, member, office, bodies):
    filed = request_of(version, "Integrationsbeirat Mitte")
    file_statement(request=filed, text="Einschätzung", by=member)
    late = request_of(version, "Runder Tisch")
    overdue(late)
    assert request_of(version, "Runder Tisch").is_overdue(TODAY())

    send_back(version, office)

    assert request_of(version, "Runder Tisch").status(TODAY()) == Status.MOOT
    assert not request_of(version, "Runder Tisch").is_overdue(TODAY())
    assert request_of(version, "Integrationsbeirat Mitte").status(TODAY()) == Status.RECEIVED
    assert not ConsultationRequest.objects.filter(version=version).pending().exists()
    assert not ConsultationRequest.objects.overdue(TODAY()).exists()
    assert {r.committee.name for r in ConsultationRequest.objects.moot()} == {
        "Integrationsbeirat Linden-Limmer",
        "Delegiertenkonferenz",
        "Runder Tisch",
    }


def test_moot_requests_of_an_earlier_version_are_no_task_after_resubmitting(
    draft, version, member, office, bodies
):
    beirat = member_of(bodies.round_table)
    ConsultationRequest.objects.filter(version=version).update(
        deadline=TODAY() + datetime.timedelta(days=1)
    )
    overdue(request_of(version, "Runder Tisch"))
    send_back(version, office)
    second = submit_draft(draft=draft, by=member)

    owed = tasks_for(beirat).requests
    assert [r.version_id for r in owed] == [second.pk]
    detail = internal_detail()
    assert {r.version_id for r in detail.pending + detail.overdue} == {second.pk}
    assert detail.overdue == []
    # The next deadline on /fortschritt/ comes from the running consultation only.
    (row,) = [row for stage in stage_progress() for row in stage.drafts if row.draft == draft]
    assert row.next_deadline == min(
        r.deadline for r in second.consultation_requests.expecting_statement()
    )


def test_filing_on_a_moot_request_is_refused_and_changes_nothing(version, member, office):
    send_back(version, office)
    request = request_of(version, "Runder Tisch")
    events = ProcessEvent.objects.count()

    with pytest.raises(ValidationError) as refused:
        file_statement(request=request, text="Zu spät", by=member)

    assert refused.value.code == "moot"
    assert "gegenstandslos" in refused.value.messages[0]
    assert "zur Überarbeitung" in refused.value.messages[0]
    with pytest.raises(ValidationError):
        save_statement_draft(request=request, text="Entwurf", by=member)
    with pytest.raises(ValidationError):
        extend_deadline(request=request, deadline=TODAY() + datetime.timedelta(days=30), by=office)
    assert not Statement.objects.exists()
    assert not StatementDraft.objects.exists()
    assert ProcessEvent.objects.count() == events


def test_a_newer_version_supersedes_one_still_open(draft, member, office):
    # A version left open by earlier data (the data migration closes those it can tell).
    legacy = DraftVersionFactory(draft=draft, number=1, created_by=member)
    request = ConsultationRequest.objects.create(
        version=legacy,
        committee=draft.committee,
        kind=ConsultationRequest.Kind.STATEMENT,
        deadline=TODAY(),
    )

    plan = plan_submission(draft=draft)
    assert plan.superseded == [legacy]
    newer = submit_draft(draft=draft, by=member)

    legacy.refresh_from_db()
    assert newer.number == 2
    assert legacy.closed_reason == DraftVersion.ClosedReason.SUPERSEDED
    assert legacy.closed_at >= newer.created_at - datetime.timedelta(seconds=5)
    assert request_of(legacy, draft.committee.name).status(TODAY()) == Status.MOOT
    event = ProcessEvent.objects.get(kind="draft_submitted")
    assert event.data["superseded"] == [{"version": legacy.pk, "pending": [request.pk]}]


def test_a_refused_decision_closes_nothing(version, office):
    with pytest.raises(ValidationError):
        send_back(version, office, requirements=[])

    version.refresh_from_db()
    assert not version.is_closed
    assert ConsultationRequest.objects.filter(version=version).pending().count() == 4


# --- deciding while statements are pending ------------------------------------------------


def test_deciding_while_statements_are_pending_needs_a_reason(version, office):
    with pytest.raises(ValidationError) as refused:
        accept_draft(version=version, decided_on=TODAY(), pending_override_reason="  ", by=office)

    assert refused.value.code == "pending"
    assert "Runder Tisch" in refused.value.messages[0]
    assert "Grund" in refused.value.messages[0]
    assert not Decision.objects.exists()
    version.refresh_from_db()
    assert not version.is_closed
    assert Draft.objects.get(pk=version.draft_id).state == Draft.State.SUBMITTED


def test_the_reason_and_the_pending_bodies_are_recorded(version, member, office):
    file_statement(request=request_of(version, "Runder Tisch"), text="Gut", by=member)

    decision = accept_draft(
        version=version, decided_on=TODAY(), pending_override_reason=REASON, by=office
    )

    assert decision.pending_override_reason == REASON
    event = ProcessEvent.objects.get(kind="draft_accepted")
    assert {entry["body"] for entry in event.data["pending"]} == {
        "Integrationsbeirat Mitte",
        "Integrationsbeirat Linden-Limmer",
        "Delegiertenkonferenz",
    }
    assert event.data["pending_override_reason"] == REASON


def test_without_pending_statements_no_reason_is_needed_or_kept(version, member, office):
    for request in ConsultationRequest.objects.filter(version=version).pending():
        file_statement(request=request, text="Stellungnahme", by=member)

    decision = accept_draft(
        version=version, decided_on=TODAY(), pending_override_reason="ohne Belang", by=office
    )

    assert decision.pending_override_reason == ""
    assert ProcessEvent.objects.get(kind="draft_accepted").data["pending"] == []


def test_the_plan_says_what_deciding_does_and_writes_nothing(version, office):
    plan = plan_decision(
        version=version,
        outcome=Decision.Outcome.REVISION,
        decided_on=TODAY(),
        requirements=["Kürzen", " "],
        pending_override_reason=REASON,
    )

    assert not plan.accepting
    assert plan.requirements == ["Kürzen"]
    assert len(plan.pending) == 4
    assert not Decision.objects.exists()
    version.refresh_from_db()
    assert not version.is_closed


# --- open Vorgaben when accepting ---------------------------------------------------------


@pytest.fixture
def second_round(draft, version, member, office):
    """Version 1 went back with two Vorgaben; version 2 takes up neither."""
    decision = send_back(version, office, requirements=["Begriffe erklären", "Beispiele"])
    second = submit_draft(draft=draft, by=member)
    return second, list(decision.requirements.all())


def test_accepting_with_open_requirements_needs_a_choice_for_each(second_round, office):
    second, (terms, _examples) = second_round

    with pytest.raises(ValidationError) as refused:
        accept_draft(
            version=second,
            decided_on=TODAY(),
            pending_override_reason=REASON,
            requirement_settlements={terms.pk: Requirement.Settlement.FULFILLED},
            by=office,
        )

    assert refused.value.code == "settlements"
    assert "noch offen" in refused.value.messages[0]
    assert not Decision.objects.filter(version=second).exists()
    assert Requirement.objects.open().count() == 2


def test_accepting_closes_or_carries_each_open_requirement(
    second_round, group, member, office, bodies
):
    second, (terms, examples) = second_round

    decision = accept_draft(
        version=second,
        decided_on=TODAY(),
        pending_override_reason=REASON,
        requirement_settlements={
            terms.pk: Requirement.Settlement.FULFILLED,
            examples.pk: Requirement.Settlement.CARRIED,
        },
        by=office,
    )

    terms.refresh_from_db()
    examples.refresh_from_db()
    assert (terms.settlement, terms.settled_by) == (Requirement.Settlement.FULFILLED, decision)
    assert (examples.settlement, examples.settled_by) == (Requirement.Settlement.CARRIED, decision)
    assert list(Requirement.objects.open()) == [examples]
    event = ProcessEvent.objects.get(kind="draft_accepted")
    assert event.data["settlements"] == {str(terms.pk): "erledigt", str(examples.pk): "uebernommen"}

    # Carried: the group's draft of the next stage has it open and can take it up.
    next_draft = DraftFactory(stage=CatalogueStageFactory(), committee=group)
    other_group = DraftFactory(stage=next_draft.stage)
    assert list(Requirement.objects.open_for(next_draft)) == [examples]
    assert list(Requirement.objects.open_for(other_group)) == []
    add_section(draft=next_draft, data=SectionData(heading="Ziel", kind="ziel"), by=member)
    taking_up = submit_draft(draft=next_draft, addressed_requirements=[examples], by=member)
    assert list(taking_up.addressed_requirements.all()) == [examples]
    assert not Requirement.objects.open().exists()


def test_a_choice_for_a_requirement_not_open_on_this_draft_is_refused(
    second_round, stage, member, office
):
    second, requirements = second_round
    other = DraftFactory(stage=stage)
    add_section(draft=other, data=SectionData(heading="Anderes"), by=member)
    decision = send_back(submit_draft(draft=other, by=member), office, requirements=["Fremd"])
    foreign = decision.requirements.get()
    settlements = {r.pk: Requirement.Settlement.FULFILLED for r in requirements}

    with pytest.raises(ValidationError) as refused:
        accept_draft(
            version=second,
            decided_on=TODAY(),
            pending_override_reason=REASON,
            requirement_settlements={**settlements, foreign.pk: Requirement.Settlement.FULFILLED},
            by=office,
        )

    assert refused.value.code == "settlements"
    foreign.refresh_from_db()
    assert foreign.settlement == ""


# --- drafts of statements -----------------------------------------------------------------


def test_a_statement_draft_is_kept_until_filing(version, member):
    request = request_of(version, "Runder Tisch")

    save_statement_draft(request=request, text="Erster Gedanke", by=member)
    save_statement_draft(request=request, text="  Zweiter Gedanke  ", by=member)

    draft = StatementDraft.objects.get(request=request)
    assert (draft.text, draft.updated_by) == ("Zweiter Gedanke", member)
    assert not Statement.objects.exists()
    assert not ProcessEvent.objects.filter(kind="statement_filed").exists()

    file_statement(request=request, text="Endgültig", by=member)

    assert Statement.objects.get(request=request).text == "Endgültig"
    assert not StatementDraft.objects.exists()
    with pytest.raises(ValidationError):
        save_statement_draft(request=request, text="Nachtrag", by=member)


# --- the data migration -------------------------------------------------------------------


def test_the_migration_closes_decided_and_superseded_versions(draft, version, member, office):
    send_back(version, office)
    second = submit_draft(draft=draft, by=member)
    left_open = DraftVersionFactory(draft=DraftFactory(), number=1)
    newer = DraftVersionFactory(draft=left_open.draft, number=2)
    DraftVersion.objects.update(closed_at=None, closed_reason="")

    migration = importlib.import_module(
        "etappen.migrations.0004_close_decided_and_superseded_versions"
    )
    migration.close_versions(apps, None)

    closed = dict(DraftVersion.objects.values_list("pk", "closed_reason"))
    assert closed == {
        version.pk: "zurueckgegeben",
        second.pk: "",
        left_open.pk: "abgeloest",
        newer.pk: "",
    }
    migration.reopen_versions(apps, None)
    assert not DraftVersion.objects.filter(closed_at__isnull=False).exists()
