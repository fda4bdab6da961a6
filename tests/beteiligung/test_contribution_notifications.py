"""Mails to authors who asked for them: comment published after the check, comment answered."""

import pytest
from django.core import mail
from django.urls import reverse

from beteiligung.models import Contribution
from beteiligung.services import (
    answer,
    approve_contribution,
    confirm_contribution,
    export_personal_data,
    purge_personal_data,
    submit_comment,
)
from lip.models import Notification
from lip.notifications import Kind

from .conftest import last_mail_to, links_in
from .factories import CommentFactory, SuggestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    """Mail links point at SITE_URL; let them point at the test client's host."""
    settings.SITE_URL = "http://testserver"


def waiting(version, *, wants_updates=True, **kwargs):
    return CommentFactory(
        version=version,
        status="zu_pruefen",
        published_at=None,
        email="autorin@example.org",
        wants_updates=wants_updates,
        **kwargs,
    )


def mails_to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]


def test_the_comment_form_asks_and_stores_the_wish(client, version):
    url = reverse("beteiligung:general-comments", args=[version.pk])
    page = client.get(url).content.decode()
    assert 'name="wants_updates"' in page
    assert "wenn mein Beitrag veröffentlicht" in page

    response = client.post(
        url,
        {
            "text": "Mehr Sprachkurse am Abend.",
            "author_name": "Ayşe",
            "email": "ayse@example.org",
            "wants_updates": "on",
            "consent": "on",
        },
    )

    assert response.status_code == 302
    assert Contribution.objects.get().wants_updates is True


def test_not_asked_means_no_mail(version, office, member, django_capture_on_commit_callbacks):
    comment = waiting(version, wants_updates=False)
    with django_capture_on_commit_callbacks(execute=True):
        approve_contribution(contribution=comment, by=office)
        answer(item=comment, outcome="zur_kenntnis", reason="Danke.", by=member)
    assert mails_to("autorin@example.org") == []
    assert not Notification.objects.exists()


def test_published_after_the_check_tells_the_author_once(
    client, version, office, django_capture_on_commit_callbacks
):
    comment = waiting(version)
    client.force_login(office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("beteiligung:contribution-approve", args=[comment.pk]))
    assert response.status_code == 302

    message = last_mail_to("autorin@example.org")
    assert message.subject == "Ihr Beitrag wurde veröffentlicht"
    assert message.to == ["autorin@example.org"]
    assert "geprüft und veröffentlicht" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    page = links_in(message)[0]
    assert page == (
        reverse("beteiligung:general-comments", args=[version.pk]) + f"#kommentar-{comment.pk}"
    )
    client.logout()
    assert comment.text in client.get(page).content.decode()

    # A second check (after a report) shows it again but does not mail again.
    comment.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        approve_contribution(contribution=comment, by=office)
    assert len(mails_to("autorin@example.org")) == 1


def test_post_moderated_comments_show_at_confirmation_without_a_mail(
    window, version, django_capture_on_commit_callbacks
):
    window.moderation = window.Moderation.POST
    window.save()
    with django_capture_on_commit_callbacks(execute=True):
        comment = submit_comment(
            version=version,
            text="Gute Idee.",
            author_name="Bo",
            email="bo@example.org",
            consent=True,
            wants_updates=True,
            site_url="http://testserver",
        )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        confirm_contribution(contribution=comment)
    # The person has just clicked the link and sees the comment: nothing to tell.
    assert mails_to("bo@example.org") == []


def test_answered_tells_the_author_with_outcome_and_reason(
    version, member, django_capture_on_commit_callbacks
):
    comment = CommentFactory(version=version, email="autorin@example.org", wants_updates=True)
    with django_capture_on_commit_callbacks(execute=True):
        answer(
            item=comment,
            outcome="beruecksichtigt",
            reason="Wir nehmen Abendkurse auf.",
            by=member,
        )

    message = last_mail_to("autorin@example.org")
    assert message.subject == "Ihr Beitrag wurde beantwortet"
    assert "Bildung" in message.body
    assert "berücksichtigt" in message.body
    assert "Wir nehmen Abendkurse auf." in message.body
    (link, *_rest) = links_in(message)
    assert link == (
        reverse("beteiligung:consideration-table", args=[version.pk]) + f"#abwaegung-{comment.pk}"
    )

    # A revised answer shows on the page; the author is not mailed a second time.
    with django_capture_on_commit_callbacks(execute=True):
        answer(item=comment, outcome="teilweise", reason="Teilweise.", by=member)
    assert len(mails_to("autorin@example.org")) == 1


def test_a_suggestion_answer_links_to_its_topic_field(
    group, member, django_capture_on_commit_callbacks
):
    suggestion = SuggestionFactory(committee=group, email="idee@example.org", wants_updates=True)
    with django_capture_on_commit_callbacks(execute=True):
        answer(item=suggestion, outcome="zur_kenntnis", reason="Danke.", by=member)
    (link, *_rest) = links_in(last_mail_to("idee@example.org"))
    assert link == (
        reverse("beteiligung:topic-detail", args=[group.slug]) + f"#beitrag-{suggestion.pk}"
    )


def test_an_unsubscribed_address_gets_nothing(version, member, client):
    from lip.notifications import unsubscribe

    unsubscribe(email="autorin@example.org", kinds=[Kind.COMMENT_ANSWERED])
    comment = CommentFactory(version=version, email="autorin@example.org", wants_updates=True)
    answer(item=comment, outcome="zur_kenntnis", reason="Danke.", by=member)
    assert not Notification.objects.filter(kind=Kind.COMMENT_ANSWERED).exists()


def test_export_lists_the_mails_and_purge_deletes_old_ones(
    settings, version, office, django_capture_on_commit_callbacks
):
    import datetime

    from django.utils import timezone

    comment = waiting(version)
    with django_capture_on_commit_callbacks(execute=True):
        approve_contribution(contribution=comment, by=office)

    exported = export_personal_data(email="Autorin@example.org")["notifications"]
    assert [row["subject"] for row in exported["emails"]] == ["Ihr Beitrag wurde veröffentlicht"]
    assert exported["emails"][0]["status"] == "versandt"

    settings.NOTIFICATION_RETENTION_DAYS = 30
    assert purge_personal_data()["notifications_deleted"] == 0
    later = timezone.now() + datetime.timedelta(days=31)
    assert purge_personal_data(now=later)["notifications_deleted"] == 1
    assert not Notification.objects.exists()
