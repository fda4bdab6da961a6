"""The page cache (lip/pagecache.py): whole public pages for anonymous visitors, changed by
every kind of write on the next request, never shared between people."""

import datetime
import gzip

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from beteiligung.services import answer, approve_contribution, reject_contribution
from etappen.services import accept_draft
from gremien.services.memberships import add_membership
from lip import pagecache
from tests.factories import PersonFactory, UserFactory

from .factories import CommentFactory

pytestmark = pytest.mark.django_db

BACKENDS = {
    "locmem": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}


def _redis_url() -> str | None:
    import os

    return os.environ.get("REDIS_URL")


if _redis_url():
    BACKENDS["redis"] = {
        "BACKEND": "lip.cache.RedisCache",
        "LOCATION": _redis_url(),
        "KEY_PREFIX": "pagecache-test",
    }


@pytest.fixture(params=sorted(BACKENDS))
def page_cache(request, settings):
    """The page cache on local memory and, where REDIS_URL is set (CI), on Redis."""
    settings.CACHES = {**settings.CACHES, "pages": BACKENDS[request.param]}
    settings.PAGE_CACHE_ALIAS = "pages"
    settings.PAGE_CACHE_ENABLED = True
    caches["pages"].clear()
    yield caches["pages"]
    caches["pages"].clear()


def get(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code in (200, 304), url
    return response


def is_hit(response) -> bool:
    return response.get("X-Page-Cache") == "hit"


def text(response) -> str:
    if response.get("Content-Encoding") == "gzip":
        return gzip.decompress(response.content).decode()
    return response.content.decode()


def test_a_second_anonymous_request_is_served_without_a_query(
    client, page_cache, django_assert_num_queries
):
    first = get(client, "/impressum/")
    assert not is_hit(first)
    with django_assert_num_queries(0):
        second = get(client, "/impressum/")
    assert is_hit(second)
    assert text(second) == text(first)


def test_pages_of_every_app_are_cached(client, page_cache, version):
    for url in [
        reverse("home"),
        reverse("progress"),
        reverse("gremien:index"),
        reverse("etappen:index"),
        reverse("beteiligung:index"),
        reverse("beteiligung:version-comments", args=[version.pk]),
        reverse("beteiligung:consideration-table", args=[version.pk]),
        reverse("wahlen:index"),
    ]:
        get(client, url)
        assert is_hit(get(client, url)), url


def test_a_published_comment_shows_on_the_next_request(client, page_cache, version, office):
    url = reverse("beteiligung:version-comments", args=[version.pk])
    comment = CommentFactory(version=version, status="zu_pruefen", published_at=None)
    before = text(get(client, url))
    assert "0 veröffentlichte Kommentare" in before
    assert is_hit(get(client, url))

    approve_contribution(contribution=comment, by=office)

    after = get(client, url)
    assert not is_hit(after)
    assert "1 veröffentlichter Kommentar" in text(after)


def test_a_moderation_hides_the_comment_on_the_next_request(client, page_cache, version, office):
    comment = CommentFactory(version=version, text="Bitte mehr Abendkurse anbieten.")
    url = reverse("beteiligung:general-comments", args=[version.pk])
    window = version.comment_window
    window.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    window.opens_at = timezone.now() - datetime.timedelta(days=2)
    window.save()  # closed: the page has no form and is stored
    assert comment.text in text(get(client, url))
    assert is_hit(get(client, url))

    reject_contribution(contribution=comment, reason="Werbung", by=office, site_url="http://x")

    assert comment.text not in text(get(client, url))


def test_an_answer_shows_in_the_consideration_table_on_the_next_request(
    client, page_cache, version, member
):
    comment = CommentFactory(version=version)
    url = reverse("beteiligung:consideration-table", args=[version.pk])
    assert "Wir prüfen Abendkurse." not in text(get(client, url))
    assert is_hit(get(client, url))

    answer(item=comment, outcome="beruecksichtigt", reason="Wir prüfen Abendkurse.", by=member)

    assert "Wir prüfen Abendkurse." in text(get(client, url))


def test_a_decision_shows_on_the_next_request(client, page_cache, version, office):
    url = reverse("beteiligung:version-comments", args=[version.pk])
    assert "angenommen" not in text(get(client, url))
    assert is_hit(get(client, url))

    accept_draft(version=version, decided_on=timezone.localdate(), by=office)

    page = text(get(client, url))
    assert "angenommen" in page


def test_a_membership_change_shows_on_the_next_request(client, page_cache, group, office):
    url = reverse("gremien:committee-detail", args=[group.slug])
    person = PersonFactory(given_name="Zeynep", family_name="Yıldırım-Beispiel")
    assert "Yıldırım-Beispiel" not in text(get(client, url))
    assert is_hit(get(client, url))

    add_membership(
        committee=group,
        person=person,
        role=group.seat_rules.first().role if group.seat_rules.exists() else "mitglied",
        start_date=timezone.localdate(),
        by=office,
    )

    assert "Yıldırım-Beispiel" in text(get(client, url))


def test_no_signed_in_view_reaches_anyone_else(page_cache):
    anna = UserFactory(username="anna-beispiel")
    ben = UserFactory(username="ben-beispiel")
    as_anna, as_ben, anonymous = Client(), Client(), Client()
    as_anna.force_login(anna)
    as_ben.force_login(ben)

    assert "anna-beispiel" in text(get(as_anna, "/"))
    anonymous_page = text(get(anonymous, "/"))
    assert "anna-beispiel" not in anonymous_page
    assert is_hit(get(anonymous, "/"))
    ben_page = get(as_ben, "/")
    assert not is_hit(ben_page)
    assert "ben-beispiel" in text(ben_page)
    assert "anna-beispiel" not in text(ben_page)
    assert ben_page["Cache-Control"] == "private, no-store"


def test_a_page_with_a_form_for_anonymous_visitors_is_never_stored(client, page_cache, version):
    url = reverse("beteiligung:general-comments", args=[version.pk])  # window open: form
    first, second = get(client, url), get(client, url)
    assert "csrfmiddlewaretoken" in text(first)
    assert not is_hit(first) and not is_hit(second)
    assert "ETag" not in second


def test_waiting_messages_bypass_the_cache(client, page_cache):
    get(client, "/impressum/")
    client.cookies["messages"] = "something"
    assert not is_hit(get(client, "/impressum/"))


def test_etag_gives_304_and_gzip_is_sent_when_accepted(client, page_cache, group):
    url = reverse("gremien:index")
    first = get(client, url)
    etag = first["ETag"]
    assert "Last-Modified" in first
    not_modified = client.get(url, headers={"if-none-match": etag})
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    compressed = get(client, url, accept_encoding="gzip, br")
    assert compressed["Content-Encoding"] == "gzip"
    assert text(compressed) == text(first)
    assert "Accept-Encoding" in compressed["Vary"]

    group.name = "Bildung und Sprache"
    group.save()
    changed = client.get(url, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_a_cold_cache_serves_correct_pages(client, page_cache, group):
    url = reverse("gremien:index")
    get(client, url)
    page_cache.clear()  # a restart of the cache, or a deploy with an empty one
    group.name = "Bildung und Sprache"
    group.save()
    fresh = get(client, url)
    assert not is_hit(fresh)
    assert "Bildung und Sprache" in text(fresh)


def test_a_bump_changes_the_generation_and_only_of_its_area(page_cache):
    before = pagecache.generations(pagecache.AREAS)
    pagecache.bump(pagecache.WAHLEN)
    after = pagecache.generations(pagecache.AREAS)
    assert after[pagecache.WAHLEN] != before[pagecache.WAHLEN]
    assert {area: after[area] for area in after if area != pagecache.WAHLEN} == {
        area: before[area] for area in before if area != pagecache.WAHLEN
    }


def test_a_stored_page_ends_when_a_window_closes_by_its_date(client, page_cache, version):
    """No write happens when a window's end passes; the clock of beteiligung says when."""
    from unittest import mock

    window = version.comment_window
    url = reverse("beteiligung:version-comments", args=[version.pk])
    get(client, url)
    assert is_hit(get(client, url))

    later = window.closes_at + datetime.timedelta(seconds=1)
    with mock.patch("lip.pagecache.time.time", return_value=later.timestamp()):
        assert not is_hit(get(client, url))


def test_a_stored_page_ends_at_midnight(client, page_cache):
    from unittest import mock

    get(client, "/impressum/")
    assert is_hit(get(client, "/impressum/"))
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    with mock.patch("lip.pagecache.time.time", return_value=tomorrow.timestamp()):
        assert not is_hit(get(client, "/impressum/"))


def test_valid_until_names_the_next_window_boundary(version):
    window = version.comment_window
    now = timezone.now()
    assert pagecache.valid_until(now) <= window.closes_at.timestamp()
