"""The invitation of the organisations on the register: by mail (once each) and as letters."""

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lip.models import EmailOptOut, Notification, ProcessEvent
from lip.notifications import Kind
from tests.wahlen.factories import (
    CandidacyFactory,
    ElectionFactory,
    EligibleOrganizationFactory,
    MigrantOrganizationFactory,
)
from wahlen.models import Election, VotingCode
from wahlen.services import send_invitations

pytestmark = pytest.mark.django_db

SITE = "https://lip.example.org"
ADDRESSES = ["info@al-nour.example.org", "kontakt@verein-bunt.example.org"]


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def election(db):
    election = ElectionFactory(
        title="Wahl der MSO-Vertreter*innen 2031",
        slug="mso-wahl-2031",
        voting_date=datetime.date(2031, 3, 12),
        place="Neues Rathaus, Mosaiksaal",
    )
    for name, email in zip(["Al-Nour e.V.", "Verein Bunt"], ADDRESSES, strict=True):
        EligibleOrganizationFactory(
            election=election, organization=MigrantOrganizationFactory(name=name, email=email)
        )
    EligibleOrganizationFactory(
        election=election, organization=MigrantOrganizationFactory(name="Ohne Post e.V.", email="")
    )
    CandidacyFactory(
        election=election,
        organization=MigrantOrganizationFactory(name="Kandidierender Verein", email=""),
        person__given_name="Leyla",
        person__family_name="Aksoy",
    )
    return election


def recipients() -> list[str]:
    return sorted(message.to[0] for message in mail.outbox)


def test_each_organisation_with_an_address_gets_one_invitation(
    election, office_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = send_invitations(election=election, by=office_user)

    assert (result.sent, result.already) == (2, 0)
    assert sorted(o.name for o in result.without_address) == [
        "Kandidierender Verein",
        "Ohne Post e.V.",
    ]
    assert recipients() == ADDRESSES
    link = f"{SITE}/wahlen/mso-wahl-2031/"
    for message in mail.outbox:
        assert message.subject == "Einladung: Wahl der MSO-Vertreter*innen 2031 am 12.03.2031"
        assert len(message.to) == 1 and not message.cc and not message.bcc
        other = next(address for address in ADDRESSES if address != message.to[0])
        assert other not in message.message().as_string()
        body = message.body
        assert body.startswith("Guten Tag,")
        assert "Wahltag: Mittwoch, 12. März 2031" in body
        assert "Ort: Neues Rathaus, Mosaiksaal" in body
        assert f"{SITE}/wahlen/mso-wahl-2031/abstimmen/" in body
        assert "Elektronisch:" in body and "Auf Papier:" in body
        assert "Leyla Aksoy (Kandidierender Verein)" in body
        assert "Diese Einladung enthält keinen Code." in body
        assert link in body
        [(html, _mimetype)] = message.alternatives
        assert f'href="{link}"' in html
        assert "<strong>Elektronisch:</strong>" in html
        assert "<strong>" not in body
        assert message.attachments == []
        # No code: nothing that looks like one, and none was made.
        assert not re.search(r"\b[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}\b", body + html)
    al_nour = next(m for m in mail.outbox if m.to == [ADDRESSES[0]])
    assert "Al-Nour e.V. steht im Wahlverzeichnis" in al_nour.body
    assert not VotingCode.objects.exists()
    event = ProcessEvent.objects.get()
    assert (event.kind, event.subject, event.actor, event.is_public) == (
        "invitations_sent",
        election,
        office_user,
        False,
    )
    assert "2 Organisationen" in event.summary


def test_sending_again_mails_only_those_not_invited_yet(
    election, office_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_invitations(election=election, by=office_user)
    with django_capture_on_commit_callbacks(execute=True):
        again = send_invitations(election=election, by=office_user)

    assert (again.sent, again.already) == (0, 2)
    assert recipients() == ADDRESSES
    assert ProcessEvent.objects.count() == 1

    later = MigrantOrganizationFactory(name="Neu im Verzeichnis", email="neu@example.org")
    EligibleOrganizationFactory(election=election, organization=later)
    with django_capture_on_commit_callbacks(execute=True):
        third = send_invitations(election=election, by=office_user)

    assert (third.sent, third.already) == (1, 2)
    assert recipients() == sorted([*ADDRESSES, "neu@example.org"])
    assert Notification.objects.filter(kind=Kind.ELECTION_INVITATION).count() == 3
    assert ProcessEvent.objects.count() == 2


def test_an_unsubscribed_address_gets_nothing(
    election, office_user, django_capture_on_commit_callbacks
):
    EmailOptOut.objects.create(email=ADDRESSES[0], kind=Kind.ELECTION_INVITATION)

    with django_capture_on_commit_callbacks(execute=True):
        result = send_invitations(election=election, by=office_user)

    assert (result.sent, result.already) == (1, 1)
    assert recipients() == [ADDRESSES[1]]


@pytest.mark.parametrize(
    "change",
    [
        {"voting_date": None},
        {"place": ""},
        {"status": Election.Status.PUBLISHED, "published_at": timezone.now()},
    ],
    ids=["no-date", "no-place", "published"],
)
def test_no_invitation_without_date_and_place_or_after_publication(
    election, office_user, change, django_capture_on_commit_callbacks
):
    if change.get("status"):
        change["register_frozen_at"] = timezone.now()
    Election.objects.filter(pk=election.pk).update(**change)
    election.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        send_invitations(election=election, by=office_user)

    assert mail.outbox == []
    assert not Notification.objects.exists()
    assert not ProcessEvent.objects.exists()


def test_an_empty_register_has_nobody_to_invite(office_user):
    election = ElectionFactory(voting_date=datetime.date(2031, 3, 12), place="Rathaus")

    with pytest.raises(ValidationError, match="niemanden"):
        send_invitations(election=election, by=office_user)


# The pages -----------------------------------------------------------------------------------


def page_url(election) -> str:
    return reverse("wahlen:invitations", args=[election.slug])


def send_url(election) -> str:
    return reverse("wahlen:invitations-send", args=[election.slug])


@pytest.mark.parametrize("who", ["anonymous", "citizen", "department"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_only_the_election_office_sees_and_sends_the_invitations(
    client, election, citizen_user, department_user, who, method, django_capture_on_commit_callbacks
):
    from tests.factories import DepartmentFactory

    if who == "citizen":
        client.force_login(citizen_user)
    elif who == "department":
        client.force_login(department_user(DepartmentFactory()))

    with django_capture_on_commit_callbacks(execute=True):
        if method == "get":
            response = client.get(page_url(election))
        else:
            response = client.post(send_url(election))

    if who == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    else:
        assert response.status_code == 403
    assert mail.outbox == []
    assert not Notification.objects.exists()
    assert not ProcessEvent.objects.exists()


def test_an_unknown_election_is_404(client, office_user):
    client.force_login(office_user)

    assert client.get(reverse("wahlen:invitations", args=["gibt-es-nicht"])).status_code == 404
    assert client.post(reverse("wahlen:invitations-send", args=["gibt-es-nicht"])).status_code == (
        404
    )


def test_sending_takes_no_get(client, office_user, election):
    client.force_login(office_user)

    assert client.get(send_url(election)).status_code == 405
    assert mail.outbox == []


def test_the_office_sends_from_the_page_and_sees_who_was_invited(
    client, office_user, election, django_capture_on_commit_callbacks
):
    client.force_login(office_user)
    manage = client.get(reverse("wahlen:manage", args=[election.slug])).content.decode()
    assert page_url(election) in manage

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(send_url(election))

    assert response.status_code == 302
    assert response.url == page_url(election)
    html = " ".join(client.get(response.url).content.decode().split())
    assert "Einladungen per E-Mail verschickt: 2. Schon vorher eingeladen: 0." in html
    assert html.count("verschickt am") == 2
    assert "keine: Brief drucken" in html
    assert recipients() == ADDRESSES


def test_the_print_view_has_one_letter_per_organisation_and_marks_those_without_address(
    client, office_user, election
):
    client.force_login(office_user)

    html = client.get(page_url(election)).content.decode()

    letters = re.findall(r'<article class="invitation-letter".*?</article>', html, re.DOTALL)
    assert len(letters) == 4
    by_name = {
        re.search(r'letter-recipient">(.*?)<', letter).group(1): letter for letter in letters
    }
    assert sorted(by_name) == [
        "Al-Nour e.V.",
        "Kandidierender Verein",
        "Ohne Post e.V.",
        "Verein Bunt",
    ]
    for name, letter in by_name.items():
        marked = "Keine E-Mail-Adresse: Diese Organisation braucht den Brief." in letter
        assert marked is (name in {"Ohne Post e.V.", "Kandidierender Verein"})
        assert "Sehr geehrte Damen und Herren," in letter
        assert "Mittwoch, 12. März 2031" in letter
        assert "Neues Rathaus, Mosaiksaal" in letter
        assert f"{SITE}/wahlen/mso-wahl-2031/abstimmen/" in letter
        assert "Leyla Aksoy (Kandidierender Verein)" in letter
    assert 'class="no-print"' in html
    assert "wahlen/wahlen.css" in html

    only = client.get(page_url(election), {"ohne-e-mail": "1"}).content.decode()
    letters = re.findall(r'letter-recipient">(.*?)<', only)
    assert sorted(letters) == ["Kandidierender Verein", "Ohne Post e.V."]


def test_the_print_view_asks_for_date_and_place_first(client, office_user, election):
    Election.objects.filter(pk=election.pk).update(place="")
    client.force_login(office_user)

    html = client.get(page_url(election)).content.decode()

    assert "Tragen Sie zuerst beides in den Einstellungen ein." in html
    assert "invitation-letter" not in html
    assert f'action="{send_url(election)}"' not in html


@pytest.mark.parametrize("organizations", [3, 40])
def test_the_print_view_runs_a_fixed_number_of_queries(
    client,
    office_user,
    organizations,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    election = ElectionFactory(voting_date=datetime.date(2031, 3, 12), place="Rathaus")
    for number in range(organizations):
        EligibleOrganizationFactory(
            election=election,
            organization=MigrantOrganizationFactory(
                email=f"mso{number}@example.org" if number % 3 else ""
            ),
        )
    for _number in range(3):
        CandidacyFactory(election=election)
    with django_capture_on_commit_callbacks(execute=True):
        send_invitations(election=election, by=office_user)
    client.force_login(office_user)

    with django_assert_max_num_queries(11):
        response = client.get(page_url(election))

    assert response.content.decode().count('<article class="invitation-letter"') == (
        organizations + 3
    )
