"""The etappen fixtures: the real structure of the council document, and demo data on top."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from etappen.models import (
    ConsultationRequest,
    Decision,
    Draft,
    DraftVersion,
    MeasureOutcome,
    Paper,
    Requirement,
    SectionKind,
    Stage,
    Statement,
)
from etappen.permissions import can_edit_draft, can_file_statement, can_view_version
from gremien.models import Committee
from lip.management.commands.seed_demo import DEMO_ACCOUNTS

pytestmark = pytest.mark.django_db


@pytest.fixture
def structure():
    call_command("loaddata", "structure", "structure_etappen", verbosity=0)


@pytest.fixture
def demo(structure):
    # As seed_demo does: the accounts exist (with their roles) before the demo fixtures load.
    for username, role, _is_staff, _description in DEMO_ACCOUNTS:
        user, _created = get_user_model().objects.get_or_create(username=username)
        user.groups.add(Group.objects.get(name=role.value))
    call_command("loaddata", "demo", "demo_etappen", verbosity=0)


def test_the_two_stages_of_the_document(structure):
    first, second = Stage.objects.order_by("number")
    assert (first.name, first.structured) == ("Grundlagenpapier", False)
    assert (first.planned_start.isoformat(), first.planned_end.isoformat()) == (
        "2020-01-01",
        "2020-03-31",
    )
    assert (second.name, second.structured) == ("Ziel- und Maßnahmenkatalog", True)
    assert second.planned_end.isoformat() == "2020-12-31"
    assert second.planned_council.year == 2021


def test_the_background_papers_of_the_document(structure):
    papers = {paper.number: paper for paper in Paper.objects.all()}
    assert set(papers) == {"2136/2018", "0949/2019", "2472/2019"}
    assert papers["0949/2019"].title == "Aktualisierung des LIP"
    assert papers["2472/2019"].kind == Paper.Kind.RESOLUTION
    assert papers["2472/2019"].title.startswith("Weiterentwicklung des Lokalen Integrationsplans")
    assert all(paper.stage is None for paper in papers.values())


def test_demo_has_drafts_in_every_state(demo):
    states = set(Draft.objects.values_list("state", flat=True))
    assert states == set(Draft.State.values)
    assert Draft.objects.filter(gender_relevant=True).exists()


def test_demo_stage_one_is_complete_for_the_paper(demo):
    """`make run` shows the whole Grundlagenpapier: every expert group has an accepted version."""
    from etappen.consolidation import consolidate

    groups = Committee.objects.filter(kind=Committee.Kind.EXPERT_GROUP)
    paper = consolidate(Stage.objects.get(number=1))
    assert {part.committee for part in paper.parts} == set(groups) and len(groups) == 6
    assert not paper.missing
    assert all(part.version.decision.outcome == Decision.Outcome.ACCEPTED for part in paper.parts)


def test_demo_versions_are_complete(demo):
    for draft in Draft.objects.prefetch_related("versions"):
        numbers = [version.number for version in draft.versions.all()]
        assert numbers == list(range(1, len(numbers) + 1))
        if draft.state != Draft.State.IN_WORK:
            assert numbers
            latest = draft.versions.order_by("-number").first()
            kinds = set(latest.consultation_requests.values_list("committee__kind", flat=True))
            assert Committee.Kind.INTEGRATION_COUNCIL in kinds
            assert (Committee.Kind.EQUALITY_OFFICER in kinds) == draft.gender_relevant
    # The decision on a draft's latest version gives the draft's state; an older version was
    # sent back (the draft went on with a newer one).
    for decision in Decision.objects.select_related("version__draft"):
        draft = decision.version.draft
        if decision.version == draft.versions.order_by("-number").first():
            expected = {
                Decision.Outcome.ACCEPTED: Draft.State.ACCEPTED,
                Decision.Outcome.REVISION: Draft.State.REVISION,
            }[decision.outcome]
            assert draft.state == expected
        else:
            assert decision.outcome == Decision.Outcome.REVISION


def test_demo_statements_some_late_and_consistent(demo):
    statements = list(Statement.objects.select_related("request"))
    assert any(s.is_late for s in statements) and any(not s.is_late for s in statements)
    for statement in statements:
        assert statement.is_late == (statement.filed_at.date() > statement.request.deadline)
    bundle = (
        Statement.objects.filter(
            request__kind=ConsultationRequest.Kind.BUNDLED_STATEMENT, bundles__isnull=False
        )
        .distinct()
        .get()
    )
    assert {s.request.kind for s in bundle.bundles.all()} == {"einschaetzung"}


def test_demo_decision_with_requirements_and_a_second_version_taking_one_up(demo):
    soziales = Draft.objects.get(stage__number=1, committee__name="Soziales")
    second = soziales.versions.get(number=2)
    taken_up = list(second.addressed_requirements.all())
    assert len(taken_up) == 1
    still_open = Requirement.objects.filter(decision__version__draft=soziales).open()
    assert still_open.count() == 1
    assert still_open.get() not in taken_up


def test_demo_catalogue_has_the_tree_and_outcomes_per_measure(demo):
    version = DraftVersion.objects.get(
        draft__stage__number=2, draft__committee__name="Bildung", number=1
    )
    sections = {s.key: s for s in version.sections.all()}
    measures = [s for s in sections.values() if s.kind == SectionKind.MEASURE]
    assert {m.measure_kind for m in measures} == {
        "verwaltung",
        "foerderung",
        "leuchtturm",
        "empfehlung",
    }
    for measure in measures:
        assert sections[measure.parent_key].kind == SectionKind.INTERMEDIATE_GOAL
    outcomes = MeasureOutcome.objects.filter(decision__version=version)
    assert {o.section_key for o in outcomes} == {m.key for m in measures}
    # The working copy keeps the same keys and the same tree.
    working = version.draft.sections.select_related("parent")
    assert {s.key for s in working} == set(sections)
    assert all((s.parent.key if s.parent else None) == sections[s.key].parent_key for s in working)


def test_demo_accounts_see_their_part(demo):
    User = get_user_model()
    expertin, beirat, ausschuss = (
        User.objects.get(username=name) for name in ("expertin", "beirat", "ausschuss")
    )
    bildung = Draft.objects.get(stage__number=2, committee__name="Bildung")
    assert can_edit_draft(expertin, bildung)
    assert not can_edit_draft(beirat, bildung)
    version = DraftVersion.objects.get(
        draft__stage__number=2, draft__committee__name="Demokratie", number=1
    )
    assert can_view_version(beirat, version)
    assert can_view_version(ausschuss, version)
    assert not can_edit_draft(ausschuss, version.draft)
    linden = version.consultation_requests.get(committee__name__endswith="Linden-Limmer")
    assert can_file_statement(beirat, linden)


def test_demo_pages_render(client, demo):
    client.force_login(get_user_model().objects.get(username="geschaeftsstelle"))
    urls = ["/etappen/", "/etappen/1/", "/etappen/2/"]
    urls += [draft.get_absolute_url() for draft in Draft.objects.all()]
    urls += [version.get_absolute_url() for version in DraftVersion.objects.all()]
    urls += [paper.get_absolute_url() for paper in Paper.objects.all()]
    for url in urls:
        assert client.get(url).status_code == 200, url
