"""The MSO election in Chromium: the Wahlleitung sets it up, MSO vote with codes, the result
is published and the elected persons sit in the Lenkungsgruppe. Every page is axe-checked."""

import datetime
import re

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


def confirm(visitor, link, button):
    """An irreversible step: its link leads to a page saying what happens; its button does it."""
    visitor.page.get_by_role("link", name=link, exact=True).click()
    visitor.check()
    click(visitor, button)


def open_and_keep_key(visitor, link, button) -> str:
    """Open a round; the private key is shown this once: keep it for the count."""
    confirm(visitor, link, button)
    visitor.screenshot("wahlen-schluessel")
    key = visitor.page.locator(".ballot-key code").inner_text()
    # The download comes from this very page (a data: link), allowed by the CSP.
    with visitor.page.expect_download() as download:
        visitor.page.get_by_role("link", name="Schlüssel als Datei herunterladen").click()
    with open(download.value.path(), encoding="utf-8") as key_file:
        assert key in key_file.read()
    visitor.page.get_by_role(
        "link", name="Schlüssel ist gedruckt oder gespeichert: weiter zum Wahlgang"
    ).click()
    visitor.check()
    return key


def count_with_key(visitor, key):
    visitor.page.get_by_label("Privater Schlüssel des Wahlgangs").fill(key)
    click(visitor, "Stimmen mit dem Schlüssel öffnen und Auszählung feststellen")


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
    first_key = open_and_keep_key(
        visitor, "Ersten Wahlgang eröffnen", "Ja, ersten Wahlgang eröffnen"
    )
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
    confirm(visitor, "Wahlgang schließen", "Ja, Wahlgang schließen")
    count_with_key(visitor, first_key)
    assert "in der Stichwahl" in visitor.page.locator("main").inner_text()
    visitor.screenshot("wahlen-wahlgang")

    # Runoff: Samira Haddad (no vote) is out; the Stichwahl elects Aksoy and Demir
    visitor.open(f"/wahlen/{election.slug}/leitung/")
    runoff_key = open_and_keep_key(visitor, "Stichwahl eröffnen", "Ja, Stichwahl eröffnen")
    click(visitor, "Codes erzeugen und Codeblatt einmalig anzeigen")
    runoff_codes = list(codes_from_sheet(visitor).values())
    assert not set(runoff_codes) & set(codes)
    vote_in_browser(voter, election.slug, runoff_codes[0], "Rojda Demir")
    cast_rest(
        election, runoff_codes[1:], [c["Leyla Aksoy"], c["Rojda Demir"], c["Leyla Aksoy"], None]
    )
    assert Ballot.objects.count() == 10
    visitor.open(f"/wahlen/{election.slug}/leitung/wahlgang/2/")
    confirm(visitor, "Wahlgang schließen", "Ja, Wahlgang schließen")
    count_with_key(visitor, runoff_key)

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
    voting_round = services.open_round(election=election, by=wahlleitung).voting_round
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


def fits_360(visitor) -> None:
    """At 360 px (a small phone) the page needs no horizontal scrolling, and stays axe-clean."""
    visitor.page.set_viewport_size({"width": 360, "height": 800})
    visitor.page.reload()
    visitor.check()
    width = visitor.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{visitor.page.url}: {width} px wide"
    visitor.page.set_viewport_size({"width": 1280, "height": 800})


def test_invitations_and_round_confirmations(visitor, wahlleitung):
    from tests.wahlen.helpers import make_election

    election, _candidacies = make_election(candidates=3, voters=2)
    Election.objects.filter(pk=election.pk).update(
        voting_date=datetime.date(2031, 3, 12), place="Neues Rathaus, Mosaiksaal"
    )
    organizations = [entry.organization for entry in election.register.all()]
    for number, organization in enumerate(organizations[:3]):
        organization.email = (
            f"eine-sehr-lange-kontaktadresse-{number}@migrantenverein-beispiel.example.org"
        )
        organization.save()
    sign_in(visitor, wahlleitung)

    # Invitations: mails to three organisations, letters for all five, two marked
    visitor.open(f"/wahlen/{election.slug}/leitung/")
    visitor.page.get_by_role("link", name="Einladungen verschicken oder drucken").click()
    visitor.check()
    click(
        visitor, "Einladung per E-Mail an alle noch nicht eingeladenen Organisationen verschicken"
    )
    main = visitor.page.locator("main").inner_text()
    assert "Einladungen per E-Mail verschickt: 3." in main
    assert visitor.page.locator(".invitation-letter").count() == 5
    assert (
        visitor.page.get_by_text(
            "Keine E-Mail-Adresse: Diese Organisation braucht den Brief."
        ).count()
        == 2
    )
    fits_360(visitor)
    visitor.screenshot("wahlen-einladungen")
    # On paper only the letters remain.
    visitor.page.emulate_media(media="print")
    assert not visitor.page.get_by_role(
        "button", name=re.compile("Einladung per E-Mail")
    ).is_visible()
    assert visitor.page.locator(".invitation-letter").first.is_visible()
    visitor.page.emulate_media(media="screen")

    # Opening the first round asks first
    visitor.open(f"/wahlen/{election.slug}/leitung/")
    visitor.page.get_by_role("link", name="Ersten Wahlgang eröffnen", exact=True).click()
    visitor.check()
    assert "Das Wahlverzeichnis wird mit 5 wahlberechtigten Organisationen eingefroren" in (
        visitor.page.locator("main").inner_text()
    )
    fits_360(visitor)
    visitor.screenshot("wahlen-eroeffnen-bestaetigen")
    assert not election.rounds.exists()
    click(visitor, "Ja, ersten Wahlgang eröffnen")
    assert election.rounds.get().is_open

    # Closing asks too
    visitor.open(f"/wahlen/{election.slug}/leitung/wahlgang/1/")
    visitor.page.get_by_role("link", name="Wahlgang schließen", exact=True).click()
    visitor.check()
    assert (
        "5 Organisationen haben noch nicht abgestimmt" in visitor.page.locator("main").inner_text()
    )
    fits_360(visitor)
    visitor.page.get_by_role("link", name="Nein, zurück zum Wahlgang").click()
    visitor.check()
    assert election.rounds.get().is_open
