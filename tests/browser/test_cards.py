"""The start page and /beteiligung/ lead with cards in Chromium: on a phone (360 × 800) and a
desktop (1280 × 900) without horizontal scrolling, axe-clean, one button per card."""

import datetime

import pytest
from django.utils import timezone

from tests.beteiligung.factories import (
    CommentFactory,
    CommentWindowFactory,
    EventFactory,
    ExpertGroupFactory,
    RegistrationFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = [(360, 800), (1280, 900)]


@pytest.fixture
def world():
    today = timezone.localdate()
    group = ExpertGroupFactory(name="Stadtverwaltung und interkulturelle Öffnung", slug="sv")
    window = CommentWindowFactory(version__draft__committee=group)
    CommentFactory(version=window.version)
    CommentWindowFactory(
        opens_at=timezone.now() + datetime.timedelta(days=5),
        closes_at=timezone.now() + datetime.timedelta(days=30),
    )
    open_event = EventFactory(title="Workshop Sprache und Teilhabe", capacity=10)
    RegistrationFactory(event=open_event)
    full = EventFactory(title="Podiumsdiskussion Grundlagenpapier", capacity=1)
    RegistrationFactory(event=full)
    closed = EventFactory(
        title="Zweitägige Klausur mit allen Expert*innengruppen",
        starts_on=today - datetime.timedelta(days=1),
        ends_on=today + datetime.timedelta(days=1),
        capacity=1,
    )
    RegistrationFactory(event=closed)
    EventFactory(title="Abgesagte Veranstaltung", status="abgesagt", cancellation_reason="Sturm")
    return {"window": window, "full": full}


def fits(visitor) -> bool:
    return visitor.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize(("width", "height"), SIZES, ids=["phone", "desktop"])
@pytest.mark.parametrize("path", ["/", "/beteiligung/"], ids=["start", "beteiligung"])
def test_cards_fit_the_screen_and_are_accessible(visitor, world, path, width, height):
    page = visitor.page
    page.set_viewport_size({"width": width, "height": height})

    visitor.open(path)

    assert fits(visitor)
    cards = page.locator("main article.lip-card")
    assert cards.count() >= 4
    comment = page.get_by_role("link", name="Kommentieren", exact=True)
    waiting = page.get_by_role("link", name="Auf die Warteliste", exact=True)
    assert comment.count() == 1
    assert waiting.count() == 1
    for button in (comment, waiting):
        box = button.bounding_box()
        assert box["height"] >= 24 and box["width"] >= 24
        assert box["x"] + box["width"] <= width
    closed_card = cards.filter(has_text="Zweitägige Klausur")
    assert "ausgebucht" in closed_card.inner_text()
    assert closed_card.get_by_role("link").count() == 1  # its title, no button
    visitor.screenshot(f"cards-{path.strip('/') or 'start'}-{width}")


def test_from_the_card_to_the_waiting_list_by_keyboard(visitor, world):
    page = visitor.page
    page.set_viewport_size({"width": 360, "height": 800})
    visitor.open("/beteiligung/")

    button = page.get_by_role("link", name="Auf die Warteliste", exact=True)
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{world['full'].get_absolute_url()}#anmeldung")
    visitor.check()

    assert fits(visitor)
    trail = page.get_by_role("navigation", name="Brotkrümelnavigation")
    assert trail.get_by_role("link", name="Beteiligung").is_visible()
    assert page.locator("[aria-current=page]", has_text="Podiumsdiskussion").count() == 1
    link = page.get_by_role("link", name="Auf die Warteliste")
    assert link.is_visible()
    # The form is on its own page (the event page comes from the page cache, without a token).
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{world['full'].get_absolute_url()}anmelden/")
    visitor.check()
    assert fits(visitor)
    assert page.get_by_role("button", name="Auf die Warteliste").is_visible()
