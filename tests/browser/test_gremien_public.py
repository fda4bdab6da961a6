import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from gremien.models import Committee, Meeting, Nomination, Organization
from tests.factories import MembershipFactory, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def structure():
    call_command("loaddata", "structure", verbosity=0)
    steering = Committee.objects.get(slug="lenkungsgruppe")
    MembershipFactory(
        committee=steering,
        role="fachbereichsleitung",
        organization=Organization.objects.get(name="Fachbereich Soziales"),
        person=PersonFactory(given_name="Sofia", family_name="Sozial"),
    )
    group = Committee.objects.get(slug="bildung")
    MembershipFactory(
        committee=group,
        role="extern",
        organization=Organization.objects.get(name="MiSO e.V."),
        person=PersonFactory(listed_publicly=False),
    )
    Meeting.objects.create(
        committee=group,
        title="Auftaktsitzung",
        start=timezone.now() + datetime.timedelta(days=14),
        location="Neues Rathaus",
        is_public=True,
    )
    return steering, group


def test_bodies_pages_are_accessible(visitor, structure):
    steering, group = structure

    visitor.open("/gremien/")
    page = visitor.page
    assert page.locator("main h1").inner_text() == "Gremien"
    page.get_by_role("link", name="Lenkungsgruppe", exact=True).click()
    visitor.check()

    assert page.url.endswith(steering.get_absolute_url())
    assert page.locator("main h1").inner_text() == "Lenkungsgruppe"
    assert "1 von 23 Stimmen besetzt" in page.locator("main").inner_text()
    assert page.get_by_role("rowheader", name="Büro Oberbürgermeister").is_visible()

    visitor.open(group.get_absolute_url())
    main = page.locator("main").inner_text()
    assert "N. N. (MiSO e.V.)" in main
    assert "Auftaktsitzung" in main
    assert "Geschlecht" not in main
    visitor.screenshot("gremien-bildung")


def test_nomination_with_an_error_then_correct(visitor, structure):
    _steering, group = structure
    visitor.open(group.get_absolute_url())
    page = visitor.page
    page.get_by_role("link", name="Eine Person für diese Expert*innengruppe vorschlagen").click()
    visitor.check()

    assert page.get_by_role("combobox", name="Expert*innengruppe").input_value() == str(group.pk)
    page.get_by_label("Vorname").fill("Aylin")
    page.get_by_label("Nachname").fill("Beispiel")
    page.get_by_label("Expertise").fill("Elternarbeit in mehreren Sprachen.")
    page.get_by_label("Vorschlagende Organisation").fill("Elternverein Linden e.V.")
    page.get_by_label("Ihr Name (Ansprechperson)").fill("Kim Kontakt")
    page.get_by_label("Ihre E-Mail-Adresse").fill("kim-at-example")
    page.get_by_role("button", name="Vorschlag senden").click()
    visitor.check()

    assert "Bitte korrigieren Sie" in page.get_by_role("alert").inner_text()
    main = page.locator("main").inner_text()
    assert "Bitte geben Sie eine gültige E-Mail-Adresse an" in main
    assert "Ohne Ihre Einwilligung" in main
    assert page.get_by_label("Vorname").input_value() == "Aylin"
    assert not Nomination.objects.exists()

    page.get_by_label("Ihre E-Mail-Adresse").fill("kim@example.org")
    page.get_by_label("Ich bin einverstanden").check()
    page.get_by_role("button", name="Vorschlag senden").click()
    visitor.check()

    assert page.locator("main h1").inner_text() == "Vielen Dank für Ihren Vorschlag"
    nomination = Nomination.objects.get()
    assert nomination.committee == group
    assert nomination.contact_email == "kim@example.org"
