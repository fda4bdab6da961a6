"""The Podiumsdiskussion is held "mit den Vorsitzenden der Expert*innengruppe": its page names
the chairs of the groups taking part, as gremien.services.chairs() lists them."""

import pytest

from gremien.services import set_chair
from tests.factories import (
    ExpertGroupFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
)

from .factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture
def groups(office_user):
    bildung = ExpertGroupFactory(name="Bildung", slug="bildung", position=1)
    soziales = ExpertGroupFactory(name="Soziales", slug="soziales", position=2)
    kultur = ExpertGroupFactory(name="Stadtleben und Kultur", slug="kultur", position=3)
    ayse = MembershipFactory(
        committee=bildung,
        role="extern",
        person=PersonFactory(given_name="Ayşe", family_name="Yılmaz", listed_publicly=True),
    )
    hidden = MembershipFactory(
        committee=soziales,
        role="intern",
        organization=OrganizationFactory(name="Kulturverein Linden"),
        person=PersonFactory(given_name="Geheim", family_name="Person", listed_publicly=False),
    )
    set_chair(committee=bildung, membership=ayse, by=office_user)
    set_chair(committee=soziales, membership=hidden, by=office_user)
    return bildung, soziales, kultur


def test_the_panel_page_names_the_chairs_of_the_groups(client, groups):
    _bildung, _soziales, kultur = groups
    event = EventFactory(kind="podiumsdiskussion")

    html = client.get(event.get_absolute_url()).content.decode()

    assert "Auf dem Podium: die Vorsitzenden der Expert*innengruppen" in html
    assert "Ayşe Yılmaz" in html
    # Without consent the public page names the organisation only.
    assert "N. N. (Kulturverein Linden)" in html and "Geheim" not in html
    assert f'href="{kultur.get_absolute_url()}"' in html
    assert "Vorsitz noch nicht benannt" in html


def test_only_the_groups_taking_part_when_the_event_names_them(client, groups):
    bildung, _soziales, kultur = groups
    event = EventFactory(kind="podiumsdiskussion")
    event.committees.set([bildung])

    html = client.get(event.get_absolute_url()).content.decode()

    assert "Ayşe Yılmaz" in html
    assert "Kulturverein Linden" not in html and kultur.name not in html


def test_a_chair_named_later_shows_on_the_panel_page(client, groups, office_user, settings):
    settings.PAGE_CACHE_ENABLED = True  # the stored page must not outlive the change
    _bildung, _soziales, kultur = groups
    event = EventFactory(kind="podiumsdiskussion")
    assert "Jonas Krüger" not in client.get(event.get_absolute_url()).content.decode()
    jonas = MembershipFactory(
        committee=kultur,
        role="extern",
        person=PersonFactory(given_name="Jonas", family_name="Krüger", listed_publicly=True),
    )

    set_chair(committee=kultur, membership=jonas, by=office_user)

    assert "Jonas Krüger" in client.get(event.get_absolute_url()).content.decode()


def test_other_events_name_no_panel(client, groups):
    event = EventFactory(kind="workshop", title="Werkstatt Leitbild")

    html = client.get(event.get_absolute_url()).content.decode()

    assert "Auf dem Podium" not in html and "Ayşe Yılmaz" not in html
