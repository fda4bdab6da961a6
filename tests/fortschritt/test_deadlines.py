"""/fortschritt/: a "Nächste Frist" for every draft, and an overdue list that includes the
decisions the steering group owes, the latest first, each naming the Fassung. Nothing stale."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from beteiligung.models import CommentWindow
from etappen.models import ConsultationRequest, CouncilConsultation, Draft, Paper
from etappen.services import SectionData, accept_draft, add_section, file_statement
from fortschritt.deadlines import decisions_due, owed_decisions
from fortschritt.progress import internal_detail, stage_progress
from lip.roles import Role
from tests.beteiligung.factories import CommentWindowFactory
from tests.conftest import user_with_role
from tests.etappen.factories import DraftFactory, DraftVersionFactory, StageFactory
from tests.factories import CommitteeFactory

from .conftest import REASON, request_of, send_back, shift_deadlines, submit

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def days(n: int) -> datetime.date:
    return TODAY() + datetime.timedelta(days=n)


def step_of(draft):
    (row,) = [row for stage in stage_progress() for row in stage.drafts if row.draft == draft]
    return row.next_step


@pytest.fixture
def reader(db):
    return user_with_role(Role.COMMITTEE)


# --- Nächste Frist ----------------------------------------------------------------------------


def test_every_draft_has_a_next_step_whatever_its_state(draft, member, office, bodies):
    others = [
        DraftFactory(stage=draft.stage, state=state)
        for state in (Draft.State.IN_WORK, Draft.State.REVISION, Draft.State.ACCEPTED)
    ]
    submit(draft, member)

    rows = [row for stage in stage_progress() for row in stage.drafts]

    assert len(rows) == 4
    assert all(row.next_step and row.next_step.label for row in rows)
    assert {row.draft for row in rows} == {draft, *others}


def test_a_draft_in_work_is_due_by_the_planned_end_of_its_stage(draft):
    draft.stage.planned_start, draft.stage.planned_end = days(-10), days(40)
    draft.stage.save()

    step = step_of(draft)

    assert step.date == days(40)
    assert "Erste Fassung einreichen" in step.label


def test_past_the_planned_end_the_row_says_what_comes_next(draft):
    step = step_of(draft)  # stage 1 was planned until March 2020

    assert step.date is None
    assert "Als Nächstes: erste Fassung einreichen" in step.label


def test_a_submitted_draft_shows_its_next_statement_deadline(draft, member, bodies):
    version = submit(draft, member)
    shift_deadlines(version, 5, committee=bodies.council)

    step = step_of(draft)

    assert (step.date, step.label) == (days(5), "Frist für Stellungnahmen")


def test_an_open_comment_window_ending_first_is_the_next_deadline(draft, member):
    version = submit(draft, member)
    CommentWindowFactory(version=version, closes_at=timezone.now() + datetime.timedelta(days=2))

    step = step_of(draft)

    assert (step.date, step.label) == (days(2), "Ende der Online-Kommentierung")


def test_a_closed_window_is_no_deadline(draft, member):
    version = submit(draft, member)
    CommentWindowFactory(
        version=version,
        opens_at=timezone.now() - datetime.timedelta(days=9),
        closes_at=timezone.now() - datetime.timedelta(days=1),
    )

    assert step_of(draft).label == "Frist für Stellungnahmen"


def test_once_every_deadline_passed_the_decision_is_owed(draft, member):
    version = submit(draft, member)
    shift_deadlines(version, -4)

    step = step_of(draft)

    assert step.date is None
    assert step.overdue_since == days(-4)
    assert step.label == "Beschluss der Lenkungsgruppe steht aus"


def test_with_only_the_steering_groups_own_deadline_left_the_decision_is_due(draft, member, bodies):
    version = submit(draft, member)
    shift_deadlines(version, -2)
    shift_deadlines(version, 6, committee=bodies.steering)

    step = step_of(draft)

    assert (step.date, step.label) == (days(6), "Beschluss der Lenkungsgruppe fällig")


def test_requests_of_a_superseded_version_give_no_deadline(draft, member, office, bodies):
    first = submit(draft, member)
    shift_deadlines(first, 2)
    send_back(first, office)
    second = submit(draft, member)
    shift_deadlines(second, 9)

    assert step_of(draft).date == days(9)


def test_an_accepted_draft_points_to_the_council(draft, member, office):
    version = submit(draft, member)
    accept_draft(version=version, decided_on=TODAY(), pending_override_reason=REASON, by=office)
    draft.stage.planned_council = days(30)
    draft.stage.save()

    step = step_of(draft)

    assert (step.date, step.label) == (days(30), "Geplante Vorlage im Rat")


def test_the_council_procedure_follows_the_paper_of_the_stage(draft, member, office, bodies):
    version = submit(draft, member)
    accept_draft(version=version, decided_on=TODAY(), pending_override_reason=REASON, by=office)
    paper = Paper.objects.create(
        number="0108/2021", title="LIP", kind=Paper.Kind.RESOLUTION, stage=draft.stage
    )
    ausschuss = bodies.round_table  # any body will do for the step
    step = CouncilConsultation.objects.create(
        paper=paper,
        committee=ausschuss,
        position=1,
        role=CouncilConsultation.Role.DECIDING,
        meeting_date=days(12),
    )

    assert step_of(draft).date == days(12)
    assert "Runder Tisch" in step_of(draft).label

    step.result = CouncilConsultation.Result.ADOPTED
    step.save()

    assert step_of(draft).date is None
    assert step_of(draft).label == "Beschlossen: Runder Tisch"


# --- overdue and owed decisions ---------------------------------------------------------------


def test_owed_decisions_are_listed_with_the_fassung_and_how_late(draft, member, bodies):
    version = submit(draft, member)
    shift_deadlines(version, -3)
    shift_deadlines(version, -1, committee=bodies.steering)

    (item,) = owed_decisions(TODAY())

    assert item.committee == bodies.steering
    assert item.version == version
    assert item.days_late == 1  # the consultation ended with its last deadline
    assert item.version_name == (
        "Fassung 1 der Expert*innengruppe Bildung (Etappe 1: Grundlagenpapier)"
    )


def test_a_decided_or_superseded_version_owes_nothing(draft, member, office):
    first = submit(draft, member)
    shift_deadlines(first, -3)
    send_back(first, office)

    assert decisions_due(TODAY()) == []
    detail = internal_detail()
    assert detail.overdue_items == []
    assert detail.pending_items == []

    second = submit(draft, member)
    shift_deadlines(second, -1)
    first_owed = owed_decisions(TODAY())
    assert [item.version for item in first_owed] == [second]


def test_the_overdue_list_mixes_statements_and_decisions_the_latest_first(
    client, reader, draft, member, bodies, group
):
    version = submit(draft, member)
    shift_deadlines(version, -2)
    shift_deadlines(version, -9, committee=bodies.round_table)
    shift_deadlines(version, -5, committee=bodies.council)
    file_statement(request=request_of(version, bodies.council), text="Spät", by=member)
    other = DraftFactory(stage=draft.stage, state=Draft.State.IN_WORK)
    add_section(draft=other, data=SectionData(heading="Ziele", text="Teilhabe."), by=None)
    other_version = submit(other, member)
    shift_deadlines(other_version, -20)
    client.force_login(reader)

    response = client.get("/fortschritt/")

    items = response.context["internal"].overdue_items
    lateness = [(item.committee, item.what, item.version, item.days_late) for item in items]
    assert lateness[0][2] == other_version and lateness[0][3] == 20
    assert (bodies.round_table, "Stellungnahme", version, 9) in lateness
    # The council filed (late): nothing owed any more.
    assert not any(c == bodies.council and v == version for c, _w, v, _d in lateness)
    # The steering group owes its decision on the first version since its last deadline.
    assert (bodies.steering, "Beschluss", version, 2) in lateness
    assert [d for *_rest, d in lateness] == sorted((d for *_rest, d in lateness), reverse=True)
    html = response.content.decode()
    assert 'id="ueberfaellig"' in html
    assert "Fassung 1 der Expert*innengruppe Bildung (Etappe 1: Grundlagenpapier)" in html
    assert "9 Tage überfällig" in html


def test_moot_requests_are_neither_pending_nor_overdue(client, reader, draft, member, office):
    version = submit(draft, member)
    shift_deadlines(version, -3)
    send_back(version, office)
    client.force_login(reader)

    internal = client.get("/fortschritt/").context["internal"]

    assert internal.overdue_items == [] and internal.pending_items == []
    assert internal.owed_decisions == []


def test_the_public_sees_the_next_step_but_no_overdue_list(client, draft, member):
    version = submit(draft, member)
    shift_deadlines(version, -3)

    html = client.get("/fortschritt/").content.decode()

    assert "Beschluss der Lenkungsgruppe steht aus" in html
    assert 'id="ueberfaellig"' not in html


def build(count: int):
    """count submitted drafts with requests past and due, open windows and owed decisions, and
    accepted and returned drafts beside them."""
    stage = StageFactory(number=10 + count, planned_council=days(50))
    kinds = [
        ConsultationRequest.Kind.DECISION,
        ConsultationRequest.Kind.ASSESSMENT,
        ConsultationRequest.Kind.STATEMENT,
    ]
    committees = [CommitteeFactory() for _kind in kinds]
    for index in range(count):
        version = DraftVersionFactory(
            draft=DraftFactory(stage=stage, state=Draft.State.SUBMITTED), number=1
        )
        for committee, kind in zip(committees, kinds, strict=True):
            ConsultationRequest.objects.create(
                version=version,
                committee=committee,
                kind=kind,
                deadline=days(-(index % 7) - 1 if index % 2 else 5),
            )
        if index % 3 == 0:
            CommentWindowFactory(version=version)
        DraftFactory(stage=stage, state=Draft.State.ACCEPTED)
        DraftFactory(stage=stage, state=Draft.State.REVISION)


def test_query_count_is_fixed_with_owed_decisions_windows_and_council_steps(
    client, reader, settings
):
    settings.PAGE_CACHE_ENABLED = False  # what rendering costs (a cached fragment costs nothing)
    client.force_login(reader)
    build(3)
    client.get("/fortschritt/")
    with CaptureQueriesContext(connection) as small:
        client.get("/fortschritt/")

    build(60)
    with CaptureQueriesContext(connection) as large:
        response = client.get("/fortschritt/")

    assert response.status_code == 200
    assert len(response.context["internal"].owed_decisions) > 20
    assert CommentWindow.objects.count() > 20
    assert len(large) == len(small)
