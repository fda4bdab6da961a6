"""Beteiligung in Chromium: comment, confirm by mail, moderate, answer, read the Abwägung;
register for a full event and land on the waiting list. Every page is checked with axe-core."""

import re

import pytest
from django.core import mail

from beteiligung.models import Consideration, Contribution
from lip.roles import Role
from tests.beteiligung.factories import (
    CommentWindowFactory,
    EventFactory,
    ExpertGroupFactory,
    RegistrationFactory,
    VersionSectionFactory,
)
from tests.conftest import user_with_role
from tests.etappen.factories import member_of
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"https?://[^/\s]+(/\S+)")


@pytest.fixture
def world():
    group = ExpertGroupFactory(name="Bildung", slug="bildung", topic_field="Bildung")
    window = CommentWindowFactory(version__draft__committee=group, moderation="vorab")
    VersionSectionFactory(
        version=window.version,
        position=1,
        heading="Leitbild",
        text="Bildung ist der Schlüssel zur Teilhabe.",
    )
    VersionSectionFactory(
        version=window.version,
        position=2,
        heading="Sprache",
        text="Mehrsprachigkeit ist eine Stärke.",
    )
    return {
        "version": window.version,
        "office": user_with_role(Role.OFFICE, username="oe506", is_staff=True),
        "expert": member_of(group, username="expertin"),
    }


def sign_in(visitor, username):
    visitor.open("/konto/anmelden/")
    visitor.page.get_by_label("Benutzername").fill(username)
    visitor.page.get_by_label("Passwort").fill(PASSWORD)
    visitor.page.get_by_role("button", name="Anmelden").click()
    visitor.check()


def sign_out(visitor):
    visitor.page.get_by_role("button", name="Abmelden").click()
    visitor.check()


def click(visitor, role, name, **kwargs):
    visitor.page.get_by_role(role, name=name, **kwargs).click()
    visitor.check()


def mail_link(address: str) -> str:
    message = [m for m in mail.outbox if address in m.to][-1]
    return LINK.findall(message.body)[0]


def test_comment_confirm_moderate_answer_and_abwaegung(visitor, world):
    version = world["version"]
    page = visitor.page

    # A citizen finds the open draft and comments on the section "Sprache".
    visitor.open("/beteiligung/")
    click(visitor, "link", str(version), exact=True)
    assert page.locator("main h1").count() == 1
    click(visitor, "link", re.compile(r"0 Kommentare – lesen und kommentieren\W*Sprache"))
    assert page.locator("main h1").inner_text() == "Sprache"
    page.get_by_label("Ihr Kommentar").fill("Bitte Herkunftssprachen im Unterricht fördern.")
    page.get_by_label("Name oder Pseudonym").fill("Ayşe aus Linden")
    page.get_by_role("textbox", name="E-Mail-Adresse").fill("ayse-at-example.org")
    page.get_by_label("Ich habe die Datenschutzhinweise gelesen").check()
    click(visitor, "button", "Kommentar senden")
    # Refused: the address is wrong, and the text is still there.
    assert "Bitte korrigieren Sie" in page.get_by_role("alert").inner_text()
    assert page.get_by_label("Ihr Kommentar").input_value().startswith("Bitte Herkunftssprachen")
    page.get_by_role("textbox", name="E-Mail-Adresse").fill("ayse@example.org")
    page.get_by_label("Ich habe die Datenschutzhinweise gelesen").check()
    click(visitor, "button", "Kommentar senden")
    assert page.locator("main h1").inner_text() == "Bitte sehen Sie in Ihr E-Mail-Postfach"

    # The confirmation link from the mail.
    visitor.open(mail_link("ayse@example.org"))
    click(visitor, "button", "Beitrag bestätigen")
    assert "prüft Ihren Beitrag" in page.locator("main").inner_text()
    comment = Contribution.objects.get()
    assert comment.status == Contribution.Status.PENDING

    # OE 50.6 approves it.
    sign_in(visitor, "oe506")
    visitor.open("/beteiligung/moderation/")
    assert "Bitte Herkunftssprachen" in page.locator("main").inner_text()
    click(visitor, "button", f"Freigeben Kommentar {comment.pk}")
    assert "ist freigegeben" in page.locator("main").inner_text()
    sign_out(visitor)

    # The expert group answers.
    sign_in(visitor, "expertin")
    visitor.open("/beteiligung/abwaegung/")
    click(visitor, "link", f"beantworten Kommentar {comment.pk}")
    page.get_by_label("berücksichtigt", exact=True).check()
    page.get_by_label("Begründung").fill("Wir nehmen den herkunftssprachlichen Unterricht auf.")
    click(visitor, "button", "Antwort speichern und veröffentlichen")
    assert Consideration.objects.get().outcome == "beruecksichtigt"
    sign_out(visitor)

    # Everyone reads the answer in the Abwägungstabelle.
    visitor.open(f"/beteiligung/fassung/{version.pk}/abwaegung/")
    table = page.get_by_role("table").inner_text()
    assert "Bitte Herkunftssprachen im Unterricht fördern." in table
    assert "berücksichtigt" in table
    assert "Wir nehmen den herkunftssprachlichen Unterricht auf." in table
    visitor.screenshot("beteiligung-abwaegung")


def test_registering_for_a_full_event_lands_on_the_waiting_list(visitor, world):
    event = EventFactory(title="Podiumsdiskussion Grundlagenpapier", capacity=1)
    RegistrationFactory(event=event)
    page = visitor.page

    visitor.open("/beteiligung/")
    click(visitor, "link", "Podiumsdiskussion Grundlagenpapier")
    assert "ausgebucht" in page.locator("main").inner_text()
    click(visitor, "link", "Auf die Warteliste")
    page.get_by_label("Ihr Name").fill("Samira Beispiel")
    page.get_by_role("textbox", name="E-Mail-Adresse").fill("samira@example.org")
    page.get_by_label("Ich brauche einen stufenlosen Zugang.").check()
    page.get_by_label("Ich willige ein").check()
    page.get_by_label("Ich habe die Datenschutzhinweise gelesen").check()
    click(visitor, "button", "Auf die Warteliste")
    assert page.locator("main h1").inner_text() == "Bitte sehen Sie in Ihr E-Mail-Postfach"

    visitor.open(mail_link("samira@example.org"))
    click(visitor, "button", "Anmeldung bestätigen")
    main = page.locator("main").inner_text()
    assert "Sie stehen auf Platz 1 der Warteliste" in main
    assert "stufenloser Zugang" in main
    assert event.registrations.filter(status="warteliste").count() == 1
    visitor.screenshot("beteiligung-warteliste")


def test_the_other_participation_pages_are_accessible(visitor, world):
    from tests.beteiligung.factories import (
        CommentFactory,
        ConcernFactory,
        DraftFactory,
        DraftVersionFactory,
        SuggestionFactory,
    )

    version = world["version"]
    group = version.draft.committee
    comment = CommentFactory(version=version, section=version.sections.first())
    CommentFactory(version=version, parent=comment, section=comment.section)
    SuggestionFactory(committee=group, title="Sprachcafés")
    ConcernFactory(text="Elternabende mit Dolmetschenden")
    event = EventFactory(title="Werkstatt")
    RegistrationFactory(event=event, childcare=True, needs_consent_at=comment.created_at)
    submitted = DraftVersionFactory(draft=DraftFactory(state="eingereicht"))

    for path in [
        f"/beteiligung/themenfeld/{group.slug}/",
        "/beteiligung/vorschlag/",
        "/beteiligung/anliegen/neu/",
        f"/beteiligung/beitrag/{comment.pk}/melden/",
        f"/beteiligung/kommentar/{comment.pk}/antworten/",
        f"/beteiligung/fassung/{version.pk}/allgemein/",
        "/beteiligung/eingegangen/anmeldung/",
    ]:
        assert visitor.open(path).status == 200

    sign_in(visitor, "oe506")
    for path in [
        "/beteiligung/geschaeftsstelle/",
        f"/beteiligung/fassung/{submitted.pk}/veroeffentlichen/",
        "/beteiligung/moderation/",
        "/beteiligung/anliegen/",
        "/beteiligung/anliegen/erfassen/",
        "/beteiligung/abwaegung/?alle=1",
        f"/beteiligung/veranstaltung/{event.pk}/anmeldungen/",
    ]:
        assert visitor.open(path).status == 200
    visitor.screenshot("beteiligung-anmeldungen")
