"""Password reset by email (lip/password_reset.py): mail for known addresses only, the same answer
for every address, a link that works once, rate limits, the lockout lifted, the record kept."""

import re
from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import Client

from lip.roles import Role
from tests.conftest import user_with_role
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

FORM = "/konto/passwort-vergessen/"
DONE = "/konto/passwort-vergessen/gesendet/"
COMPLETE = "/konto/passwort-neu/fertig/"
LOGIN = "/konto/anmelden/"
NEW_PASSWORD = "Sonnenblume-am-Maschsee-7"
LINK = re.compile(r"https?://testserver(/konto/passwort-neu/[^/\s]+/[^/\s]+/)")


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    """One rate-limit window for the whole test, whatever the hour it runs in."""
    monkeypatch.setattr("lip.ratelimit.time", SimpleNamespace(time=lambda: 1_800_000_000.0))


@pytest.fixture
def ilse(db):
    return UserFactory(username="ilse", email="ilse@example.org")


def request_link(client, email, *, address="10.0.0.1"):
    return client.post(FORM, {"email": email}, REMOTE_ADDR=address)


def link_in(message) -> str:
    return LINK.search(message.body).group(1)


def set_password(client, link, password=NEW_PASSWORD):
    """Open the link (Django moves the token into the session) and send the new password."""
    form = client.get(link)
    assert form.status_code == 302
    return client.post(form.url, {"new_password1": password, "new_password2": password})


def can_sign_in(username, password, *, address="10.0.0.1") -> bool:
    client = Client()
    client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)
    return "_auth_user_id" in client.session


def test_the_login_page_links_to_the_form(client):
    html = client.get(LOGIN).content.decode()

    assert f'href="{FORM}"' in html
    assert "Passwort vergessen?" in html


def test_the_form_is_german_and_fills_in(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get(FORM)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Passwort vergessen?</h1>" in html
    assert 'autocomplete="email"' in html
    assert "Die E-Mail-Adresse, die in Ihrem Konto hinterlegt ist." in html
    assert "24 Stunden gültig" in html


def test_a_known_address_gets_one_mail_with_a_working_link(client, ilse, settings):
    response = request_link(client, "ilse@example.org")

    assert response.status_code == 302
    assert response.url == DONE
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ilse@example.org"]
    assert message.from_email == settings.NOTIFICATION_FROM_EMAIL
    assert message.from_email.startswith("Landeshauptstadt Hannover")
    assert message.subject == "Ihr neues Passwort für die LIP-Plattform"
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    assert "24 Stunden gültig und funktioniert nur einmal" in message.body
    assert "Ihr Benutzername für die Anmeldung: ilse" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert link_in(message) in html
    assert '<html lang="de">' in html

    done = set_password(client, link_in(message))

    assert done.status_code == 302
    assert done.url == COMPLETE
    assert "Neues Passwort gespeichert" in client.get(COMPLETE).content.decode()
    assert can_sign_in("ilse", NEW_PASSWORD)
    assert not can_sign_in("ilse", PASSWORD)


def test_an_address_in_other_case_gets_the_mail_too(client, ilse):
    request_link(client, " ILSE@Example.org ")

    assert [message.to for message in mail.outbox] == [["ilse@example.org"]]


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, ilse):
    known = request_link(client, "ilse@example.org")
    unknown = request_link(client, "niemand@example.org")

    assert unknown.status_code == known.status_code == 302
    assert unknown.url == known.url == DONE
    assert len(mail.outbox) == 1
    page = client.get(DONE).content.decode()
    assert "Wenn zu dieser Adresse ein aktives Konto gehört" in page
    assert "niemand@example.org" not in page


def make_inactive(user):
    user.is_active = False


def make_passwordless(user):
    # An account without a usable password signs in some other way; a mail cannot give it one.
    user.set_unusable_password()


@pytest.mark.parametrize("change", [make_inactive, make_passwordless])
def test_no_mail_for_an_account_that_may_not_reset(client, change):
    user = UserFactory(username="gesperrt", email="gesperrt@example.org")
    change(user)
    user.save()

    response = request_link(client, "gesperrt@example.org")

    assert response.url == DONE
    assert mail.outbox == []


def test_the_link_works_once(client, ilse):
    request_link(client, "ilse@example.org")
    link = link_in(mail.outbox[0])
    set_password(client, link)

    again = Client()
    response = again.get(link, follow=True)

    html = response.content.decode()
    assert "Dieser Link funktioniert nicht mehr" in html
    assert "schon benutzt" in html
    assert 'name="new_password1"' not in html
    # A forged POST straight to the form address changes nothing either.
    forged = link.rsplit("/", 2)[0] + "/festlegen/"
    posted = again.post(
        forged, {"new_password1": "Anders-123-xyz", "new_password2": "Anders-123-xyz"}
    )
    assert "Dieser Link funktioniert nicht mehr" in posted.content.decode()
    assert can_sign_in("ilse", NEW_PASSWORD)
    assert not can_sign_in("ilse", "Anders-123-xyz")


def test_a_link_after_its_time_is_refused(client, ilse, monkeypatch):
    request_link(client, "ilse@example.org")
    # Django's token clock is naive local time (PasswordResetTokenGenerator._now).
    later = datetime.now() + timedelta(hours=24, minutes=1)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)

    response = client.get(link_in(mail.outbox[0]), follow=True)

    assert "Dieser Link funktioniert nicht mehr" in response.content.decode()
    assert can_sign_in("ilse", PASSWORD)


def test_the_password_validators_apply(client, ilse):
    request_link(client, "ilse@example.org")

    response = set_password(client, link_in(mail.outbox[0]), password="12345678")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Dieses Passwort ist zu üblich." in html or "zu kurz" in html
    assert "komplett aus Ziffern" in html
    assert can_sign_in("ilse", PASSWORD)


def test_too_many_requests_for_one_address_are_refused(client, ilse, settings):
    for _request in range(5):
        request_link(client, "ilse@example.org", address="10.0.0.1")
    assert len(mail.outbox) == 5

    refused = request_link(client, "Ilse@example.org", address="192.0.2.9")

    assert refused.status_code == 429
    html = refused.content.decode()
    assert "viele neue Passwörter angefordert" in html
    assert "keine weitere E-Mail" in html
    assert len(mail.outbox) == 5


def test_too_many_requests_from_one_network_are_refused(client, ilse):
    for number in range(20):
        request_link(client, f"versuch{number}@example.org", address=f"10.0.0.{number + 1}")

    refused = request_link(client, "ilse@example.org", address="10.0.0.200")
    elsewhere = request_link(client, "ilse@example.org", address="10.0.1.1")

    assert refused.status_code == 429
    assert "viele neue Passwörter angefordert" in refused.content.decode()
    assert elsewhere.status_code == 302
    assert len(mail.outbox) == 1


def test_an_invalid_address_is_not_counted(client):
    response = request_link(client, "keine-adresse")

    assert response.status_code == 200
    assert "gültige E-Mail-Adresse" in response.content.decode()
    assert mail.outbox == []


def test_the_reset_lifts_the_lockout_of_the_account(client, ilse, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        Client().post(LOGIN, {"username": "ilse", "password": "falsch"}, REMOTE_ADDR="10.0.0.1")
    assert not can_sign_in("ilse", PASSWORD)

    request_link(client, "ilse@example.org")
    set_password(client, link_in(mail.outbox[0]))

    assert can_sign_in("ilse", NEW_PASSWORD)


def test_the_reset_is_recorded_in_the_account_history(client, ilse):
    request_link(client, "ilse@example.org")
    set_password(client, link_in(mail.outbox[0]))

    entry = LogEntry.objects.get(object_id=str(ilse.pk))
    assert entry.user_id == ilse.pk
    assert entry.change_message == "Passwort per E-Mail-Link zurückgesetzt."


def test_the_reset_ends_other_sessions(client, ilse):
    elsewhere = Client()
    elsewhere.force_login(ilse)

    request_link(client, "ilse@example.org")
    set_password(client, link_in(mail.outbox[0]))

    assert elsewhere.get("/konto/").status_code == 302


def test_the_back_office_still_asks_for_the_second_factor(client):
    office = user_with_role(Role.OFFICE, is_staff=True, username="oe506", email="oe@example.org")
    request_link(client, "oe@example.org")
    set_password(client, link_in(mail.outbox[0]))

    staff = Client()
    staff.post(LOGIN, {"username": "oe506", "password": NEW_PASSWORD})
    response = staff.get("/admin/", follow=True)

    assert int(staff.session["_auth_user_id"]) == office.pk
    assert response.redirect_chain[-1][0] == "/konto/zwei-faktor/pruefen/?next=/admin/"


def test_the_queries_do_not_depend_on_the_number_of_accounts(
    client, ilse, django_assert_max_num_queries
):
    UserFactory.create_batch(30)

    with django_assert_max_num_queries(8):
        request_link(client, "ilse@example.org")
    with django_assert_max_num_queries(8):
        request_link(client, "niemand@example.org")
