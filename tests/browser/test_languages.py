"""Languages in Chromium: the interface switch keeps the page, a version read in English and in
Arabic (right to left, mirrored, axe-clean), the Leichte-Sprache summary two clicks away."""

import pytest
from django.utils import timezone

from etappen.models import DraftVersion
from etappen.services import (
    SectionData,
    TranslatedText,
    add_easy_read_summary,
    add_section,
    add_section_translations,
    submit_draft,
)
from lip.roles import Role
from tests.conftest import user_with_role
from tests.etappen.factories import DraftFactory, ExpertGroupFactory, StageFactory
from tests.factories import CommitteeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def version(db) -> DraftVersion:
    CommitteeFactory(name="Lenkungsgruppe", slug="lenkungsgruppe", kind="lenkungsgruppe")
    office = user_with_role(Role.OFFICE, username="oe506", is_staff=True)
    draft = DraftFactory(stage=StageFactory(), committee=ExpertGroupFactory(name="Soziales"))
    for heading, text in (
        ("Leitbild", "Hannover ist eine moderne Einwanderungsstadt."),
        ("Begriffe", "Wir sprechen von Menschen mit internationaler Geschichte."),
    ):
        add_section(draft=draft, data=SectionData(heading=heading, text=text), by=None)
    version = submit_draft(draft=draft, by=office)
    DraftVersion.objects.filter(pk=version.pk).update(published_at=timezone.now())
    version.refresh_from_db()
    first, second = [s.key for s in version.sections.order_by("position")]
    for language, texts in {
        "en": {
            first: ("Mission statement", "Hannover is a modern city of immigration."),
            second: ("Terms", "We speak of people with an international history."),
        },
        "ar": {
            first: ("الرؤية", "هانوفر مدينة هجرة حديثة."),
            second: ("المصطلحات", "نتحدث عن أشخاص ذوي تاريخ دولي."),
        },
    }.items():
        add_section_translations(
            version=version,
            language=language,
            texts={key: TranslatedText(*value) for key, value in texts.items()},
            translated_by="Sprachendienst",
            by=office,
        )
    add_easy_read_summary(
        version=version,
        text="Hannover ist eine Stadt für alle Menschen.",
        translated_by="Büro für Leichte Sprache",
        by=office,
    )
    return version


def test_switching_the_interface_keeps_the_version_and_its_text_language(visitor, version):
    page = visitor.page
    path = f"/etappen/fassung/{version.pk}/"
    visitor.open(path)
    text = page.locator(".lip-version-text")
    assert "moderne Einwanderungsstadt" in text.inner_text()

    # The text in English, the interface still German; the original one click away.
    page.locator(".lip-text-languages").get_by_role("link", name="English").click()
    visitor.check()
    assert page.url.endswith(f"{path}?sprache=en#text")
    assert "modern city of immigration" in text.inner_text()
    assert text.locator('section[lang="en"]').count() == 2
    assert "Verbindlich ist nur das deutsche Original" in page.locator("main").inner_text()

    # The interface in English: same page, same text language.
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="English"
    ).click()
    visitor.check()
    assert page.url.endswith(f"/en{path}?sprache=en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "modern city of immigration" in text.inner_text()
    assert "only the German original is binding" in page.locator("main").inner_text()

    # And back to the German original in one click.
    page.get_by_role("link", name="Read the German original").first.click()
    visitor.check()
    assert "moderne Einwanderungsstadt" in text.inner_text()


@pytest.mark.parametrize("width", [360, 1280])
def test_arabic_text_is_set_right_to_left_and_axe_clean(visitor, version, width):
    page = visitor.page
    page.set_viewport_size({"width": width, "height": 900})
    visitor.open(f"/etappen/fassung/{version.pk}/")
    page.locator(".lip-text-languages").get_by_role("link", name="العربية").click()
    visitor.check()  # axe WCAG 2.1 AA on the mirrored page

    assert page.locator("html").get_attribute("dir") == "rtl"
    stylesheets = page.eval_on_selector_all(
        'link[rel="stylesheet"]', "links => links.map(link => link.href)"
    )
    assert any(href.endswith("bootstrap.rtl.min.css") for href in stylesheets)
    arabic = page.locator('.lip-version-text section[lang="ar"]')
    assert arabic.count() == 2
    assert arabic.first.evaluate("node => getComputedStyle(node).direction") == "rtl"
    assert "هانوفر مدينة هجرة حديثة." in arabic.first.inner_text()
    # Mirrored: the text starts at the right edge of the column.
    assert arabic.first.evaluate("node => getComputedStyle(node).textAlign") in {"start", "right"}
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_easy_read_summary_is_two_clicks_from_the_version(visitor, version):
    page = visitor.page
    visitor.open(f"/beteiligung/fassung/{version.pk}/")
    page.get_by_role("link", name="Andere Sprachen und Leichte Sprache").click()
    visitor.check()
    page.get_by_role("link", name="Leichte Sprache", exact=True).click()
    visitor.check()
    assert page.url.endswith(f"/etappen/fassung/{version.pk}/leichte-sprache/")
    assert "Hannover ist eine Stadt für alle Menschen." in page.locator("main").inner_text()
    assert page.locator(".lip-easy-read").get_attribute("lang") == "de"
