"""Etappen in Chromium: edit and submit, a Beirat's assessment, back for revision with a Vorgabe,
version 2 taking it up, the Synopse; every page axe-clean."""

import re

import pytest
from django.utils import timezone

from etappen.models import Decision, Draft, DraftVersion, Statement
from etappen.services import SectionData, add_section
from lip.roles import Role
from tests.conftest import user_with_role
from tests.etappen.factories import DraftFactory, ExpertGroupFactory, StageFactory
from tests.factories import (
    PASSWORD,
    CommitteeFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def member(committee, username):
    user = UserFactory(username=username)
    MembershipFactory(committee=committee, person=PersonFactory(user=user))
    return user


@pytest.fixture
def world(db):
    CommitteeFactory(name="Lenkungsgruppe", slug="lenkungsgruppe", kind="lenkungsgruppe")
    council = CommitteeFactory(name="Integrationsbeirat Mitte", kind="integrationsbeirat")
    CommitteeFactory(name="Delegiertenkonferenz", kind="delegiertenkonferenz")
    CommitteeFactory(name="Runder Tisch", kind="runder_tisch")
    group = ExpertGroupFactory(name="Bildung", slug="bildung")
    draft = DraftFactory(stage=StageFactory(), committee=group)
    add_section(
        draft=draft,
        data=SectionData(heading="Leitbild", text="Bildung ist wichtig."),
        by=None,
    )
    return {
        "draft": draft,
        "expert": member(group, "expertin"),
        "beirat": member(council, "beirat"),
        "office": user_with_role(Role.OFFICE, username="oe506", is_staff=True),
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


def test_a_draft_goes_round_once_and_the_synopse_shows_the_change(visitor, world):
    draft = world["draft"]
    page = visitor.page

    # The public sees the state, not the text.
    visitor.open("/etappen/")
    visitor.open("/etappen/1/")
    assert "in Arbeit" in page.locator("main").inner_text()

    # 1. The expert group edits and submits.
    sign_in(visitor, "expertin")
    visitor.open(draft.get_absolute_url())
    click(visitor, "link", "Abschnitte bearbeiten")
    click(visitor, "link", re.compile(r"^Bearbeiten\W+Leitbild$"))
    page.get_by_label("Text").fill("Bildung ist der Schlüssel zur Teilhabe.")
    click(visitor, "button", "Abschnitt speichern")
    assert "wurde gespeichert" in page.get_by_role("status").first.inner_text()
    click(visitor, "link", "Abschnitt hinzufügen")
    page.get_by_label("Überschrift").fill("Übergänge")
    page.get_by_label("Text").fill("Kita und Schule arbeiten zusammen.")
    click(visitor, "button", "Abschnitt speichern")
    click(visitor, "link", "Zum Einreichen")
    click(visitor, "button", "Fassung einreichen")
    # A page says what submitting does before anything is frozen.
    assert "Fassung 1 einreichen?" in page.locator("h1").inner_text()
    assert not DraftVersion.objects.filter(draft=draft).exists()
    click(visitor, "button", "Fassung 1 jetzt einreichen")
    first = DraftVersion.objects.get(draft=draft, number=1)
    assert page.url.endswith(first.get_absolute_url())
    assert "Bildung ist der Schlüssel zur Teilhabe." in page.locator("main").inner_text()
    sign_out(visitor)

    # 2. A Beirat member files the assessment of their council.
    sign_in(visitor, "beirat")
    visitor.open(first.get_absolute_url())
    click(visitor, "link", re.compile(r"^Text einreichen\W+Integrationsbeirat Mitte$"))
    page.get_by_label("Einschätzung").fill("Der Beirat wünscht Beispiele aus den Stadtteilen.")
    click(visitor, "button", "Weiter zum Einreichen")
    assert not Statement.objects.exists()
    click(visitor, "button", "Text jetzt verbindlich einreichen")
    statement = Statement.objects.get()
    assert statement.filed_by.username == "beirat" and not statement.is_late
    assert "Der Beirat wünscht Beispiele" in page.locator("main").inner_text()
    sign_out(visitor)

    # 3. OE 50.6 records "back for revision" with a Vorgabe.
    sign_in(visitor, "oe506")
    visitor.open(first.get_absolute_url())
    click(visitor, "link", "Beschluss der Lenkungsgruppe erfassen")
    page.get_by_label("zur Überarbeitung").check()
    page.get_by_label("Datum der Sitzung").fill(timezone.localdate().isoformat())
    page.get_by_label("Beschlossen in").select_option(label="im Umlaufverfahren")
    page.get_by_label("Vorgaben (eine pro Zeile)").fill("Beispiele aus den Stadtteilen ergänzen.")
    page.get_by_label("Warum die Lenkungsgruppe beschließt").fill("Sitzung vor Fristende.")
    click(visitor, "button", "Beschluss prüfen")
    click(visitor, "button", "Beschluss jetzt verbindlich erfassen")
    assert Decision.objects.get().outcome == Decision.Outcome.REVISION
    sign_out(visitor)

    # 4. The group takes the Vorgabe up in version 2.
    sign_in(visitor, "expertin")
    visitor.open(draft.get_absolute_url())
    assert "Offene Vorgaben" in page.locator("main").inner_text()
    click(visitor, "link", "Abschnitte bearbeiten")
    click(visitor, "link", re.compile(r"^Bearbeiten\W+Übergänge$"))
    page.get_by_label("Text").fill("Kita und Schule in Linden und Vahrenwald arbeiten zusammen.")
    click(visitor, "button", "Abschnitt speichern")
    click(visitor, "link", "Zum Einreichen")
    page.get_by_label("Beispiele aus den Stadtteilen ergänzen.").check()
    click(visitor, "button", "Fassung einreichen")
    click(visitor, "button", "Fassung 2 jetzt einreichen")
    second = DraftVersion.objects.get(draft=draft, number=2)
    assert [r.text for r in second.addressed_requirements.all()] == [
        "Beispiele aus den Stadtteilen ergänzen."
    ]
    assert Draft.objects.get(pk=draft.pk).state == Draft.State.SUBMITTED

    # 5. The Synopse shows the change, marked not by colour alone.
    click(visitor, "link", "Mit Fassung 1 vergleichen (Synopse)")
    table = page.get_by_role("table")
    inserted = table.locator("ins").all_inner_texts()
    assert any("Linden und Vahrenwald" in text for text in inserted)
    assert any(text.startswith("eingefügt:") for text in inserted)
    assert "geändert" in table.inner_text()
    visitor.screenshot("etappen-synopse")


def test_the_office_decides_while_statements_are_pending(visitor, world):
    """OE 50.6 sees which bodies have filed, is stopped without a reason, gives one, confirms."""
    from etappen.services import file_statement, submit_draft

    draft = world["draft"]
    version = submit_draft(draft=draft, by=world["expert"])
    mitte = version.consultation_requests.get(committee__name="Integrationsbeirat Mitte")
    file_statement(request=mitte, text="Der Beirat stimmt zu.", by=world["beirat"])
    page = visitor.page
    page.set_viewport_size({"width": 360, "height": 780})

    sign_in(visitor, "oe506")
    visitor.open(f"/etappen/fassung/{version.pk}/beschluss/")
    main = page.locator("main")
    assert "2 Stellungnahmen stehen noch aus" in main.inner_text()
    table = page.get_by_role("table", name="Stellungnahmen der angefragten Gremien")
    mitte_row = table.get_by_role("row", name=re.compile("Integrationsbeirat Mitte"))
    assert "eingegangen" in mitte_row.inner_text()
    assert mitte_row.get_by_role("link", name=re.compile("Text lesen")).count() == 1
    assert "ausstehend" in table.get_by_role("row", name=re.compile("Runder Tisch")).inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    visitor.screenshot("etappen-beschluss-360")

    # Without a reason the decision is refused, in German, and nothing is recorded.
    page.get_by_label("angenommen").check()
    page.get_by_label("Datum der Sitzung").fill(timezone.localdate().isoformat())
    page.get_by_label("Beschlossen in").select_option(label="im Umlaufverfahren")
    click(visitor, "button", "Beschluss prüfen")
    assert "Bitte geben Sie den Grund an" in main.inner_text()
    assert not Decision.objects.exists()

    page.get_by_label("Warum die Lenkungsgruppe beschließt").fill(
        "Die Sitzung lag vor dem Ende der Frist; der Runde Tisch hat mündlich zugestimmt."
    )
    click(visitor, "button", "Beschluss prüfen")
    assert "Beschluss bestätigen" in page.locator("h1").inner_text()
    assert "Diese Anfragen werden gegenstandslos" in main.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert not Decision.objects.exists()

    click(visitor, "button", "Beschluss jetzt verbindlich erfassen")
    decision = Decision.objects.get(version=version)
    assert decision.outcome == Decision.Outcome.ACCEPTED
    assert decision.pending_override_reason.startswith("Die Sitzung lag vor dem Ende")
    assert page.url.endswith(version.get_absolute_url())
    assert "gegenstandslos" in main.inner_text()
