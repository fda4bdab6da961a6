"""The moderation queue of OE 50.6: approve, reject with a reason by mail, spam."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from beteiligung.models import Contribution
from beteiligung.services import mark_contribution_as_spam, reject_contribution
from lip.models import ProcessEvent

from .conftest import last_mail_to, links_in
from .factories import CommentFactory, SuggestionFactory

pytestmark = pytest.mark.django_db


def test_reject_sends_the_reason_to_the_author(
    client, version, office, django_capture_on_commit_callbacks
):
    comment = CommentFactory(
        version=version, status="zu_pruefen", published_at=None, email="autor@example.org"
    )
    client.force_login(office)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("beteiligung:contribution-reject", args=[comment.pk]),
            {"reason": "Der Beitrag enthält die Adresse einer Nachbarin."},
        )

    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Contribution.Status.REJECTED
    assert comment.rejection_reason == "Der Beitrag enthält die Adresse einer Nachbarin."
    message = last_mail_to("autor@example.org")
    assert message.subject == "Ihr Beitrag wurde nicht veröffentlicht"
    assert "Der Beitrag enthält die Adresse einer Nachbarin." in message.body
    assert comment.text in message.body
    (rules,) = links_in(message)
    assert rules.startswith(reverse("beteiligung:index"))
    assert client.get(rules).status_code == 200
    assert ProcessEvent.objects.filter(kind="contribution_rejected", is_public=False).exists()


def test_reject_needs_a_reason(version, office):
    comment = CommentFactory(version=version, status="zu_pruefen", published_at=None)
    with pytest.raises(ValidationError):
        reject_contribution(contribution=comment, reason="  ", by=office, site_url="http://x")
    comment.refresh_from_db()
    assert comment.status == Contribution.Status.PENDING


def test_rejecting_a_published_comment_hides_it(client, version, office):
    comment = CommentFactory(version=version, text="Sichtbar bis zur Ablehnung")
    url = reverse("beteiligung:general-comments", args=[version.pk])
    assert comment.text in client.get(url).content.decode()

    reject_contribution(contribution=comment, reason="Werbung", by=office, site_url="http://x")

    assert comment.text not in client.get(url).content.decode()


def test_spam_disappears_without_mail(version, office):
    comment = CommentFactory(version=version, status="zu_pruefen", published_at=None)
    mark_contribution_as_spam(contribution=comment, by=office)
    comment.refresh_from_db()
    assert comment.status == Contribution.Status.SPAM
    assert mail.outbox == []
    assert not Contribution.objects.in_queue().exists()
    with pytest.raises(ValidationError):
        mark_contribution_as_spam(contribution=comment, by=office)


def test_unconfirmed_contributions_are_not_in_the_queue(version):
    CommentFactory(version=version, status="unbestaetigt", confirmed_at=None, published_at=None)
    assert not Contribution.objects.in_queue().exists()


def test_queue_runs_a_fixed_number_of_queries(
    client, version, office, django_assert_max_num_queries
):
    client.force_login(office)
    CommentFactory(version=version, status="zu_pruefen", published_at=None)
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("beteiligung:moderation"))
    for _ in range(30):
        CommentFactory(version=version, status="zu_pruefen", published_at=None)
        SuggestionFactory(status="zu_pruefen", published_at=None)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("beteiligung:moderation"))


@pytest.mark.parametrize(
    "url_name", ["contribution-approve", "contribution-reject", "contribution-spam"]
)
def test_only_the_office_moderates(client, version, member, url_name):
    comment = CommentFactory(version=version, status="zu_pruefen", published_at=None)
    url = reverse(f"beteiligung:{url_name}", args=[comment.pk])
    assert client.post(url, {"reason": "x"}).status_code == 302  # to the login
    client.force_login(member)
    assert client.post(url, {"reason": "x"}).status_code == 403
    assert client.get(reverse("beteiligung:moderation")).status_code == 403
    comment.refresh_from_db()
    assert comment.status == Contribution.Status.PENDING
