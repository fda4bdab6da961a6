"""When the steering group decides on a version, or a newer version is submitted, its comment
window closes at that moment: everywhere at once, in the records by the close job, with the
reason on the public page and a link to the newer version."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from beteiligung.models import CommentWindow, Contribution
from beteiligung.services import (
    change_comment_window_end,
    close_comment_window,
    publish_for_comment,
    record_elapsed_windows,
    submit_comment,
)
from etappen.models import DraftVersion
from etappen.services import accept_draft, return_draft_for_revision
from lip import pagecache
from lip.models import ProcessEvent

from .factories import CommentFactory, CommentWindowFactory, DraftVersionFactory
from .test_comments import form_data
from .test_pages import build_version, queries_for

pytestmark = pytest.mark.django_db

NOW = timezone.now


def days(n):
    return datetime.timedelta(days=n)


def comment(version):
    return submit_comment(
        version=version,
        text="Ein Kommentar.",
        author_name="Ayşe",
        email="ayse@example.org",
        consent=True,
        site_url="http://testserver",
    )


def accept(version, office):
    return accept_draft(version=version, decided_on=timezone.localdate(), by=office)


def send_back(version, office):
    return return_draft_for_revision(
        version=version,
        decided_on=timezone.localdate(),
        requirements=["Leichte Sprache"],
        by=office,
    )


def reloaded(window) -> CommentWindow:
    return CommentWindow.objects.select_related("version").get(pk=window.pk)


def page(client, name, *args) -> str:
    response = client.get(reverse(f"beteiligung:{name}", args=args))
    assert response.status_code == 200
    return response.content.decode()


def test_a_decision_closes_the_window_at_that_moment(window, office):
    assert reloaded(window).is_open()

    accept(window.version, office)

    window = reloaded(window)
    assert not window.is_open()
    assert window.has_closed()
    assert window.closed_by_version
    assert window.ends_at == window.version.closed_at
    assert not CommentWindow.objects.open().exists()
    with pytest.raises(ValidationError, match="keine neuen"):
        comment(window.version)
    assert not Contribution.objects.exists()


def test_the_decision_stores_the_moment_and_says_why_once(window, office):
    send_back(window.version, office)

    # Recorded in the decision's own transaction: the close job finds nothing left to do.
    assert record_elapsed_windows() == 0

    window = reloaded(window)
    assert window.closes_at == window.version.closed_at
    assert window.closing_recorded_at is not None
    event = ProcessEvent.objects.get(kind="comment_window_closed")
    assert event.is_public
    assert event.subject_id == window.version_id
    assert "beendet, weil die Lenkungsgruppe die Fassung zur Überarbeitung" in event.summary
    assert event.data["reason"] == DraftVersion.ClosedReason.RETURNED


def test_a_window_that_had_ended_before_the_decision_keeps_its_end(group, office):
    window = CommentWindowFactory(opens_at=NOW() - days(9), closes_at=NOW() - days(1))
    record_elapsed_windows()
    end = reloaded(window).closes_at

    accept(window.version, office)

    assert record_elapsed_windows() == 0
    window = reloaded(window)
    assert window.closes_at == end
    assert not window.closed_by_version
    assert ProcessEvent.objects.filter(kind="comment_window_closed").count() == 1


def test_a_window_that_never_opened_keeps_its_dates(group, office):
    window = CommentWindowFactory(opens_at=NOW() + days(2), closes_at=NOW() + days(9))
    dates = (window.opens_at, window.closes_at)

    accept(window.version, office)

    assert record_elapsed_windows() == 0
    window = reloaded(window)
    assert (window.opens_at, window.closes_at) == dates
    assert window.has_closed()
    assert "angenommen" in ProcessEvent.objects.get(kind="comment_window_closed").summary


def test_the_office_cannot_reopen_or_change_a_closed_versions_window(window, office):
    accept(window.version, office)
    window = reloaded(window)
    end = window.closes_at
    assert end == window.version.closed_at

    with pytest.raises(ValidationError):
        change_comment_window_end(window=window, closes_at=NOW() + days(30), by=office)
    with pytest.raises(ValidationError):
        close_comment_window(window=window, by=office)

    assert reloaded(window).closes_at == end
    # Only the closing by the decision is recorded; no change, no second closing.
    assert list(
        ProcessEvent.objects.filter(kind__startswith="comment_window").values_list(
            "kind", flat=True
        )
    ) == ["comment_window_closed"]


def test_a_closed_version_cannot_be_published(group, office):
    version = DraftVersionFactory(
        draft__committee=group,
        draft__state="eingereicht",
        closed_at=NOW(),
        closed_reason=DraftVersion.ClosedReason.SUPERSEDED,
    )

    with pytest.raises(ValidationError):
        publish_for_comment(
            version=version,
            opens_at=NOW(),
            closes_at=NOW() + days(14),
            moderation=CommentWindow.Moderation.PRE,
            by=office,
        )
    assert not CommentWindow.objects.exists()


def test_the_public_pages_say_why_show_no_form_and_link_the_newer_version(client, window, office):
    version = window.version
    section = version.sections.get(position=1)
    parent = CommentFactory(version=version)
    send_back(version, office)
    newer = DraftVersionFactory(draft=version.draft, number=version.number + 1)
    stage_page = version.draft.stage.get_absolute_url()

    for html in (
        page(client, "version-comments", version.pk),
        page(client, "section-comments", version.pk, section.key),
        page(client, "comment-reply", parent.pk),
    ):
        assert "zur Überarbeitung zurückgegeben" in html
        assert "Die Kommentierung dieser Fassung ist damit beendet" in html
        assert 'name="text"' not in html
        assert f'href="{stage_page}"' in html
        assert "noch nicht zur Kommentierung veröffentlicht" in html

    posted = client.post(
        reverse("beteiligung:section-comments", args=[version.pk, section.key]), form_data()
    )
    assert posted.status_code == 200
    assert Contribution.objects.count() == 1

    DraftVersion.objects.filter(pk=newer.pk).update(published_at=NOW())
    pagecache.bump(pagecache.ETAPPEN)  # as the services do next to an update()
    html = page(client, "version-comments", version.pk)
    assert reverse("beteiligung:version-comments", args=[newer.pk]) in html
    assert f"neuere Fassung {newer.number} lesen und kommentieren" in html


def test_the_index_no_longer_lists_the_window_as_open_or_coming(client, window, office):
    coming = CommentWindowFactory(opens_at=NOW() + days(2), closes_at=NOW() + days(9))
    before = client.get(reverse("beteiligung:index")).context
    assert window in before["open_windows"] and coming in before["coming_windows"]

    accept(window.version, office)
    accept(coming.version, office)

    after = client.get(reverse("beteiligung:index")).context
    assert after["open_windows"] == [] and after["coming_windows"] == []


def test_a_closed_versions_page_runs_as_many_queries_for_300_sections_as_for_3(client, office):
    small, large = build_version(3, 3), build_version(300, 300)
    for version in (small, large):
        accept(version, office)
        DraftVersionFactory(draft=version.draft, number=version.number + 1)
    small_url = reverse("beteiligung:version-comments", args=[small.pk])
    large_url = reverse("beteiligung:version-comments", args=[large.pk])

    assert queries_for(client, small_url) == queries_for(client, large_url)
