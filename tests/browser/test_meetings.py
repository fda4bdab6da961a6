"""OE 50.6 prepares and records a meeting of the Lenkungsgruppe in Chromium; the public reads it.

Plan (entered afterwards, so nobody is mailed), agenda item, held, attendance with the quorum,
minutes kept internal and then published after a confirmation; the public meeting page at
360 px without horizontal scrolling, axe-clean (the visitor checks every page).
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from gremien.models import Attendance, Meeting, Minutes
from lip.roles import Role
from tests.factories import (
    PASSWORD,
    CommitteeFactory,
    MembershipFactory,
    PersonFactory,
    SeatRuleFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEMBERS = [("Konstanze", "Beispiel"), ("Deniz", "Arslan"), ("Marta", "Nowak")]


@pytest.fixture
def steering():
    body = CommitteeFactory(name="Lenkungsgruppe", slug="lenkungsgruppe", kind="lenkungsgruppe")
    SeatRuleFactory(committee=body, role="mitglied", min_count=3, max_count=3)
    persons = [
        MembershipFactory(
            committee=body,
            role="mitglied",
            person=PersonFactory(given_name=given, family_name=family),
        ).person
        for given, family in MEMBERS
    ]
    # Transactional tests empty the tables between tests, so the role group may be gone.
    office, _created = Group.objects.get_or_create(name=Role.OFFICE.value)
    UserFactory(username="oe506", password=PASSWORD).groups.add(office)
    return body, persons


def click(visitor, role, name, **kwargs):
    visitor.page.get_by_role(role, name=name, **kwargs).click()
    visitor.check()


def test_the_office_records_a_meeting_and_the_public_reads_the_minutes(visitor, steering):
    _body, persons = steering
    page = visitor.page

    # Planning needs an account: the form sends OE 50.6 to sign in first.
    visitor.open("/gremien/lenkungsgruppe/sitzungen/neu/")
    assert "/konto/anmelden/" in page.url
    page.get_by_label("Benutzername").fill("oe506")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    visitor.check()
    assert page.url.endswith("/gremien/lenkungsgruppe/sitzungen/neu/")

    yesterday = timezone.localtime() - datetime.timedelta(days=1)
    page.get_by_label("Titel").fill("7. Sitzung der Lenkungsgruppe")
    page.get_by_label("Beginn").fill(yesterday.strftime("%Y-%m-%dT14:00"))
    page.get_by_label("Ort").fill("Neues Rathaus, Hodlersaal")
    page.get_by_label("Öffentlich").check()
    click(visitor, "button", "Sitzung planen")
    meeting = Meeting.objects.get()
    assert page.url.endswith(f"/gremien/lenkungsgruppe/sitzung/{meeting.pk}/tagesordnung/")

    # An agenda item.
    page.get_by_label("Titel des Tagesordnungspunkts").fill("Zeitplan der Etappe 1")
    page.get_by_label("Erläuterung (optional)").fill("Vorstellung durch OE 50.6")
    click(visitor, "button", "Punkt hinzufügen")
    assert "Der Tagesordnungspunkt wurde hinzugefügt." in page.get_by_role("status").inner_text()
    click(visitor, "link", "Zurück zur Sitzung")

    # The meeting took place; attendance: two of three present.
    click(visitor, "button", "Als stattgefunden markieren")
    click(visitor, "link", "Anwesenheit erfassen")
    for person in persons[:2]:
        page.get_by_role("group", name=person.full_name).get_by_label("anwesend").check()
    page.get_by_role("group", name=persons[2].full_name).get_by_label("entschuldigt").check()
    click(visitor, "button", "Anwesenheit erfassen")
    assert "2 von 3 Stimmen anwesend: beschlussfähig" in page.locator("main").inner_text()
    assert Attendance.objects.filter(status="anwesend").count() == 2

    # Minutes: first internal, then published after the confirmation.
    click(visitor, "link", "Protokoll schreiben")
    page.get_by_label("Protokoll").fill("TOP 1: Der Zeitplan wurde vorgestellt und beraten.")
    click(visitor, "button", "Speichern und intern freigeben")
    assert Minutes.objects.get().status == Minutes.Status.INTERNAL
    click(visitor, "link", "Protokoll schreiben")
    click(visitor, "button", "Veröffentlichen …")
    assert page.locator("h1").inner_text() == "Protokoll veröffentlichen"
    assert Minutes.objects.get().status == Minutes.Status.INTERNAL
    click(visitor, "button", "Jetzt veröffentlichen")
    assert Minutes.objects.get().status == Minutes.Status.PUBLISHED
    click(visitor, "button", "Abmelden")

    # The public page, on a small phone.
    page.set_viewport_size({"width": 360, "height": 780})
    visitor.open(f"/gremien/lenkungsgruppe/sitzung/{meeting.pk}/")
    main = page.locator("main").inner_text()
    assert "Zeitplan der Etappe 1" in main
    assert "TOP 1: Der Zeitplan wurde vorgestellt und beraten." in main
    assert "2 von 3 Stimmen anwesend: beschlussfähig" in main
    assert "Konstanze Beispiel" not in main  # names of attendees only for insiders
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    visitor.screenshot("gremien-sitzung-360")

    # The body's page links to it.
    visitor.open("/gremien/lenkungsgruppe/")
    page.get_by_role("link", name="7. Sitzung der Lenkungsgruppe").click()
    visitor.check()
    assert page.url.endswith(f"/sitzung/{meeting.pk}/")


PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HTML = b"<html><body><script>alert(1)</script></body></html>"


def test_the_office_attaches_the_signed_minutes_at_360_px(visitor, steering):
    from lip.attachments.models import Attachment

    body, _persons = steering
    meeting = Meeting.objects.create(
        committee=body,
        title="8. Sitzung der Lenkungsgruppe",
        start=timezone.now() - datetime.timedelta(days=1),
        is_public=True,
        status=Meeting.Status.HELD,
    )
    page = visitor.page
    page.set_viewport_size({"width": 360, "height": 780})
    visitor.open(f"/konto/anmelden/?next=/gremien/lenkungsgruppe/sitzung/{meeting.pk}/protokoll/")
    page.get_by_label("Benutzername").fill("oe506")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    visitor.check()
    main = page.locator("main")
    assert "Erlaubt: PDF, ODT, DOCX, PNG oder JPEG, höchstens 20 MB." in main.inner_text()

    # HTML named .pdf: refused in German, nothing stored.
    page.get_by_label("Datei").set_input_files(
        files=[{"name": "protokoll.pdf", "mimeType": "application/pdf", "buffer": HTML}]
    )
    click(visitor, "button", "Datei anhängen")
    assert "erkannt am Inhalt, nicht am Namen" in main.inner_text()
    assert not Attachment.objects.exists()

    long_name = (
        "Protokoll der 8. Sitzung der Lenkungsgruppe, unterschrieben von der Vorsitzenden.pdf"
    )
    page.get_by_label("Datei").set_input_files(
        files=[{"name": long_name, "mimeType": "application/pdf", "buffer": PDF}]
    )
    click(visitor, "button", "Datei anhängen")
    assert page.get_by_role("link", name=long_name).count() == 1
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    visitor.screenshot("gremien-protokoll-anhang-360")

    page.get_by_label("Protokoll").fill("TOP 1: Zeitplan beraten.")
    click(visitor, "button", "Veröffentlichen …")
    assert page.get_by_role("link", name=long_name).count() == 1  # published with the text
    click(visitor, "button", "Jetzt veröffentlichen")
    assert Minutes.objects.get(meeting=meeting).status == Minutes.Status.PUBLISHED
    page.context.clear_cookies()  # signed out: the public reads the minutes and the file

    visitor.open(f"/gremien/lenkungsgruppe/sitzung/{meeting.pk}/")
    link = page.get_by_role("link", name=long_name)
    assert link.count() == 1
    response = page.request.get(visitor.base_url + link.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
