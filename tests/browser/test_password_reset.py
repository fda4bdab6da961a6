"""Password reset on a phone: from the login page to the new password, axe-clean at 360 px."""

import re

import pytest
from django.core import mail

from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"https?://[^/\s]+(/konto/passwort-neu/[^/\s]+/[^/\s]+/)")


def fits_the_screen(visitor) -> bool:
    return visitor.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_from_the_login_page_to_a_new_password_on_a_phone(visitor):
    UserFactory(username="ilse", email="ilse@example.org")
    visitor.page.set_viewport_size({"width": 360, "height": 740})

    visitor.open("/konto/anmelden/")
    visitor.page.get_by_role("link", name="Passwort vergessen?").click()
    visitor.check()
    assert visitor.page.url.endswith("/konto/passwort-vergessen/")
    assert fits_the_screen(visitor)

    email = visitor.page.get_by_label("E-Mail-Adresse")
    assert email.get_attribute("autocomplete") == "email"
    email.fill("ilse@example.org")
    visitor.page.get_by_role("button", name="Link senden").click()
    visitor.page.wait_for_url("**/konto/passwort-vergessen/gesendet/")
    visitor.check()
    assert fits_the_screen(visitor)
    assert "24 Stunden gültig" in visitor.page.get_by_role("status").inner_text()

    link = LINK.search(mail.outbox[-1].body).group(1)
    visitor.open(link)
    assert visitor.page.url.endswith("/festlegen/")
    assert fits_the_screen(visitor)
    new_password = visitor.page.get_by_label("Neues Passwort").first
    assert new_password.get_attribute("autocomplete") == "new-password"
    new_password.fill("Sonnenblume-am-Maschsee-7")
    visitor.page.get_by_label("Neues Passwort bestätigen").fill("Sonnenblume-am-Maschsee-7")
    visitor.page.get_by_role("button", name="Neues Passwort speichern").click()
    visitor.page.wait_for_url("**/konto/passwort-neu/fertig/")
    visitor.check()
    assert fits_the_screen(visitor)

    visitor.open(link)
    assert visitor.page.get_by_role(
        "heading", name="Dieser Link funktioniert nicht mehr"
    ).is_visible()
    assert fits_the_screen(visitor)
