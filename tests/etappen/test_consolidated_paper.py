"""The consolidated paper of a stage: six accepted versions in one document, as page and PDF."""

import io
import re
import sys

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from etappen.consolidation import consolidate
from etappen.models import DraftVersion, MeasureOutcome, SectionKind
from etappen.services import SectionData, accept_draft, add_section, submit_draft
from lip import pagecache
from lip.roles import Role
from tests.conftest import user_with_role

from .factories import CatalogueStageFactory, DraftFactory, ExpertGroupFactory, StageFactory

pytestmark = pytest.mark.django_db

GROUPS = [
    "Soziales",
    "Demokratie",
    "Stadtleben und Kultur",
    "Bildung",
    "Stadtverwaltung und Diversität",
    "Wirtschaft",
]
OVERRIDE = "Die Lenkungsgruppe tagte vor Fristende."


def accept(version, office, **kwargs):
    return accept_draft(
        version=version,
        decided_on=timezone.localdate(),
        pending_override_reason=OVERRIDE,
        by=office,
        **kwargs,
    )


def publish(*versions):
    """What the Beteiligung's publishing does to a version (beteiligung.services.windows)."""
    DraftVersion.objects.filter(pk__in=[v.pk for v in versions]).update(published_at=timezone.now())
    pagecache.bump(pagecache.ETAPPEN)


def build_stage_one(office, *, groups=GROUPS, sections=2, accepted=None):
    """Stage 1 with one draft per expert group, each submitted and (the first ``accepted``)
    accepted by the steering group. Returns the versions in the groups' order."""
    stage = StageFactory()
    versions = []
    for position, name in enumerate(groups, start=1):
        group = ExpertGroupFactory(name=name, slug=f"gruppe-{position}", position=position)
        draft = DraftFactory(stage=stage, committee=group)
        for number in range(1, sections + 1):
            add_section(
                draft=draft,
                data=SectionData(
                    heading=f"{name}: Leitlinie {number}",
                    text=f"Text {number} der Gruppe {name}.",
                ),
                by=office,
            )
        versions.append(submit_draft(draft=draft, by=office))
    for version in versions[: len(versions) if accepted is None else accepted]:
        accept(version, office)
    return stage, versions


@pytest.fixture
def six_accepted(office, bodies):
    stage, versions = build_stage_one(office)
    publish(*versions)
    return stage, versions


def pdf_text(content: bytes) -> str:
    """The PDF's text with every run of white space (line breaks in cells) as one space and
    words hyphenated at a line end (U+2010) joined again."""
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(re.sub("\u2010\\s+", "", text).split())


def test_the_paper_has_every_group_in_the_groups_order(six_accepted):
    stage, versions = six_accepted

    paper = consolidate(stage)

    assert paper.is_complete
    assert [part.committee.name for part in paper.parts] == GROUPS
    assert [part.version for part in paper.parts] == versions
    assert [node.section.heading for node in paper.parts[0].nodes] == [
        "Soziales: Leitlinie 1",
        "Soziales: Leitlinie 2",
    ]


def test_the_page_has_title_toc_and_every_part(client, six_accepted):
    stage, versions = six_accepted

    response = client.get(reverse("etappen:consolidated-paper", args=[stage.number]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Inhaltsverzeichnis" in html
    for name, version in zip(GROUPS, versions, strict=True):
        assert f'href="#teil-{version.draft.committee.slug}"' in html
        assert f'<h2 id="teil-{version.draft.committee.slug}-titel">{name}</h2>' in html
        assert f"{name}: Leitlinie 2" in html
    # The title page names each source version with its dates.
    assert html.count("<td>1</td>") >= 6
    assert timezone.localdate().strftime("%d.%m.%Y") in html
    assert "Entwurf" not in html
    assert reverse("etappen:consolidated-paper-pdf", args=[stage.number]) in html


def test_the_pdf_opens_with_every_group_and_the_toc(client, six_accepted):
    stage, _versions = six_accepted

    response = client.get(reverse("etappen:consolidated-paper-pdf", args=[stage.number]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) >= 8  # title page, contents, one part per group
    text = pdf_text(response.content)
    assert "Inhaltsverzeichnis" in text
    for name in GROUPS:
        assert name in text
        assert f"{name}: Leitlinie 1" in text
    assert "Seite 2 von" in text
    metadata = reader.metadata
    assert metadata.title == "Lokaler Integrationsplan Hannover: Grundlagenpapier"
    assert metadata.author == "Landeshauptstadt Hannover"
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "de"
    assert "/StructTreeRoot" in catalog  # tagged


def test_the_pdf_is_built_once_and_then_served_from_the_cache(client, six_accepted, monkeypatch):
    stage, _versions = six_accepted
    url = reverse("etappen:consolidated-paper-pdf", args=[stage.number])
    first = client.get(url).content
    calls = []
    monkeypatch.setattr(
        "etappen.views.papers.render_pdf", lambda *args: calls.append(args) or b"%PDF-new"
    )

    assert client.get(url).content == first
    assert calls == []
    pagecache.bump(pagecache.ETAPPEN)  # any change of the stage's rows
    assert client.get(url).content == b"%PDF-new"


def test_without_weasyprint_the_pdf_answers_503_and_the_page_stays(
    client, six_accepted, monkeypatch
):
    stage, _versions = six_accepted
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import fails as without Pango

    response = client.get(reverse("etappen:consolidated-paper-pdf", args=[stage.number]))

    assert response.status_code == 503
    assert "nicht installiert" in response.content.decode()
    page = client.get(reverse("etappen:consolidated-paper", args=[stage.number]))
    assert page.status_code == 200


def test_an_incomplete_paper_is_marked_as_draft_and_gets_no_pdf(client, office, bodies):
    stage, versions = build_stage_one(office, accepted=4)
    publish(*versions)

    page = client.get(reverse("etappen:consolidated-paper", args=[stage.number]))
    pdf = client.get(reverse("etappen:consolidated-paper-pdf", args=[stage.number]))

    html = page.content.decode()
    assert page.status_code == 200
    assert "Entwurf" in html
    assert "noch nicht vollständig" in html
    assert "Stadtverwaltung und Diversität (eingereicht" in html
    assert "Wirtschaft: Leitlinie 1" not in html  # a submitted, not accepted text
    assert "Soziales: Leitlinie 1" in html
    assert pdf.status_code == 409
    assert "Noch nicht angenommen" in pdf.content.decode()
    assert "%PDF" not in pdf.content.decode(errors="ignore")


def test_unpublished_parts_keep_the_paper_internal(client, office, bodies, citizen_user):
    stage, versions = build_stage_one(office)
    publish(*versions[:5])  # the sixth accepted version is not published
    url = reverse("etappen:consolidated-paper", args=[stage.number])

    anonymous = client.get(url)
    anonymous_pdf = client.get(reverse("etappen:consolidated-paper-pdf", args=[stage.number]))
    stage_page = client.get(stage.get_absolute_url()).content.decode()

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(resolve_url(settings.LOGIN_URL))
    assert anonymous_pdf.status_code == 302
    assert url not in stage_page
    client.force_login(citizen_user)
    assert client.get(url).status_code == 404
    client.force_login(office)
    assert client.get(url).status_code == 200
    assert url in client.get(stage.get_absolute_url()).content.decode()


def test_the_committee_role_reads_the_unpublished_paper(client, office, bodies):
    stage, _versions = build_stage_one(office)
    client.force_login(user_with_role(Role.COMMITTEE, username="ausschuss"))

    response = client.get(reverse("etappen:consolidated-paper", args=[stage.number]))

    assert response.status_code == 200
    assert "Wirtschaft: Leitlinie 2" in response.content.decode()


def test_the_public_stage_page_links_the_published_paper(client, six_accepted):
    stage, _versions = six_accepted

    html = client.get(stage.get_absolute_url()).content.decode()

    assert reverse("etappen:consolidated-paper", args=[stage.number]) in html
    assert reverse("etappen:consolidated-paper-pdf", args=[stage.number]) in html


@pytest.mark.parametrize("groups, sections", [(GROUPS[:2], 1), (GROUPS, 6)])
def test_fixed_number_of_queries(
    client, office, bodies, django_assert_num_queries, groups, sections
):
    stage, versions = build_stage_one(office, groups=groups, sections=sections)
    publish(*versions)
    url = reverse("etappen:consolidated-paper", args=[stage.number])
    client.get(url)  # warm the area tokens

    # stage, drafts, expert groups, versions + sections + districts + requests + outcomes,
    # council paper; plus the session's user lookups where signed in (none here).
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200


@pytest.fixture
def catalogue(office, bodies):
    """Stage 2: one group's catalogue with a goal, two intermediate goals and three measures."""
    stage = CatalogueStageFactory()
    group = ExpertGroupFactory(name="Bildung", slug="bildung")
    draft = DraftFactory(stage=stage, committee=group)

    def add(kind, heading, parent=None, **fields):
        return add_section(
            draft=draft,
            data=SectionData(heading=heading, kind=kind, parent=parent, **fields),
            by=office,
        )

    add(SectionKind.TEXT, "Einleitung", text="Bildung ist der Schlüssel.")
    goal = add(SectionKind.GOAL, "Chancengleichheit in der Schule")
    early = add(SectionKind.INTERMEDIATE_GOAL, "Frühe Förderung", parent=goal)
    add(
        SectionKind.MEASURE,
        "Sprachcafé",
        parent=early,
        target_group="Eltern",
        responsible_unit="Fachbereich Bildung",
        time_frame="2021–2023",
        indicator="Teilnehmende pro Jahr",
        measure_kind="verwaltung",
    )
    add(SectionKind.MEASURE, "Lesepatenschaften", parent=early, target_group="Kinder")
    later = add(SectionKind.INTERMEDIATE_GOAL, "Übergang in den Beruf", parent=goal)
    add(SectionKind.MEASURE, "Berufsorientierung", parent=later, measure_kind="foerderung")
    version = submit_draft(draft=draft, by=office)
    keys = dict(version.sections.filter(kind="massnahme").values_list("heading", "key"))
    accept(
        version,
        office,
        measure_outcomes={
            keys["Sprachcafé"]: MeasureOutcome.Outcome.APPROVED,
            keys["Lesepatenschaften"]: MeasureOutcome.Outcome.APPROVED_WITH_CHANGES,
            keys["Berufsorientierung"]: MeasureOutcome.Outcome.RECOMMENDATION,
        },
    )
    publish(version)
    return stage


def test_stage_two_catalogue_as_tables(client, catalogue):
    paper = consolidate(catalogue)
    goal = next(node for node in paper.parts[0].nodes if node.kind == SectionKind.GOAL)
    assert [ig.section.heading for ig in goal.intermediate_goals] == [
        "Frühe Förderung",
        "Übergang in den Beruf",
    ]
    assert [m.section.heading for m in goal.intermediate_goals[0].measures] == [
        "Sprachcafé",
        "Lesepatenschaften",
    ]

    html = client.get(reverse("etappen:consolidated-paper", args=[catalogue.number])).content
    html = html.decode()

    assert "<h3" in html and "Ziel: Chancengleichheit in der Schule</h3>" in html
    assert "Mittlerziel: Frühe Förderung</h4>" in html
    assert html.count('<table class="table table-sm lip-catalogue">') == 2
    assert "Maßnahmen zum Mittlerziel „Frühe Förderung“" in html
    assert '<th scope="row">Sprachcafé</th>' in html
    for cell in ("Eltern", "Fachbereich Bildung", "2021–2023", "Teilnehmende pro Jahr"):
        assert f"<td>{cell}</td>" in html
    assert "für die Verwaltung selbst" in html or "Verwaltung" in html
    assert "mit Änderungen zugestimmt" in html or "Änderungen" in html
    assert '<th scope="col">Votum der Lenkungsgruppe</th>' in html


def test_stage_two_pdf_has_the_catalogue(client, catalogue):
    response = client.get(reverse("etappen:consolidated-paper-pdf", args=[catalogue.number]))

    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Sprachcafé" in text
    assert "Frühe Förderung" in text
    assert "Votum der Lenkungsgruppe" in text
