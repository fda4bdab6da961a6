"""The Drucksache: full text, Anlagen and Beratungsfolge on its page, as a PDF, and on paper."""

import io
import re
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from etappen.models import DraftVersion, Paper
from etappen.services import compile_council_paper, record_council_result
from lip import pagecache
from tests.factories import CommitteeFactory

from .test_consolidated_paper import GROUPS, build_stage_one, pdf_text, publish

pytestmark = pytest.mark.django_db

FULL_TEXT = (
    "Antrag: Der Rat beschließt den Lokalen Integrationsplan.\n\n"
    "Begründung: Sechs Expert*innengruppen haben das Grundlagenpapier erarbeitet."
)


@pytest.fixture
def paper(office, bodies):
    """Stage 1 with six accepted, published versions, compiled with the Verwaltungsausschuss;
    the Internationaler Ausschuss has decided."""
    stage, versions = build_stage_one(office, sections=1)
    publish(*versions)
    administration = CommitteeFactory(name="Verwaltungsausschuss", kind="ausschuss", position=99)
    paper = compile_council_paper(
        stage=stage,
        number="0108/2021",
        title="Lokaler Integrationsplan: Strategisches Grundlagenpapier",
        date=timezone.localdate(),
        further_committees=[administration],
        text=FULL_TEXT,
        by=office,
    )
    record_council_result(
        consultation=paper.consultations.get(position=1),
        meeting_date=timezone.localdate(),
        result="beschlossen",
        by=office,
    )
    return paper


def test_the_office_writes_the_full_text_in_the_paper_form(client, office, bodies):
    stage, _versions = build_stage_one(office, groups=GROUPS[:1], sections=1)
    client.force_login(office)
    assert 'name="text"' in client.get(reverse("etappen:paper-form", args=[1])).content.decode()

    response = client.post(
        reverse("etappen:paper-compile", args=[stage.number]),
        {
            "number": "0108/2021",
            "title": "LIP",
            "date": timezone.localdate().isoformat(),
            "text": "  Antrag:\r\nDer Rat beschließt.\u200b  ",
        },
    )

    paper = Paper.objects.get()
    assert response["Location"] == paper.get_absolute_url()
    assert paper.text == "Antrag:\nDer Rat beschließt."
    assert paper.history.first().text == paper.text


def test_the_page_shows_text_annexes_and_beratungsfolge(client, paper):
    html = client.get(paper.get_absolute_url()).content.decode()

    assert "0108/2021" in html
    assert "<p>Antrag: Der Rat beschließt den Lokalen Integrationsplan.</p>" in html
    assert "Anlagen" in html
    assert reverse("etappen:consolidated-paper", args=[1]) in html
    assert reverse("etappen:consolidated-paper-pdf", args=[1]) in html
    for version in paper.versions.all():
        assert reverse("beteiligung:consideration-table", args=[version.pk]) in html
    steps = re.findall(r'<th scope="row">([^<]+)</th>', html.split('id="beratungsfolge"')[1])
    assert steps == ["Internationaler Ausschuss", "Verwaltungsausschuss", "Ratsversammlung"]
    assert timezone.localdate().strftime("%d.%m.%Y") in html.split('id="beratungsfolge"')[1]
    assert "beschlossen" in html
    assert reverse("etappen:paper-pdf", args=[paper.pk]) in html


def test_the_pdf_has_the_same_content(client, paper):
    response = client.get(reverse("etappen:paper-pdf", args=[paper.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in (
        "Drucksache 0108/2021",
        "Lokaler Integrationsplan: Strategisches Grundlagenpapier",
        "Der Rat beschließt den Lokalen Integrationsplan.",
        "Sechs Expert*innengruppen haben das Grundlagenpapier erarbeitet.",
        "Anlagen",
        "Gesamtpapier: Grundlagenpapier",
        "Abwägungstabelle der öffentlichen Kommentare: Soziales, Fassung 1",
        "Beratungsfolge",
        "Internationaler Ausschuss federführend",
        "Verwaltungsausschuss beratend",
        "Ratsversammlung entscheidend",
        "beschlossen",
    ):
        assert expected in text, expected
    # The office's entry form is no part of the paper.
    assert "Ergebnis" in text  # the column
    assert "erfassen" not in text
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.metadata.title == (
        "Drucksache 0108/2021: Lokaler Integrationsplan: Strategisches Grundlagenpapier"
    )
    annex_links = [
        annotation.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if "/URI" in annotation.get_object().get("/A", {})
    ]
    assert "http://testserver" + reverse("etappen:consolidated-paper-pdf", args=[1]) in annex_links


def test_internal_annexes_are_not_in_the_public_pdf(client, paper, office):
    # One version taken back from the public: the consolidated paper is internal again.
    hidden = paper.versions.order_by("pk").last()
    DraftVersion.objects.filter(pk=hidden.pk).update(published_at=None)
    pagecache.bump(pagecache.ETAPPEN)

    public = pdf_text(client.get(reverse("etappen:paper-pdf", args=[paper.pk])).content)
    page = client.get(paper.get_absolute_url()).content.decode()
    client.force_login(office)
    internal = pdf_text(client.get(reverse("etappen:paper-pdf", args=[paper.pk])).content)

    assert "Gesamtpapier" not in public
    assert reverse("etappen:consolidated-paper", args=[1]) not in page
    assert "Gesamtpapier: Grundlagenpapier" in internal


def test_without_weasyprint_the_paper_pdf_answers_503(client, paper, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)

    response = client.get(reverse("etappen:paper-pdf", args=[paper.pk]))

    assert response.status_code == 503
    assert paper.get_absolute_url() in response.content.decode()


def test_the_printed_page_is_the_paper_not_the_form(client, paper, office):
    client.force_login(office)
    step = paper.consultations.get(position=2)

    response = client.post(
        reverse("etappen:council-result", args=[step.pk]),
        {
            f"step-{step.pk}-meeting_date": timezone.localdate().isoformat(),
            f"step-{step.pk}-result": "beschlossen",
        },
        follow=True,
    )

    html = response.content.decode()
    # The flash message and the form for the next step are on screen ...
    assert "Das Ergebnis von Verwaltungsausschuss wurde erfasst" in html
    assert (
        'action="{}"'.format(
            reverse("etappen:council-result", args=[paper.consultations.get(position=3).pk])
        )
        in html
    )
    # ... and both sit in containers that print.css leaves off the paper.
    main = html.split("<main")[1]
    assert re.search(r'<div class="messages">\s*<div class="alert', main)
    form_section = re.search(r'<section class="no-print"[^>]*>.*?</section>', main, re.S)
    assert form_section and "<form" in form_section.group(0)
    assert main.count("<form") == 1
    print_css = (Path(settings.BASE_DIR) / "static/css/print.css").read_text()
    hidden = print_css.split("display: none !important")[0].rsplit("}", 1)[-1]
    assert ".messages" in hidden and ".no-print" in hidden
    # The paper itself prints: full text and Beratungsfolge lie outside those containers.
    hint_end = main.index("</p>", main.index('<p class="no-print">'))
    assert hint_end < main.index('class="paper-text"') < main.index('id="beratungsfolge"')
    assert main.index('id="beratungsfolge"') < form_section.start()
