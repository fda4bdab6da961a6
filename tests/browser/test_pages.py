import pytest

from lip.management.commands.seed_demo import DEMO_PASSWORD
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC_PAGES = [
    "/",
    "/gremien/",
    "/etappen/",
    "/beteiligung/",
    "/fortschritt/",
    "/wahlen/",
    "/impressum/",
    "/datenschutz/",
    "/barrierefreiheit/",
    "/konto/anmelden/",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_is_german_accessible_and_self_hosted(visitor, path):
    response = visitor.open(path)

    assert response.status == 200
    assert visitor.page.locator("main h1").count() == 1


def test_skip_link_is_first_and_moves_focus_to_main(visitor):
    visitor.open("/")

    visitor.page.keyboard.press("Tab")
    focused = visitor.page.evaluate("document.activeElement.textContent")
    assert "Zum Inhalt springen" in focused
    visitor.page.keyboard.press("Enter")
    assert visitor.page.evaluate("document.activeElement.id") == "inhalt"
    visitor.screenshot("start")


def test_login_with_wrong_then_right_password(visitor):
    UserFactory(username="beate", password=DEMO_PASSWORD)
    visitor.open("/konto/")  # staff page: sent to the login

    assert "/konto/anmelden/" in visitor.page.url
    visitor.page.get_by_label("Benutzername").fill("beate")
    visitor.page.get_by_label("Passwort").fill("falsch")
    visitor.page.get_by_role("button", name="Anmelden").click()
    visitor.check()
    assert "Benutzername oder Passwort ist falsch" in visitor.page.get_by_role("alert").inner_text()

    visitor.page.get_by_label("Passwort").fill(DEMO_PASSWORD)
    visitor.page.get_by_role("button", name="Anmelden").click()
    visitor.check()
    assert visitor.page.url.endswith("/konto/")
    assert "Angemeldet als beate" in visitor.page.locator("header").inner_text()
