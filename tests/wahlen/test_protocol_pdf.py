"""The Wahlprotokoll as a PDF: the protocol page's content, for whoever may see that page."""

import io
import sys

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.wahlen.helpers import make_election, run_round
from wahlen import services

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def counted(office_user):
    """Both rounds counted, the result not yet published."""
    election, candidacies = make_election(candidates=3, voters=1)
    run_round(election, {candidacies[0]: 3, candidacies[1]: 1}, by=office_user)
    run_round(election, {candidacies[1]: 2, candidacies[0]: 1}, by=office_user)
    return election, candidacies


def test_the_published_protocol_as_pdf_for_everyone(client, counted, office_user):
    election, candidacies = counted
    services.publish_result(election=election, by=office_user)
    page = client.get(reverse("wahlen:protocol", args=[election.slug]))

    response = client.get(reverse("wahlen:protocol-pdf", args=[election.slug]))

    assert reverse("wahlen:protocol-pdf", args=[election.slug]) in page.text
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in (
        f"Wahlprotokoll: {election.title}",
        "Verzeichnis der wahlberechtigten Organisationen",
        "Erster Wahlgang",
        "Stichwahl",
        "Gewählt als Vertreter*innen der Migrant*innenorganisationen",
        *(candidacy.person.full_name for candidacy in candidacies),
        "Seite 2 von",
    ):
        assert expected in text, expected
    assert "Entwurf" not in text
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.metadata.title == f"Wahlprotokoll: {election.title}"
    assert reader.trailer["/Root"]["/Lang"] == "de"


def test_before_publication_only_the_wahlleitung_gets_the_draft(client, counted, office_user):
    election, _candidacies = counted
    url = reverse("wahlen:protocol-pdf", args=[election.slug])

    assert client.get(url).status_code == 404
    client.force_login(office_user)
    response = client.get(url)

    assert response.status_code == 200
    assert "Entwurf: Das Ergebnis ist noch nicht veröffentlicht" in pdf_text(response.content)


def test_without_weasyprint_503_and_the_page_stays(client, counted, office_user, monkeypatch):
    election, _candidacies = counted
    services.publish_result(election=election, by=office_user)
    monkeypatch.setitem(sys.modules, "weasyprint", None)

    response = client.get(reverse("wahlen:protocol-pdf", args=[election.slug]))

    assert response.status_code == 503
    assert reverse("wahlen:protocol", args=[election.slug]) in response.text
    assert client.get(reverse("wahlen:protocol", args=[election.slug])).status_code == 200
