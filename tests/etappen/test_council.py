"""Stage plans, drafts per stage, the council paper and its Beratungsfolge."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from etappen.models import CouncilConsultation, Draft, Paper, Requirement, Stage
from etappen.services import (
    SectionData,
    accept_draft,
    add_section,
    change_stage_plan,
    compile_council_paper,
    create_drafts_for_stage,
    record_council_result,
    return_draft_for_revision,
    submit_draft,
)
from lip.models import ProcessEvent
from tests.factories import CommitteeFactory

from .factories import DraftFactory, ExpertGroupFactory

pytestmark = pytest.mark.django_db

Result = CouncilConsultation.Result


def test_plan_change_keeps_the_old_plan_and_the_reason(stage, office):
    change_stage_plan(
        stage=stage,
        planned_start=stage.planned_start,
        planned_end=datetime.date(2020, 12, 31),
        planned_council=datetime.date(2021, 2, 25),
        actual_start=datetime.date(2020, 1, 17),
        actual_end=None,
        reason="Pandemie: Sitzungen ab März 2020 ausgesetzt",
        by=office,
    )

    stage.refresh_from_db()
    assert stage.planned_end == datetime.date(2020, 12, 31)
    latest = stage.history.first()
    assert latest.history_change_reason == "Pandemie: Sitzungen ab März 2020 ausgesetzt"
    assert latest.prev_record.planned_end == datetime.date(2020, 3, 31)
    event = ProcessEvent.objects.get()
    assert (event.kind, event.is_public, event.actor) == ("stage_plan_changed", True, office)


@pytest.mark.parametrize(
    "change",
    [
        {"reason": ""},
        {"planned_end": datetime.date(2019, 12, 31)},
        {"actual_start": None, "actual_end": datetime.date(2020, 3, 1)},
        {},  # nothing changed
    ],
)
def test_bad_plan_changes_are_refused(stage, office, change):
    values = {
        "planned_start": stage.planned_start,
        "planned_end": stage.planned_end,
        "planned_council": None,
        "actual_start": None,
        "actual_end": None,
        "reason": "Grund",
        **change,
    }
    with pytest.raises(ValidationError):
        change_stage_plan(stage=stage, by=office, **values)
    assert stage.history.count() == 1
    assert not ProcessEvent.objects.exists()


def test_drafts_for_every_expert_group_once(stage, office):
    groups = [ExpertGroupFactory(), ExpertGroupFactory()]
    CommitteeFactory(kind="integrationsbeirat")

    drafts = create_drafts_for_stage(stage=stage, by=office)

    assert {d.committee for d in drafts} == set(groups)
    assert all(d.state == Draft.State.IN_WORK for d in drafts)
    with pytest.raises(ValidationError):
        create_drafts_for_stage(stage=stage, by=office)
    assert ProcessEvent.objects.filter(kind="drafts_created").count() == 1


def test_one_draft_per_group_and_stage_in_the_database(draft):
    with pytest.raises(IntegrityError), transaction.atomic():
        Draft.objects.create(stage=draft.stage, committee=draft.committee)


@pytest.fixture
def accepted_stage(stage, draft, member, office, bodies):
    """Two expert groups, both accepted: the second after one round of revision."""
    first = submit_draft(draft=draft, by=member)
    accept_draft(
        pending_override_reason="Die Lenkungsgruppe tagte vor Fristende.",
        version=first,
        decided_on=timezone.localdate(),
        by=office,
    )
    other = DraftFactory(stage=stage, committee=ExpertGroupFactory(name="Wirtschaft"))
    add_section(draft=other, data=SectionData(heading="Lokale Ökonomie"), by=member)
    v1 = submit_draft(draft=other, by=member)
    return_draft_for_revision(
        pending_override_reason="Die Lenkungsgruppe tagte vor Fristende.",
        version=v1,
        decided_on=timezone.localdate(),
        requirements=["x"],
        by=office,
    )
    v2 = submit_draft(
        draft=other, addressed_requirements=list(Requirement.objects.all()), by=member
    )
    accept_draft(
        pending_override_reason="Die Lenkungsgruppe tagte vor Fristende.",
        version=v2,
        decided_on=timezone.localdate(),
        by=office,
    )
    return stage


def compile_paper(stage, office, **kwargs):
    values = {
        "number": "0108/2021",
        "title": "Lokaler Integrationsplan: Strategisches Grundlagenpapier",
        "date": timezone.localdate(),
        **kwargs,
    }
    return compile_council_paper(stage=stage, by=office, **values)


def test_compile_the_council_paper(accepted_stage, office, bodies):
    committee_of_finance = CommitteeFactory(name="Verwaltungsausschuss", kind="ausschuss")

    paper = compile_paper(accepted_stage, office, further_committees=[committee_of_finance])

    assert paper.kind == Paper.Kind.RESOLUTION
    assert sorted((v.draft.committee.name, v.number) for v in paper.versions.all()) == [
        ("Bildung", 1),
        ("Wirtschaft", 2),
    ]
    steps = [(c.committee.name, c.role) for c in paper.consultations.all()]
    assert steps == [
        ("Internationaler Ausschuss", CouncilConsultation.Role.LEAD),
        ("Verwaltungsausschuss", CouncilConsultation.Role.ADVISORY),
        ("Ratsversammlung", CouncilConsultation.Role.DECIDING),
    ]
    event = ProcessEvent.objects.first()
    assert (event.kind, event.is_public) == ("council_paper_compiled", True)


def test_council_paper_only_when_every_draft_is_accepted(
    stage, draft, member, office, bodies, accepted_stage
):
    DraftFactory(stage=stage, committee=ExpertGroupFactory(name="Soziales"))

    with pytest.raises(ValidationError) as refused:
        compile_paper(stage, office)
    assert "Soziales" in refused.value.messages[0]
    assert not Paper.objects.exists()


def test_stage_without_drafts_has_no_council_paper(office, bodies):
    stage = Stage.objects.create(
        number=3,
        name="x",
        planned_start=datetime.date(2022, 1, 1),
        planned_end=datetime.date(2022, 2, 1),
    )
    with pytest.raises(ValidationError):
        compile_paper(stage, office)


@pytest.mark.parametrize(
    "number", ["108/2021", "0108-2021", "0108/21", "abcd/2021", " ", "01082021"]
)
def test_council_paper_number_format(accepted_stage, office, number):
    with pytest.raises(ValidationError):
        compile_paper(accepted_stage, office, number=number)
    assert not Paper.objects.exists()


def test_number_format_also_in_the_database(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Paper.objects.create(number="12/2020", title="x", kind="antrag", date=datetime.date.today())


def test_council_paper_number_is_unique(accepted_stage, office):
    Paper.objects.create(
        number="0108/2021", title="Andere", kind="antrag", date=timezone.localdate()
    )
    with pytest.raises(ValidationError):
        compile_paper(accepted_stage, office)


def test_one_council_paper_per_stage(accepted_stage, office):
    compile_paper(accepted_stage, office)
    with pytest.raises(ValidationError):
        compile_paper(accepted_stage, office, number="0109/2021")


def test_beratungsfolge_in_order_with_dates_and_results(accepted_stage, office):
    paper = compile_paper(accepted_stage, office)
    ausschuss, rat = paper.consultations.all()
    today = timezone.localdate()

    with pytest.raises(ValidationError):
        record_council_result(
            consultation=rat, meeting_date=today, result=Result.ADOPTED, by=office
        )

    record_council_result(
        consultation=ausschuss, meeting_date=today, result=Result.POSTPONED, by=office
    )
    # A postponed item comes back.
    record_council_result(
        consultation=ausschuss, meeting_date=today, result=Result.ADOPTED_AMENDED, by=office
    )
    with pytest.raises(ValidationError):
        record_council_result(
            consultation=ausschuss, meeting_date=today, result=Result.REJECTED, by=office
        )
    record_council_result(consultation=rat, meeting_date=today, result=Result.ADOPTED, by=office)

    ausschuss.refresh_from_db()
    assert ausschuss.result == Result.ADOPTED_AMENDED
    assert [h.result for h in ausschuss.history.order_by("history_id")] == [
        "",
        Result.POSTPONED,
        Result.ADOPTED_AMENDED,
    ]
    results = ProcessEvent.objects.filter(kind="council_result_recorded")
    assert results.count() == 3
    assert all(event.is_public for event in results)


@pytest.mark.parametrize(("result", "days"), [("unbekannt", 0), (Result.ADOPTED, -1)])
def test_bad_council_results_are_refused(accepted_stage, office, result, days):
    paper = compile_paper(accepted_stage, office)
    first = paper.consultations.first()

    with pytest.raises(ValidationError):
        record_council_result(
            consultation=first,
            meeting_date=paper.date + datetime.timedelta(days=days),
            result=result,
            by=office,
        )
    first.refresh_from_db()
    assert first.result == ""
