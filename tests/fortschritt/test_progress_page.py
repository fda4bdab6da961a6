"""/fortschritt/: stages against plan, drafts, diagrams, the public/internal split."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from etappen.models import ConsultationRequest, Decision, Draft, Requirement
from gremien.models import Committee, Meeting
from lip.events import record_event
from lip.roles import Role
from tests.conftest import user_with_role
from tests.etappen.factories import (
    CatalogueStageFactory,
    DraftFactory,
    DraftVersionFactory,
    ExpertGroupFactory,
    StageFactory,
)
from tests.factories import CommitteeFactory, MembershipFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def build(count: int):
    """count drafts in both stages, each submitted with an open request, and count events."""
    stages = [StageFactory(), CatalogueStageFactory()]
    beirat = CommitteeFactory(kind=Committee.Kind.INTEGRATION_COUNCIL)
    deadline = timezone.localdate() + datetime.timedelta(days=10)
    for index in range(count):
        draft = DraftFactory(stage=stages[index % 2], state=Draft.State.SUBMITTED)
        version = DraftVersionFactory(draft=draft, number=1)
        ConsultationRequest.objects.create(
            version=version,
            committee=beirat,
            kind=ConsultationRequest.Kind.ASSESSMENT,
            deadline=deadline,
        )
        decision = Decision.objects.create(
            version=version,
            outcome=Decision.Outcome.REVISION,
            decided_on=timezone.localdate(),
            recorded_by=UserFactory(),
        )
        Requirement.objects.create(decision=decision, position=1, text=f"Vorgabe {index}")
        record_event(kind="draft_submitted", summary=f"Öffentlich {index}", public=True)
        record_event(kind="statement_filed", summary=f"Intern {index}")


@pytest.fixture
def committee_member(db):
    return user_with_role(Role.COMMITTEE)


def test_public_page_shows_stages_drafts_and_public_events_only(client):
    build(2)

    html = client.get("/fortschritt/").content.decode()

    assert "Grundlagenpapier" in html
    assert "Ziel- und Maßnahmenkatalog" in html
    assert "eingereicht" in html.lower() or "Beratung läuft" in html
    assert "Öffentlich 0" in html
    assert "Intern 0" not in html
    assert "Vorgabe 0" not in html
    assert 'id="intern"' not in html


@pytest.mark.parametrize("role", [Role.COMMITTEE, Role.OFFICE])
def test_internal_detail_for_committee_and_office(client, role):
    build(2)
    client.force_login(user_with_role(role))

    html = client.get("/fortschritt/").content.decode()

    assert 'id="intern"' in html
    assert "Intern 0" in html
    assert "Vorgabe 1" in html


def test_internal_detail_for_steering_group_members(client):
    build(1)
    steering = CommitteeFactory(kind=Committee.Kind.STEERING_GROUP)
    user = UserFactory()
    MembershipFactory(committee=steering, person=PersonFactory(user=user))
    client.force_login(user)

    assert 'id="intern"' in client.get("/fortschritt/").content.decode()


def test_signed_in_without_role_sees_the_public_page(client):
    build(1)
    client.force_login(UserFactory())

    assert 'id="intern"' not in client.get("/fortschritt/").content.decode()


def test_overdue_statements_are_listed_for_the_committee(client, committee_member):
    draft = DraftFactory(state=Draft.State.SUBMITTED)
    version = DraftVersionFactory(draft=draft, number=1)
    council = CommitteeFactory(name="Runder Tisch für Gleichberechtigung")
    ConsultationRequest.objects.create(
        version=version,
        committee=council,
        kind=ConsultationRequest.Kind.STATEMENT,
        deadline=timezone.localdate() - datetime.timedelta(days=1),
    )
    client.force_login(committee_member)

    response = client.get("/fortschritt/")

    assert [r.committee for r in response.context["internal"].overdue] == [council]
    assert response.context["internal"].pending == []


def test_warning_while_fewer_than_two_retreats_are_planned(client, committee_member):
    ausschuss = CommitteeFactory(kind=Committee.Kind.COMMITTEE)
    Meeting.objects.create(
        committee=ausschuss,
        kind=Meeting.Kind.RETREAT,
        title="Klausurtagung 1",
        start=timezone.now(),
    )
    client.force_login(committee_member)

    html = client.get("/fortschritt/").content.decode()
    assert "Klausurtagung" in html
    assert "Bisher ist nur 1 Klausurtagung mit den Expert*innengruppen geplant" in html
    # Served from the fragment cache now; the warning is part of the stored body.
    assert "Bisher ist nur 1 Klausurtagung" in client.get("/fortschritt/").content.decode()

    Meeting.objects.create(
        committee=ausschuss,
        kind=Meeting.Kind.RETREAT,
        title="Klausurtagung 2",
        start=timezone.now(),
    )
    # The meeting bumped gremien: the body is rendered anew, without the warning.
    assert "Bisher ist nur" not in client.get("/fortschritt/").content.decode()


def test_cancelled_retreats_do_not_count(client, committee_member):
    ausschuss = CommitteeFactory(kind=Committee.Kind.COMMITTEE)
    for status in (Meeting.Status.PLANNED, Meeting.Status.CANCELLED):
        Meeting.objects.create(
            committee=ausschuss,
            kind=Meeting.Kind.RETREAT,
            title="Klausurtagung",
            start=timezone.now(),
            status=status,
        )
    client.force_login(committee_member)

    assert client.get("/fortschritt/").context["internal"].retreats_planned == 1


def test_stage_progress_counts_accepted_drafts(client):
    stage = StageFactory()
    DraftFactory(stage=stage, state=Draft.State.ACCEPTED)
    DraftFactory(stage=stage, state=Draft.State.IN_WORK)

    stages = client.get("/fortschritt/").context["stages"]

    first = next(row for row in stages if row.stage == stage)
    assert (first.accepted, first.total, first.percent) == (1, 2, 50)
    assert first.is_behind_plan(datetime.date(2020, 4, 1))
    assert not first.is_behind_plan(datetime.date(2020, 3, 1))


def test_next_deadline_per_draft(client):
    draft = DraftFactory(state=Draft.State.SUBMITTED)
    version = DraftVersionFactory(draft=draft, number=1)
    soon = timezone.localdate() + datetime.timedelta(days=3)
    for days, kind in ((3, "einschaetzung"), (20, "stellungnahme")):
        ConsultationRequest.objects.create(
            version=version,
            committee=CommitteeFactory(),
            kind=kind,
            deadline=timezone.localdate() + datetime.timedelta(days=days),
        )

    stages = client.get("/fortschritt/").context["stages"]

    assert stages[0].drafts[0].next_deadline == soon


@pytest.mark.parametrize("as_member", [False, True])
def test_query_count_does_not_grow_with_events_and_drafts(client, as_member, settings):
    settings.PAGE_CACHE_ENABLED = False  # what rendering costs (a cache hit costs nothing)
    if as_member:
        client.force_login(user_with_role(Role.COMMITTEE))
    build(5)
    client.get("/fortschritt/")  # warm caches such as content types
    with CaptureQueriesContext(connection) as small:
        client.get("/fortschritt/")

    build(500)
    with CaptureQueriesContext(connection) as large:
        response = client.get("/fortschritt/")

    assert response.status_code == 200
    assert len(large) == len(small)


def test_diagrams_are_drawn_from_live_bodies_as_text(client):
    call_command("loaddata", "structure", verbosity=0)
    Committee.objects.create(name="Jugendgruppe", slug="jugend", kind="expertengruppe")

    for path in ("/", "/fortschritt/"):
        html = client.get(path).content.decode()
        # Both diagrams are HTML text (tests/fortschritt/test_diagrams.py), not pictures.
        assert html.count('class="lip-diagram ') == 2
        assert "Jugendgruppe" in html  # a body added as data appears in the diagram
        assert "11 Integrationsbeiräte" in html
        assert "von 23 Stimmen besetzt" in html


def test_process_diagram_counts_drafts_per_step(client):
    stage = StageFactory()
    DraftFactory(stage=stage, state=Draft.State.REVISION)
    DraftFactory(stage=stage, state=Draft.State.REVISION, committee=ExpertGroupFactory())

    diagram = client.get("/fortschritt/").context["process_diagram"]

    drafting = next(step for step in diagram.stages[0].steps if step.kind == "work")
    assert "zur Überarbeitung: 2" in [item.text for item in drafting.items]


def test_demo_data_fills_the_progress_page(client, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    response = client.get("/fortschritt/")

    assert len(response.context["events"]) >= 5
    assert all(event.is_public for event in response.context["events"])
    assert "Soziales hat Fassung 1 des Grundlagenpapiers eingereicht" in response.content.decode()
    assert any(row.drafts for row in response.context["stages"])


def test_comment_figures_per_draft_for_internal_readers(client, committee_member):
    from beteiligung.models import Consideration, Contribution
    from tests.beteiligung.factories import CommentFactory, PublishedVersionFactory

    version = PublishedVersionFactory()
    answered = CommentFactory(version=version)
    CommentFactory(version=version)
    CommentFactory(version=version, status=Contribution.Status.PENDING, published_at=None)
    Consideration.objects.create(
        contribution=answered,
        committee=version.draft.committee,
        outcome=Consideration.Outcome.CONSIDERED,
        reason="Aufgenommen in Abschnitt 2.",
        answered_by=committee_member,
    )
    client.force_login(committee_member)

    comments = client.get("/fortschritt/").context["internal"].comments

    assert [(row.draft, row.published, row.pending, row.answered) for row in comments] == [
        (version.draft, 2, 1, 1)
    ]


def test_next_dates_list_public_events(client):
    from tests.beteiligung.factories import EventFactory

    EventFactory(title="Podiumsdiskussion zum Grundlagenpapier")
    EventFactory(title="Internes Treffen", is_public=False)

    html = client.get("/fortschritt/").content.decode()

    assert "Podiumsdiskussion zum Grundlagenpapier" in html
    assert "Internes Treffen" not in html
