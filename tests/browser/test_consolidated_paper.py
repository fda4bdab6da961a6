"""The consolidated paper and the Drucksache in Chromium: axe-clean at 360 and 1280 px, no
horizontal page scroll, and the Drucksache prints as the paper without forms and messages."""

import pytest
from django.utils import timezone

from etappen.services import compile_council_paper
from tests.etappen.conftest import bodies, office  # noqa: F401 - fixtures used by name
from tests.etappen.test_consolidated_paper import (
    GROUPS,
    build_stage_one,
    catalogue,  # noqa: F401 - fixture used by name
    publish,
)
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [(360, 800), (1280, 900)]


@pytest.fixture
def stage_one(office, bodies):  # noqa: F811
    stage, versions = build_stage_one(office)
    publish(*versions)
    return stage


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width, height", WIDTHS)
def test_the_stage_one_paper_is_accessible_at_every_width(visitor, stage_one, width, height):
    page = visitor.page
    page.set_viewport_size({"width": width, "height": height})

    visitor.open("/etappen/1/papier/")

    main = page.locator("main")
    assert page.get_by_role("heading", level=2, name="Inhaltsverzeichnis").is_visible()
    for name in GROUPS:
        assert main.get_by_role("heading", level=2, name=name, exact=True).count() == 1
    assert fits(page)
    # The table of contents leads to each part.
    page.get_by_role("link", name="Wirtschaft", exact=True).click()
    assert page.url.endswith("#teil-gruppe-6")
    visitor.screenshot(f"gesamtpapier-etappe-1-{width}")


@pytest.mark.parametrize("width, height", WIDTHS)
def test_the_catalogue_tables_fit_at_every_width(visitor, catalogue, width, height):  # noqa: F811
    page = visitor.page
    page.set_viewport_size({"width": width, "height": height})

    visitor.open("/etappen/2/papier/")

    assert page.get_by_role("table", name="Maßnahmen zum Mittlerziel „Frühe Förderung“").count()
    assert fits(page)
    visitor.screenshot(f"gesamtpapier-etappe-2-{width}")


def test_the_printed_drucksache_has_no_form_and_no_message(visitor, stage_one, office):  # noqa: F811
    paper = compile_council_paper(
        stage=stage_one,
        number="0108/2021",
        title="Lokaler Integrationsplan",
        date=timezone.localdate(),
        text="Der Rat beschließt den Lokalen Integrationsplan.",
        by=office,
    )
    page = visitor.page
    visitor.open("/konto/anmelden/")
    page.get_by_label("Benutzername").fill(office.username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    visitor.open(paper.get_absolute_url())
    page.get_by_label("Datum der Sitzung").fill(timezone.localdate().isoformat())
    page.get_by_role("combobox", name="Ergebnis").select_option("beschlossen")
    page.get_by_role("button", name="Ergebnis erfassen").click()
    visitor.check()
    message = page.locator(".messages")
    form = page.locator("main form")
    assert message.is_visible() and form.is_visible()

    page.emulate_media(media="print")

    assert not message.is_visible()
    assert not form.is_visible()
    assert page.get_by_text("Der Rat beschließt den Lokalen Integrationsplan.").is_visible()
    assert page.locator("#beratungsfolge").is_visible()


def test_an_incomplete_paper_shows_its_draft_note_accessibly(visitor, office, bodies):  # noqa: F811
    _stage, versions = build_stage_one(office, accepted=4)
    publish(*versions)
    page = visitor.page
    page.set_viewport_size({"width": 360, "height": 800})

    visitor.open("/etappen/1/papier/")

    note = page.get_by_role("note")
    assert "noch nicht vollständig" in note.inner_text()
    assert "Wirtschaft" in note.inner_text()
    assert fits(page)
