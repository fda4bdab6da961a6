"""Second factor and login lockout in the browser: the pages are German, accessible and work."""

from base64 import b32decode

import pytest
from django_otp.oath import TOTP

from lip.roles import Role
from tests.conftest import user_with_role
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(visitor, username, password=PASSWORD):
    visitor.open("/konto/anmelden/")
    visitor.page.get_by_label("Benutzername").fill(username)
    visitor.page.get_by_label("Passwort").fill(password)
    visitor.page.get_by_role("button", name="Anmelden").click()


def code_for(secret: str) -> str:
    """What an authenticator app shows for the key printed on the setup page."""
    totp = TOTP(b32decode(secret.replace(" ", "")))
    return str(totp.token()).zfill(6)


def test_setting_up_the_second_factor_opens_the_back_office(visitor):
    user_with_role(Role.OFFICE, username="neu", is_staff=True, second_factor=False)
    sign_in(visitor, "neu")

    visitor.open("/admin/")

    assert "/konto/zwei-faktor/" in visitor.page.url
    assert visitor.page.get_by_role("img", name="QR-Code für die Authenticator-App").is_visible()
    secret = visitor.page.locator("figcaption code").inner_text()
    visitor.page.get_by_label("Code aus der App").fill(code_for(secret))
    visitor.page.get_by_role("button", name="Bestätigen").click()
    visitor.page.wait_for_url("**/admin/")
    assert "Zwei-Faktor-Anmeldung ist eingerichtet" in visitor.page.content()


def test_the_code_page_after_the_password(visitor):
    user_with_role(Role.OFFICE, username="oe506", is_staff=True)
    sign_in(visitor, "oe506")

    visitor.open("/admin/")

    assert "/konto/zwei-faktor/pruefen/" in visitor.page.url
    visitor.page.get_by_label("Code aus der App").fill("000000")
    visitor.page.get_by_role("button", name="Bestätigen").click()
    visitor.check()
    assert visitor.page.get_by_role("alert").is_visible()
    assert "falsch oder abgelaufen" in visitor.page.locator("main").inner_text()


def test_the_lockout_page(visitor, settings):
    user_with_role(Role.OFFICE, username="oe506", is_staff=True)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(visitor, "oe506", "falsch")

    sign_in(visitor, "oe506")
    visitor.check()

    assert "vorübergehend gesperrt" in visitor.page.locator("h1").inner_text()
    assert "/konto/anmelden/" in visitor.page.url
