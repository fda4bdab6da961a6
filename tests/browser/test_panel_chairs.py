"""The panel discussion's page names the chairs of the expert groups: axe-clean at 360 px."""

import pytest

from gremien.services import set_chair
from tests.beteiligung.factories import EventFactory
from tests.factories import ExpertGroupFactory, MembershipFactory, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_panel_page_lists_the_chairs_on_a_phone(visitor):
    bildung = ExpertGroupFactory(name="Bildung", slug="bildung", position=1)
    ExpertGroupFactory(name="Stadtverwaltung und Diversität", slug="verwaltung", position=2)
    chair = MembershipFactory(
        committee=bildung,
        role="extern",
        person=PersonFactory(given_name="Thi Lan", family_name="Nguyen", listed_publicly=True),
    )
    set_chair(committee=bildung, membership=chair, by=None)
    event = EventFactory(kind="podiumsdiskussion", title="Podiumsdiskussion Grundlagenpapier")
    page = visitor.page
    page.set_viewport_size({"width": 360, "height": 780})

    visitor.open(event.get_absolute_url())  # axe runs on every page the visitor opens

    panel = page.get_by_role(
        "region", name="Auf dem Podium: die Vorsitzenden der Expert*innengruppen"
    )
    assert "Bildung: Thi Lan Nguyen (Vorsitz / Sprecher*in)" in panel.inner_text()
    assert "Stadtverwaltung und Diversität: Vorsitz noch nicht benannt" in panel.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
