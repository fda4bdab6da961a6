import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ENTRY_PAGES = ["/", "/gremien/", "/etappen/", "/beteiligung/", "/fortschritt/", "/wahlen/"]
LEGAL_PAGES = ["/impressum/", "/datenschutz/", "/barrierefreiheit/"]


@pytest.mark.parametrize("path", ENTRY_PAGES + LEGAL_PAGES)
def test_page_is_german_with_landmarks_and_footer(client, path):
    response = client.get(path)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="de" dir="ltr">' in html
    assert 'href="#inhalt"' in html
    for landmark in ("<header", "<nav", '<main id="inhalt"', "<footer"):
        assert landmark in html
    for legal in LEGAL_PAGES:
        assert f'href="{legal}"' in html


@pytest.mark.parametrize("path", ENTRY_PAGES)
def test_current_section_is_marked_in_navigation(client, path):
    html = client.get(path).content.decode()

    assert f'href="{path}" aria-current="page"' in html
    assert html.count('aria-current="page"') == 1


def test_imprint_names_provider_and_marks_wording_to_supply(client):
    html = client.get(reverse("imprint")).content.decode()

    assert "Landeshauptstadt Hannover" in html
    assert "Trammplatz 2" in html
    assert 'class="to-supply"' in html


def test_privacy_page_names_rights_and_supervisory_authority(client):
    html = client.get(reverse("privacy")).content.decode()

    assert "Art. 15" in html
    assert "Landesbeauftragte für den Datenschutz Niedersachsen" in html


def test_accessibility_statement_names_feedback_and_arbitration(client):
    html = client.get(reverse("accessibility")).content.decode()

    assert "Schlichtungsstelle" in html
    assert "Feedback" in html
    assert "NBGG" in html


def test_pages_carry_a_content_security_policy_without_inline_code(client):
    response = client.get("/")

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_no_page_loads_assets_from_another_host(client):
    html = client.get("/").content.decode()

    assert "https://" not in html.replace("https://www.", "")  # no CDN, no external fonts
    assert "/static/bootstrap/css/bootstrap.min.css" in html


def test_unknown_page_gets_german_404(client):
    response = client.get("/gibt-es-nicht/")

    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()
