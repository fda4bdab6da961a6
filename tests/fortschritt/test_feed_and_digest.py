import xml.etree.ElementTree as ET

import pytest
from django.core import mail
from django.core.management import call_command

from lip.events import record_event
from lip.notifications import Kind, Mode, set_preferences
from lip.notifications.delivery import send_digests
from lip.roles import Role
from tests.conftest import user_with_role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def test_feed_is_valid_atom_with_public_events_only(client):
    record_event(kind="version_published", summary="Fassung 1 veröffentlicht", public=True)
    record_event(kind="statement_filed", summary="Einschätzung intern eingereicht")

    response = client.get("/fortschritt/feed/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own response
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None
    entries = root.findall(f"{ATOM}entry")
    assert [entry.find(f"{ATOM}title").text for entry in entries] == ["Fassung 1 veröffentlicht"]
    for entry in entries:
        for required in ("id", "title", "updated", "link"):
            assert entry.find(f"{ATOM}{required}") is not None
    assert b"intern" not in response.content


@pytest.fixture
def member(db, settings):
    settings.SITE_URL = "https://lip.example.org"
    return user_with_role(Role.COMMITTEE, email="ausschuss@example.org")


def test_digest_sends_new_events_once(member):
    record_event(kind="draft_submitted", summary="Bildung hat Fassung 1 eingereicht", public=True)
    record_event(kind="statement_filed", summary="Runder Tisch hat Stellung genommen")

    assert send_digests() == 1
    assert send_digests() == 0

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ausschuss@example.org"]
    assert "Bildung hat Fassung 1 eingereicht" in message.body
    assert "Runder Tisch hat Stellung genommen" in message.body
    assert "https://lip.example.org/fortschritt/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    record_event(kind="meeting_held", summary="Sitzung der Lenkungsgruppe")
    assert send_digests() == 1
    assert len(mail.outbox) == 2
    assert "Bildung" not in mail.outbox[1].body


def test_digest_command_is_idempotent_and_silent_without_events(member):
    call_command("send_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert mail.outbox == []

    record_event(kind="draft_submitted", summary="Neuer Schritt", public=True)
    call_command("send_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("send_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert len(mail.outbox) == 1


def test_digest_goes_only_to_committee_members_with_email(member):
    user_with_role(Role.OFFICE, email="amt@example.org")
    user_with_role(Role.COMMITTEE, email="")
    user_with_role(Role.COMMITTEE, email="ehemalig@example.org", is_active=False)
    record_event(kind="draft_submitted", summary="Neuer Schritt", public=True)

    call_command("send_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert [message.to for message in mail.outbox] == [["ausschuss@example.org"]]


def test_a_new_member_gets_only_steps_after_joining(member):
    record_event(kind="draft_submitted", summary="Vor der Zeit", public=True)
    newcomer = user_with_role(Role.COMMITTEE, email="neu@example.org")
    record_event(kind="draft_submitted", summary="Danach", public=True)

    send_digests()

    [mail_to_newcomer] = [m for m in mail.outbox if m.to == [newcomer.email]]
    assert "Danach" in mail_to_newcomer.body
    assert "Vor der Zeit" not in mail_to_newcomer.body


def test_members_choose_immediate_mails_or_none(member, django_capture_on_commit_callbacks):
    set_preferences(user=member, modes={Kind.PROCESS_STEPS: Mode.IMMEDIATE})
    silent = user_with_role(Role.COMMITTEE, email="still@example.org")
    set_preferences(user=silent, modes={Kind.PROCESS_STEPS: Mode.OFF})
    UserFactory(email="kein-mitglied@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        record_event(kind="draft_submitted", summary="Bildung hat eingereicht", public=True)

    [message] = mail.outbox
    assert message.to == ["ausschuss@example.org"]
    assert "Bildung hat eingereicht" in message.subject
    assert "Bildung hat eingereicht" in message.body
    assert send_digests() == 0
