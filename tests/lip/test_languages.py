"""The interface in German and English: URLs, switcher, hreflang, page cache, catalogue."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

LOCALE = Path(settings.BASE_DIR) / "locale"


def _catalogue(language: str):
    with open(LOCALE / language / "LC_MESSAGES" / "django.po", "rb") as po:
        return read_po(po)


def test_every_german_msgid_has_a_reviewed_english_translation():
    english = _catalogue("en")
    missing = []
    for message in _catalogue("de"):
        if not message.id:
            continue
        found = english.get(message.id, context=message.context)
        strings = () if found is None else found.string
        strings = strings if isinstance(strings, tuple) else (strings,)
        if found is None or not all(strings) or found.fuzzy:
            missing.append(message.id)
    assert not missing, f"Ohne englische Übersetzung: {missing[:20]}"


def test_english_catalogue_writes_german_domain_terms_in_english():
    english = _catalogue("en")
    assert english.get("Synopse").string == "Comparison of versions (Synopse)"
    assert "consideration table" in english.get("To the Abwägung table").string


def test_german_keeps_its_paths_and_english_lives_under_en(client):
    german = client.get("/etappen/")
    english = client.get("/en/etappen/")
    assert german.status_code == english.status_code == 200
    assert '<html lang="de"' in german.text
    assert '<html lang="en"' in english.text
    # Navigation in the page's language, links within it.
    assert ">Etappen</a>" in german.text
    assert 'href="/en/beteiligung/"' in english.text and ">Participation</a>" in english.text
    assert client.get("/de/etappen/").status_code == 404


def test_reverse_gives_the_address_in_the_active_language():
    with translation.override("en"):
        assert reverse("etappen:index") == "/en/etappen/"
    with translation.override("de"):
        assert reverse("etappen:index") == "/etappen/"


def test_back_office_files_and_bench_stay_outside_the_language_prefix(client):
    assert client.get("/admin/login/").status_code == 200
    assert client.get("/en/admin/login/").status_code == 404
    with translation.override("en"):
        assert reverse("admin:index") == "/admin/"
        assert reverse(
            "attachments:download", args=["00000000-0000-0000-0000-000000000000"]
        ).startswith("/anhang/")


def test_switcher_links_to_the_same_page_with_its_query(client):
    response = client.get("/etappen/?seite=2")
    assert 'href="/en/etappen/?seite=2" hreflang="en" lang="en">English</a>' in response.text
    assert 'aria-current="true" lang="de">Deutsch<' in response.text
    back = client.get("/en/etappen/?seite=2")
    assert 'href="/etappen/?seite=2" hreflang="de" lang="de">Deutsch</a>' in back.text


def test_hreflang_alternates_name_both_languages_and_german_as_default(client):
    response = client.get("/beteiligung/")
    assert '<link rel="alternate" hreflang="de" href="http://testserver/beteiligung/">' in (
        response.text
    )
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/beteiligung/">' in (
        response.text
    )
    assert '<link rel="alternate" hreflang="x-default" href="http://testserver/beteiligung/">' in (
        response.text
    )


def test_unknown_page_links_to_the_other_languages_start_page(client):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    assert 'href="/en/" hreflang="en"' in response.text


def test_page_cache_keeps_german_and_english_apart(client, settings):
    settings.PAGE_CACHE_ENABLED = True
    cache.clear()
    german = client.get("/")
    english = client.get("/en/")
    assert "X-Page-Cache" not in english  # not the German page from the cache
    assert '<html lang="en"' in english.text
    again = client.get("/en/")
    assert again["X-Page-Cache"] == "hit"
    assert german["ETag"] != english["ETag"]
    assert again.content.startswith(b"\x1f\x8b") is False or again["Content-Encoding"] == "gzip"


def test_interface_pages_are_left_to_right_by_default(client):
    assert 'dir="ltr"' in client.get("/").text
