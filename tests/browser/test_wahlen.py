"""The MSO election in Chromium: the Wahlleitung sets it up, MSO vote with codes, the result
is published and the elected persons sit in the Lenkungsgruppe. Every page is axe-checked."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from lip.roles import Role
from tests.browser.conftest import Visitor
from tests.factories import PASSWORD, UserFactory
from tests.wahlen.factories import MigrantOrganizationFactory
from wahlen import services
from wahlen.models import Ballot, Candidacy, Election

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CANDIDATES = [
    ("Leyla", "Aksoy"),
    ("Kwame", "Mensah"),
    ("Rojda", "Demir"),
    ("Minh", "Nguyen"),
    ("Samira", "Haddad"),
]


@pytest.fixture
def wahlleitung():
    """Staff of OE 50.6. Transactional tests empty the tables, groups included: recreate it."""
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=Role.OFFICE.value)[0])
    return user


@pytest.fixture
def voter(browser, live_server):
    """A second browser: an MSO representative without an account."""
    context = browser.new_context(locale="de-DE")
    yield Visitor(context.new_page(), live_server.url)
    context.close()


def sign_in(visitor, user):
    visitor.open("/konto/anmelden/")
    visitor.page.get_by_label("Benutzername").fill(user.username)
    visitor.page.get_by_label("Passwort").fill(PASSWORD)
    visitor.page.get_by_role("button", name="Anmelden").click()
    visitor.check()


def click(visitor, name):
    visitor.page.get_by_role("button", name=name, exact=True).click()
    visitor.check()


def codes_from_sheet(visitor) -> dict[str, str]:
    """Organisation → code, read off the code sheet (the only place a code is ever shown)."""
    slips = visitor.page.locator(".code-slip")
    return {
        slips.nth(index).locator("h2").inner_text(): slips.nth(index)
        .locator("code.voting-code")
        .inner_text()
        for index in range(slips.count())
    }


def vote_in_browser(voter, slug, code, choice):
    """Code → ballot → confirmation → receipt, as an MSO does it."""
    voter.open(f"/wahlen/{slug}/abstimmen/")
    voter.page.get_by_label("Ihr Wahlcode").fill(code)
    voter.page.get_by_role("button", name="Weiter zum Stimmzettel").click()
    voter.check()
    voter.screenshot("wahlen-stimmzettel")
    voter.page.get_by_label(choice, exact=True).check()
    voter.page.get_by_role("button", name="Weiter zur Bestätigung").click()
    voter.check()
    assert f"Sie stimmen für {choice}" in voter.page.locator("main").inner_text()
    voter.page.get_by_role("button", name="Stimme jetzt abgeben").click()
    voter.check()
    receipt = voter.page.locator("main").inner_text()
    assert "Ihre Stimme ist eingegangen" in receipt
    assert choice not in receipt


def cast_rest(election, codes, choices):
    for code, choice in zip(codes, choices, strict=True):
        services.cast_ballot(election=election, code=code, candidacy=choice)


def test_election_from_register_to_the_steering_group(visitor, voter, wahlleitung):
    call_command("loaddata", "structure", verbosity=0)
    organizations = [MigrantOrganizationFactory() for _ in CANDIDATES]
    sign_in(visitor, wahlleitung)

    # Set up the election
    visitor.open("/wahlen/")
    visitor.page.get_by_role("link", name="Wahl anlegen").click()
    visitor.check()
    visitor.page.locator("#id_title").fill("Wahl der MSO-Vertreter*innen 2020")
    visitor.page.locator("#id_slug").fill("mso-wahl-2020")
    deadline = timezone.localtime() + datetime.timedelta(days=7)
    visitor.page.locator("#id_nomination_deadline").fill(deadline.strftime("%Y-%m-%dT%H:%M"))
    click(visitor, "Wahl anlegen")
    assert "Die Wahl ist angelegt." in visitor.page.locator("main").inner_text()

    # Register and nominate
    for organization in organizations:
        visitor.page.locator("#id_register-organization").select_option(label=organization.name)
        click(visitor, "Aufnehmen")
    for organization, (given, family) in zip(organizations, CANDIDATES, strict=True):
        visitor.page.locator("#id_nomination-organization").select_option(label=organization.name)
        visitor.page.locator("#id_nomination-given_name").fill(given)
        visitor.page.locator("#id_nomination-family_name").fill(family)
        visitor.page.locator("#id_nomination-consent").check()
        click(visitor, "Kandidatur erfassen")
    assert "Wahlverzeichnis: 5 Organisationen" in visitor.page.locator("main").inner_text()
    visitor.screenshot("wahlen-leitung")
    election = Election.objects.get(slug="mso-wahl-2020")
    c = {str(candidacy.person): candidacy for candidacy in Candidacy.objects.all()}
    assert len(c) == 5

    # The deadline passes (here: the Wahlleitung moves it to a minute ago)
    past = timezone.localtime() - datetime.timedelta(minutes=1)
    visitor.page.locator("#id_settings-nomination_deadline").fill(past.strftime("%Y-%m-%dT%H:%M"))
    click(visitor, "Einstellungen speichern")

    # First round by codes
    click(visitor, "Ersten Wahlgang eröffnen")
    click(visitor, "Codes erzeugen und Codeblatt einmalig anzeigen")
    codes = list(codes_from_sheet(visitor).values())
    assert len(codes) == 5
    visitor.screenshot("wahlen-codeblatt")
    vote_in_browser(voter, election.slug, codes[0], "Leyla Aksoy")
    cast_rest(
        election,
        codes[1:],
        [c["Leyla Aksoy"], c["Kwame Mensah"], c["Rojda Demir"], c["Minh Nguyen"]],
    )
    visitor.open(f"/wahlen/{election.slug}/leitung/wahlgang/1/")
    click(visitor, "Wahlgang schließen")
    click(visitor, "Auszählung feststellen")
    assert "in der Stichwahl" in visitor.page.locator("main").inner_text()
    visitor.screenshot("wahlen-wahlgang")

    # Runoff: Samira Haddad (no vote) is out; the Stichwahl elects Aksoy and Demir
    visitor.open(f"/wahlen/{election.slug}/leitung/")
    click(visitor, "Stichwahl eröffnen")
    click(visitor, "Codes erzeugen und Codeblatt einmalig anzeigen")
    runoff_codes = list(codes_from_sheet(visitor).values())
    assert not set(runoff_codes) & set(codes)
    vote_in_browser(voter, election.slug, runoff_codes[0], "Rojda Demir")
    cast_rest(
        election, runoff_codes[1:], [c["Leyla Aksoy"], c["Rojda Demir"], c["Leyla Aksoy"], None]
    )
    assert Ballot.objects.count() == 10
    visitor.open(f"/wahlen/{election.slug}/leitung/wahlgang/2/")
    click(visitor, "Wahlgang schließen")
    click(visitor, "Auszählung feststellen")

    # Publish: the public result, the protocol and the Lenkungsgruppe
    visitor.open(f"/wahlen/{election.slug}/leitung/")
    click(visitor, "Ergebnis veröffentlichen und Gewählte in die Lenkungsgruppe aufnehmen")
    result = voter.open(f"/wahlen/{election.slug}/")
    assert result.status == 200
    text = voter.page.locator("main").inner_text()
    assert "Stimmen je Kandidat*in: Erster Wahlgang" in text
    assert "Stimmen je Kandidat*in: Stichwahl" in text
    protocol = voter.open(f"/wahlen/{election.slug}/protokoll/")
    assert protocol.status == 200
    text = voter.page.locator("main").inner_text()
    assert "Wahlberechtigte Organisationen" in text
    assert "Gewählt als Vertreter*innen der Migrant*innenorganisationen" in text
    voter.screenshot("wahlen-protokoll")
    voter.open("/gremien/lenkungsgruppe/")
    body = voter.page.locator("main").inner_text()
    assert "Leyla Aksoy" in body
    assert "Rojda Demir" in body
    assert "Samira Haddad" not in body


def test_wrong_and_used_codes_in_the_browser(voter, wahlleitung):
    from tests.wahlen.helpers import make_election

    election, c = make_election(candidates=2)
    voting_round = services.open_round(election=election, by=wahlleitung)
    code = services.generate_codes(voting_round=voting_round, by=wahlleitung)[0].code

    voter.open(f"/wahlen/{election.slug}/abstimmen/")
    voter.page.get_by_label("Ihr Wahlcode").fill("AAAA-BBBB-CCCC")
    voter.page.get_by_role("button", name="Weiter zum Stimmzettel").click()
    voter.check()
    assert "Dieser Code ist für diese Wahl nicht gültig" in voter.page.locator("main").inner_text()

    vote_in_browser(voter, election.slug, code, str(c[0].person))
    voter.open(f"/wahlen/{election.slug}/abstimmen/")
    voter.page.get_by_label("Ihr Wahlcode").fill(code)
    voter.page.get_by_role("button", name="Weiter zum Stimmzettel").click()
    voter.check()
    assert "Mit diesem Code wurde bereits abgestimmt." in voter.page.locator("main").inner_text()
    assert Ballot.objects.count() == 1
