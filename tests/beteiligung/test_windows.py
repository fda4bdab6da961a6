"""Publishing a version for comment and the comment window (from, until)."""

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
from lip.models import ProcessEvent

from .factories import CommentWindowFactory, DraftFactory, DraftVersionFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now


def days(n):
    return datetime.timedelta(days=n)


def comment(version, **kwargs):
    return submit_comment(
        version=version,
        text=kwargs.pop("text", "Ein Kommentar."),
        author_name="Ayşe",
        email="ayse@example.org",
        consent=True,
        site_url="http://testserver",
        **kwargs,
    )


@pytest.fixture
def submitted_version(group, office):
    draft = DraftFactory(committee=group, state="eingereicht")
    return DraftVersionFactory(draft=draft, number=1)


def test_publish_for_comment_sets_published_at_and_opens_window(submitted_version, office):
    assert not submitted_version.is_public

    window = publish_for_comment(
        version=submitted_version,
        opens_at=NOW(),
        closes_at=NOW() + days(21),
        moderation=CommentWindow.Moderation.POST,
        by=office,
    )

    submitted_version.refresh_from_db()
    assert submitted_version.is_public
    assert window.version == submitted_version
    assert window.is_open()
    event = ProcessEvent.objects.get(kind="comment_window_opened")
    assert event.is_public
    assert event.actor == office
    assert "Fassung 1" in event.summary


@pytest.mark.parametrize("state", ["in_arbeit", "zur_ueberarbeitung", "angenommen"])
def test_only_submitted_versions_can_be_published(group, office, state):
    version = DraftVersionFactory(draft=DraftFactory(committee=group, state=state))

    with pytest.raises(ValidationError):
        publish_for_comment(
            version=version,
            opens_at=NOW(),
            closes_at=NOW() + days(7),
            moderation="vorab",
            by=office,
        )

    version.refresh_from_db()
    assert not version.is_public
    assert not CommentWindow.objects.exists()
    assert not ProcessEvent.objects.exists()


def test_only_the_latest_version_can_be_published(submitted_version, office):
    DraftVersionFactory(draft=submitted_version.draft, number=2)

    with pytest.raises(ValidationError, match="neueste Fassung"):
        publish_for_comment(
            version=submitted_version,
            opens_at=NOW(),
            closes_at=NOW() + days(7),
            moderation="vorab",
            by=office,
        )


def test_a_version_is_published_only_once(submitted_version, office):
    kwargs = {"opens_at": NOW(), "closes_at": NOW() + days(7), "moderation": "vorab", "by": office}
    publish_for_comment(version=submitted_version, **kwargs)

    with pytest.raises(ValidationError):
        publish_for_comment(version=submitted_version, **kwargs)
    assert CommentWindow.objects.count() == 1


@pytest.mark.parametrize(
    ("opens", "closes"),
    [(days(0), days(0)), (days(2), days(1)), (days(-9), days(-1))],
    ids=["empty", "reversed", "past"],
)
def test_window_dates_are_checked(submitted_version, office, opens, closes):
    with pytest.raises(ValidationError):
        publish_for_comment(
            version=submitted_version,
            opens_at=NOW() + opens,
            closes_at=NOW() + closes,
            moderation="vorab",
            by=office,
        )
    assert DraftVersion.objects.get(pk=submitted_version.pk).published_at is None


def test_no_comment_before_the_window_opens(group):
    window = CommentWindowFactory(opens_at=NOW() + days(2), closes_at=NOW() + days(9))

    with pytest.raises(ValidationError, match="möglich ab"):
        comment(window.version)
    assert not Contribution.objects.exists()


def test_no_comment_after_the_window_closed(group):
    window = CommentWindowFactory(opens_at=NOW() - days(9), closes_at=NOW() - days(1))

    with pytest.raises(ValidationError, match="keine neuen"):
        comment(window.version)
    assert not Contribution.objects.exists()


def test_comment_while_the_window_is_open(window):
    assert comment(window.version).status == Contribution.Status.UNCONFIRMED


def test_no_comment_on_a_version_without_window(group):
    version = DraftVersionFactory(draft=DraftFactory(committee=group, state="eingereicht"))
    with pytest.raises(ValidationError):
        comment(version)


def test_closing_early_ends_comments_and_records_one_event(window, office):
    close_comment_window(window=window, by=office)

    window.refresh_from_db()
    assert not window.is_open()
    with pytest.raises(ValidationError):
        comment(window.version)
    assert ProcessEvent.objects.filter(kind="comment_window_closed").count() == 1
    # The cron run afterwards does not record it a second time.
    assert record_elapsed_windows() == 0
    with pytest.raises(ValidationError):
        close_comment_window(window=window, by=office)


def test_elapsed_windows_are_recorded_once(group):
    elapsed = CommentWindowFactory(opens_at=NOW() - days(9), closes_at=NOW() - days(1))
    CommentWindowFactory()  # still open

    assert record_elapsed_windows() == 1
    assert record_elapsed_windows() == 0
    event = ProcessEvent.objects.get(kind="comment_window_closed")
    assert event.is_public
    assert event.subject_id == elapsed.version_id


def test_extending_reopens_a_closed_window(group, office):
    window = CommentWindowFactory(opens_at=NOW() - days(9), closes_at=NOW() - days(1))
    record_elapsed_windows()

    change_comment_window_end(window=window, closes_at=NOW() + days(3), by=office)

    window.refresh_from_db()
    assert window.is_open()
    assert window.closing_recorded_at is None
    assert comment(window.version)
    assert ProcessEvent.objects.filter(kind="comment_window_changed", is_public=True).exists()


def test_publish_page_is_for_the_office_only(client, submitted_version, office, member):
    url = reverse("beteiligung:version-publish", args=[submitted_version.pk])
    assert client.get(url).status_code == 302  # to the login
    client.force_login(member)
    assert client.get(url).status_code == 403
    client.force_login(office)
    response = client.post(
        url,
        {
            "opens_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (timezone.localtime() + days(14)).strftime("%Y-%m-%dT%H:%M"),
            "moderation": "nachtraeglich",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("beteiligung:version-comments", args=[submitted_version.pk])
    assert CommentWindow.objects.get().moderation == "nachtraeglich"


def test_publish_page_keeps_the_entries_on_refusal(client, submitted_version, office):
    client.force_login(office)
    url = reverse("beteiligung:version-publish", args=[submitted_version.pk])
    response = client.post(
        url,
        {"opens_at": "2030-05-01T10:00", "closes_at": "2030-04-01T10:00", "moderation": "vorab"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "nach ihrem Beginn enden" in html
    assert 'value="2030-05-01T10:00"' in html
    assert not CommentWindow.objects.exists()


def test_office_closes_and_extends_windows_from_its_page(client, window, office):
    client.force_login(office)
    response = client.get(reverse("beteiligung:office"))
    assert response.status_code == 200
    assert str(window.version) in response.content.decode()

    client.post(reverse("beteiligung:window-close", args=[window.pk]))
    window.refresh_from_db()
    assert not window.is_open()

    new_end = (timezone.localtime() + days(5)).strftime("%Y-%m-%dT%H:%M")
    client.post(reverse("beteiligung:window-end", args=[window.pk]), {"closes_at": new_end})
    window.refresh_from_db()
    assert window.is_open()


def test_window_actions_are_post_only_and_office_only(client, window, member):
    client.force_login(member)
    assert client.post(reverse("beteiligung:window-close", args=[window.pk])).status_code == 403
    assert client.get(reverse("beteiligung:window-close", args=[window.pk])).status_code == 405
