"""Second factor (TOTP) for the back office: set up, asked for after the password, reset by a
superuser."""

import pytest
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from lip.roles import Role
from tests.conftest import user_with_role
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SETUP = "/konto/zwei-faktor/"
VERIFY = "/konto/zwei-faktor/pruefen/"


def current_code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return str(totp.token()).zfill(device.digits)


def wrong_code(device: TOTPDevice) -> str:
    return str((int(current_code(device)) + 500_000) % 1_000_000).zfill(6)


def sign_in(client, user, path="/konto/anmelden/"):
    """Password only, through the login form (force_login would skip the code, see conftest)."""
    response = client.post(path, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return response


def final_url(response) -> str:
    return response.redirect_chain[-1][0]


@pytest.fixture
def newcomer(db):
    """An office account with back-office access that has not set up its second factor."""
    return user_with_role(Role.OFFICE, is_staff=True, username="neu", second_factor=False)


@pytest.fixture
def office(db):
    """An office account with a confirmed device."""
    return user_with_role(Role.OFFICE, is_staff=True, username="oe506")


def test_office_account_without_device_is_sent_to_the_setup(client, newcomer):
    client.force_login(newcomer)

    response = client.get("/admin/", follow=True)

    assert final_url(response) == f"{SETUP}?next=/admin/"
    html = response.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html
    device = TOTPDevice.objects.get(user=newcomer, confirmed=False)
    assert response.context["secret"].replace(" ", "") in device.config_url


def test_setup_page_has_no_inline_script_or_style(client, newcomer):
    client.force_login(newcomer)

    html = client.get(SETUP).content.decode()

    assert "<script>" not in html and "style=" not in html and "<svg" not in html


def test_setup_confirmed_with_the_right_code_opens_the_admin(client, newcomer):
    client.force_login(newcomer)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=newcomer)

    response = client.post(SETUP, {"token": current_code(device), "next": "/admin/"})

    assert response.status_code == 302 and response["Location"] == "/admin/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200
    assert client.session.get_expire_at_browser_close()


def test_setup_with_a_wrong_code_confirms_nothing(client, newcomer):
    client.force_login(newcomer)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=newcomer)

    response = client.post(SETUP, {"token": wrong_code(device)})

    assert response.status_code == 200
    assert "Der Code ist falsch oder abgelaufen" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/admin/").status_code == 302


def test_a_confirmed_device_cannot_be_replaced_from_the_setup_page(client, office):
    sign_in(client, office)
    key = TOTPDevice.objects.get(user=office).key

    response = client.get(SETUP + "?next=/admin/")

    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=%2Fadmin%2F"
    assert list(TOTPDevice.objects.filter(user=office).values_list("key", flat=True)) == [key]


def test_after_the_password_the_admin_asks_for_the_code(client, office):
    sign_in(client, office)

    response = client.get("/admin/", follow=True)

    assert final_url(response) == f"{VERIFY}?next=/admin/"
    assert "aktuellen Code" in response.content.decode()


def test_the_admin_login_form_leads_to_the_code_too(client, office):
    sign_in(client, office, path="/admin/login/?next=/admin/")

    response = client.get("/admin/", follow=True)

    assert final_url(response) == f"{VERIFY}?next=/admin/"


def test_the_right_code_opens_the_admin_until_the_browser_closes(client, office):
    sign_in(client, office)
    device = TOTPDevice.objects.get(user=office)
    key_before = client.session.session_key

    response = client.post(VERIFY, {"token": current_code(device), "next": "/admin/gremien/"})

    assert response["Location"] == "/admin/gremien/"
    assert client.get("/admin/").status_code == 200
    assert client.session.session_key != key_before  # new key on raising the privileges
    assert client.session.get_expire_at_browser_close()


def test_a_wrong_code_gets_a_german_error_and_no_admin(client, office):
    sign_in(client, office)
    device = TOTPDevice.objects.get(user=office)

    response = client.post(VERIFY, {"token": wrong_code(device)})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Der Code ist falsch oder abgelaufen" in html
    assert 'role="alert"' in html
    assert client.get("/admin/").status_code == 302


def test_not_six_digits_is_refused_before_checking(client, office):
    sign_in(client, office)

    response = client.post(VERIFY, {"token": "12ab"})

    assert "sechs Ziffern" in response.content.decode()
    assert TOTPDevice.objects.get(user=office).throttling_failure_count == 0


def test_after_many_wrong_codes_even_the_right_one_waits(client, office):
    sign_in(client, office)
    device = TOTPDevice.objects.get(user=office)
    device.throttling_failure_count = 6
    device.throttling_failure_timestamp = timezone.now()
    device.save()

    response = client.post(VERIFY, {"token": current_code(device)})

    assert "Zu viele falsche Codes" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_a_code_counts_only_once(client, office):
    sign_in(client, office)
    device = TOTPDevice.objects.get(user=office)
    code = current_code(device)
    client.post(VERIFY, {"token": code})

    other = client.__class__()
    sign_in(other, office)
    response = other.post(VERIFY, {"token": code})

    assert response.status_code == 200
    assert other.get("/admin/").status_code == 302


def test_only_our_own_pages_are_followed_after_the_code(client, office):
    sign_in(client, office)
    device = TOTPDevice.objects.get(user=office)

    response = client.post(
        VERIFY, {"token": current_code(device), "next": "https://angreifer.example/admin/"}
    )

    assert response["Location"] == "/admin/"


def test_staff_without_the_office_role_need_the_second_factor_too(client):
    staff = UserFactory(username="technik", is_staff=True, second_factor=False)
    client.force_login(staff)

    response = client.get("/admin/", follow=True)

    assert final_url(response) == f"{SETUP}?next=/admin/"


def test_superusers_need_the_second_factor(client):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    sign_in(client, root)

    response = client.get("/admin/", follow=True)

    assert final_url(response) == f"{VERIFY}?next=/admin/"


def test_accounts_without_back_office_have_no_second_factor_page(client, citizen_user):
    client.force_login(citizen_user)

    assert client.get(SETUP).status_code == 403
    assert client.get(VERIFY).status_code == 403
    assert "zwei-faktor" not in client.get("/konto/").content.decode()


def test_the_account_page_links_the_second_factor_for_staff(client, office):
    client.force_login(office)

    assert f'href="{SETUP}"' in client.get("/konto/").content.decode()
    status = client.get(SETUP)
    assert "ist für Ihr Konto eingerichtet" in status.content.decode()


def test_a_reset_device_ends_the_verified_session(client, office):
    client.force_login(office)
    assert client.get("/admin/").status_code == 200

    TOTPDevice.objects.filter(user=office).delete()

    response = client.get("/admin/", follow=True)
    assert final_url(response) == f"{SETUP}?next=/admin/"


def test_staff_sessions_end_with_the_browser_from_the_login_on(client, office, citizen_user):
    sign_in(client, office)
    assert client.session.get_expire_at_browser_close()

    other = client.__class__()
    sign_in(other, citizen_user)
    assert not other.session.get_expire_at_browser_close()
