"""Public pages: fixed query counts, nothing unpublished reachable, staff pages guarded."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from beteiligung.models import Contribution
from etappen.models import VersionSection

from .factories import (
    CommentFactory,
    CommentWindowFactory,
    DraftVersionFactory,
    EventFactory,
    SuggestionFactory,
    VersionSectionFactory,
)

pytestmark = pytest.mark.django_db


def build_version(sections: int, comments: int):
    """A published version with the given number of sections and published comments."""
    window = CommentWindowFactory()
    version = window.version
    rows = VersionSection.objects.bulk_create(
        [
            VersionSection(
                version=version,
                key=uuid.uuid4(),
                position=number,
                heading=f"Abschnitt {number}",
                text="Hannover ist eine moderne Einwanderungsstadt.\nZweite Zeile.",
            )
            for number in range(1, sections + 1)
        ]
    )
    now = timezone.now()
    Contribution.objects.bulk_create(
        [
            Contribution(
                kind="kommentar",
                version=version,
                section=rows[number % sections] if number % 7 else None,
                text=f"Kommentar {number}",
                author_name="Jo",
                email="jo@example.org",
                consent_at=now,
                consent_version="2020-01",
                status="veroeffentlicht",
                confirmed_at=now,
                published_at=now,
            )
            for number in range(comments)
        ]
    )
    return version


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_version_page_with_300_sections_and_3000_comments_runs_as_many_queries_as_with_3(client):
    small = build_version(3, 3)
    large = build_version(300, 3000)
    small_url = reverse("beteiligung:version-comments", args=[small.pk])
    large_url = reverse("beteiligung:version-comments", args=[large.pk])

    # Cold cache (the version text is rendered and cached) ...
    assert queries_for(client, small_url) == queries_for(client, large_url)
    # ... and warm cache: the text comes from the cache, only the counts from the database.
    warm_small = queries_for(client, small_url)
    assert warm_small == queries_for(client, large_url)
    assert warm_small <= 2

    html = client.get(large_url).content.decode()
    assert html.count('class="lip-section lip-section-level-0"') == 300
    first = large.sections.get(position=1)
    expected = Contribution.objects.filter(section=first).count()
    assert f"{expected} Kommentare – lesen und kommentieren" in html


def test_section_page_is_paginated_with_a_fixed_number_of_queries(client):
    small = build_version(3, 3)
    large = build_version(300, 3000)
    small_section = small.sections.get(position=2)
    large_section = large.sections.get(position=2)
    CommentFactory.create_batch(45, version=large, section=large_section)
    for comment in Contribution.objects.filter(section__in=[small_section, large_section])[:50]:
        CommentFactory(version=comment.version, section=comment.section, parent=comment)

    assert queries_for(
        client, reverse("beteiligung:section-comments", args=[small.pk, small_section.key])
    ) == queries_for(
        client, reverse("beteiligung:section-comments", args=[large.pk, large_section.key])
    )
    html = client.get(
        reverse("beteiligung:section-comments", args=[large.pk, large_section.key]) + "?seite=2"
    ).content.decode()
    assert "Seite 2 von" in html


def test_index_lists_open_windows_events_and_tables(client, version):
    EventFactory(title="Podiumsdiskussion Grundlagenpapier")
    html = client.get(reverse("beteiligung:index")).content.decode()
    assert reverse("beteiligung:version-comments", args=[version.pk]) in html
    assert reverse("beteiligung:consideration-table", args=[version.pk]) in html
    assert "Podiumsdiskussion Grundlagenpapier" in html
    assert reverse("beteiligung:suggestion-create") in html
    assert reverse("beteiligung:concern-create") in html
    assert 'id="regeln"' in html


def test_nothing_unpublished_is_reachable(client, group):
    unpublished = DraftVersionFactory(draft__committee=group)
    section = VersionSectionFactory(version=unpublished)
    hidden_comment = CommentFactory(version=unpublished)  # cannot happen, but must not leak
    for url in [
        reverse("beteiligung:version-comments", args=[unpublished.pk]),
        reverse("beteiligung:general-comments", args=[unpublished.pk]),
        reverse("beteiligung:section-comments", args=[unpublished.pk, section.key]),
        reverse("beteiligung:consideration-table", args=[unpublished.pk]),
        reverse("beteiligung:comment-reply", args=[hidden_comment.pk]),
        reverse("beteiligung:contribution-report", args=[hidden_comment.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    assert section.heading not in client.get(reverse("beteiligung:index")).content.decode()


def test_unpublished_comments_are_not_shown(client, version):
    url = reverse("beteiligung:general-comments", args=[version.pk])
    for status in ["unbestaetigt", "zu_pruefen", "abgelehnt", "spam"]:
        CommentFactory(
            version=version, status=status, text=f"Status {status}", rejection_reason="x"
        )
    CommentFactory(version=version, text="Sichtbar")
    html = client.get(url).content.decode()
    assert "Sichtbar" in html
    assert "Status" not in html
    table = client.get(reverse("beteiligung:consideration-table", args=[version.pk]))
    assert "Status" not in table.content.decode()
    topic = SuggestionFactory(status="zu_pruefen", title="Ungeprüfter Vorschlag")
    html = client.get(reverse("beteiligung:topic-detail", args=[topic.committee.slug]))
    assert "Ungeprüfter Vorschlag" not in html.content.decode()


def test_email_addresses_are_never_shown(client, version):
    CommentFactory(version=version, email="versteckt@example.org")
    for url in [
        reverse("beteiligung:general-comments", args=[version.pk]),
        reverse("beteiligung:consideration-table", args=[version.pk]),
    ]:
        assert "versteckt@example.org" not in client.get(url).content.decode()


@pytest.mark.parametrize(
    "name",
    ["office", "moderation", "concern-list", "concern-enter", "consideration-list"],
)
def test_staff_pages_need_a_login(client, name):
    response = client.get(reverse(f"beteiligung:{name}"))
    assert response.status_code == 302
    assert "/konto/anmelden/" in response.url


@pytest.mark.parametrize(
    ("name", "office_status", "member_status"),
    [
        ("office", 200, 403),
        ("moderation", 200, 403),
        ("concern-list", 200, 200),
        ("concern-enter", 200, 403),
        ("consideration-list", 200, 200),
    ],
)
def test_staff_page_permission_matrix(client, office, member, name, office_status, member_status):
    client.force_login(office)
    assert client.get(reverse(f"beteiligung:{name}")).status_code == office_status
    client.force_login(member)
    assert client.get(reverse(f"beteiligung:{name}")).status_code == member_status


def test_index_lists_past_events_too(client):
    import datetime

    EventFactory(title="Auftaktveranstaltung", starts_on=datetime.date(2020, 1, 17))
    html = client.get(reverse("beteiligung:index")).content.decode()
    assert "Vergangene Veranstaltungen" in html
    assert "Auftaktveranstaltung" in html.split("Vergangene Veranstaltungen")[1]
