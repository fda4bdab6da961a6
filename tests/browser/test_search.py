"""The search field in the header on a 360 px phone, and the results page: axe-clean, no
horizontal scrolling, keyboard only."""

import re

import pytest

from beteiligung.models import Consideration
from tests.beteiligung.factories import (
    CommentFactory,
    EventFactory,
    PublishedVersionFactory,
    SuggestionFactory,
    VersionSectionFactory,
)
from tests.factories import CommitteeFactory, MembershipFactory, PersonFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def content():
    """Hits of every kind for "Sprachcafé", one with a long unbroken word."""
    version = PublishedVersionFactory(note="Das Sprachcafé kommt in die Fassung.")
    section = VersionSectionFactory(
        version=version,
        heading="Sprachcafé im Stadtteil",
        text="Ein Sprachcafé " + "Donaudampfschifffahrtsgesellschaftskapitän" * 3 + " für alle.",
    )
    comment = CommentFactory(version=version, section=section, text="Das Sprachcafé ist toll.")
    Consideration.objects.create(
        contribution=comment,
        committee=version.draft.committee,
        outcome=Consideration.Outcome.CONSIDERED,
        reason="Das Sprachcafé kommt.",
        answered_by=UserFactory(),
    )
    SuggestionFactory(title="Sprachcafé am Markt", text="Jeden Freitag.")
    EventFactory(title="Eröffnung Sprachcafé", description="Mit Musik.")
    committee = CommitteeFactory(name="Sprachcafé-Rat", task="Berät das Sprachcafé.")
    MembershipFactory(committee=committee, person=PersonFactory(family_name="Sprachcafé"))
    for _ in range(8):
        CommentFactory(version=version, section=section, text="Noch ein Sprachcafé, bitte.")


def test_search_from_the_header_on_a_phone(visitor, content):
    visitor.page.set_viewport_size(PHONE)
    visitor.open("/")

    visitor.page.get_by_role("button", name="Navigation anzeigen").click()
    field = visitor.page.get_by_role("searchbox", name="Suchbegriff").first
    field.fill("Sprachcafé")
    assert visitor.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    visitor.screenshot("suche-kopfzeile-360")
    field.press("Enter")
    visitor.page.wait_for_url(re.compile(r"/suche/\?q=Sprach"))

    visitor.check()
    assert visitor.page.locator("h1").inner_text() == "Suche"
    assert visitor.page.locator(".lip-search-hit mark").count() > 5
    assert visitor.page.get_by_role("heading", name="Kommentare").is_visible()
    assert visitor.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    visitor.page.get_by_role("link", name="Alle 9 Treffer anzeigen: Kommentare").click()
    visitor.page.wait_for_url(re.compile(r"typ=kommentar"))
    visitor.check()
    assert visitor.page.locator(".lip-search-hit").count() == 9
    assert visitor.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    visitor.screenshot("suche-360")


def test_empty_and_too_long_search_pages_are_accessible(visitor, db):
    visitor.page.set_viewport_size(PHONE)
    visitor.open("/suche/")
    assert visitor.page.get_by_text("Geben Sie oben einen Suchbegriff ein").is_visible()

    visitor.open("/suche/?q=" + "x" * 201)
    assert visitor.page.get_by_role("alert").inner_text().startswith("Der Suchbegriff ist zu lang")
    assert visitor.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_results_page_form_works_with_the_keyboard(visitor, content):
    visitor.open("/suche/")
    visitor.page.get_by_label("Suchbegriff", exact=True).last.fill("Sprachcafé")
    kinds = visitor.page.get_by_label("Suchen in")
    kinds.select_option(label="Veranstaltungen")
    kinds.focus()
    visitor.page.keyboard.press("Tab")
    visitor.page.keyboard.press("Enter")
    visitor.page.wait_for_url(re.compile(r"typ=veranstaltung"))

    visitor.check()
    assert visitor.page.locator(".lip-search-hit").count() == 1
    assert "Eröffnung" in visitor.page.locator(".lip-search-hit h3").inner_text()
