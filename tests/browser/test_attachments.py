"""A Beirat attaches its signed letter to the assessment at 360 px: refused by content, kept with
the draft, filed with the text; every page axe-clean and without horizontal scrolling."""

import re

import pytest

from etappen.models import Statement
from etappen.services import SectionData, add_section, submit_draft
from lip.attachments.models import Attachment
from lip.attachments.services import attachments_of
from tests.etappen.factories import DraftFactory, ExpertGroupFactory, StageFactory
from tests.factories import CommitteeFactory

from .test_etappen import click, member, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HTML = b"<html><body><script>alert(1)</script></body></html>"


def test_a_beirat_files_its_assessment_with_the_signed_letter(visitor):
    CommitteeFactory(name="Lenkungsgruppe", slug="lenkungsgruppe", kind="lenkungsgruppe")
    council = CommitteeFactory(name="Integrationsbeirat Mitte", kind="integrationsbeirat")
    group = ExpertGroupFactory(name="Bildung", slug="bildung")
    draft = DraftFactory(stage=StageFactory(), committee=group)
    add_section(draft=draft, data=SectionData(heading="Leitbild", text="Text"), by=None)
    version = submit_draft(draft=draft, by=member(group, "expertin"))
    member(council, "beirat")
    request = version.consultation_requests.get(committee=council)
    page = visitor.page
    page.set_viewport_size({"width": 360, "height": 780})

    sign_in(visitor, "beirat")
    visitor.open(f"/etappen/anfrage/{request.pk}/")
    main = page.locator("main")
    assert "Erlaubt: PDF, ODT, DOCX, PNG oder JPEG, höchstens 20 MB." in main.inner_text()
    page.get_by_label("Einschätzung").fill("Der Beirat stimmt zu.")

    # HTML named .pdf: refused in German, nothing stored.
    page.get_by_label("Datei anhängen (freiwillig)").set_input_files(
        files=[{"name": "brief.pdf", "mimeType": "application/pdf", "buffer": HTML}]
    )
    click(visitor, "button", "Als Entwurf speichern")
    assert "erkannt am Inhalt, nicht am Namen" in main.inner_text()
    assert not Attachment.objects.exists()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    long_name = "Unterschriebenes Schreiben des Integrationsbeirats Mitte vom Juni.pdf"
    page.get_by_label("Datei anhängen (freiwillig)").set_input_files(
        files=[{"name": long_name, "mimeType": "application/pdf", "buffer": PDF}]
    )
    click(visitor, "button", "Als Entwurf speichern")
    assert page.get_by_role("link", name=long_name).count() == 1
    assert page.get_by_role("button", name=re.compile(r"^Entfernen")).count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    visitor.screenshot("anhang-entwurf-360")

    click(visitor, "button", "Weiter zum Einreichen")
    assert long_name in main.inner_text()
    click(visitor, "button", "Text jetzt verbindlich einreichen")
    statement = Statement.objects.get()
    assert [a.original_name for a in attachments_of(statement)] == [long_name]

    visitor.open(f"/etappen/anfrage/{request.pk}/")
    assert page.get_by_role("link", name=long_name).count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
