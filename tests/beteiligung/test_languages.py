"""Comments in any language, answers also in it, mails in the language people used on the site."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from beteiligung.models import Contribution, Registration
from beteiligung.services import answer, confirm_registration, submit_comment
from tests.beteiligung.conftest import last_mail_to, links_in
from tests.beteiligung.factories import CommentFactory, EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "http://testserver"


def comment_data(**overrides):
    return {
        "text": "Akşam dil kursları daha fazla olsun.",
        "author_name": "Ayşe",
        "email": "ayse@example.org",
        "consent": "on",
        "wants_updates": "on",
        "website": "",
        **overrides,
    }


def test_english_comment_form_names_the_language_and_the_mail_is_english(
    client, version, django_capture_on_commit_callbacks
):
    url = "/en" + reverse("beteiligung:general-comments", args=[version.pk])
    page = client.get(url).content.decode()
    assert 'name="text_language"' in page and "Türkçe" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, comment_data(text_language="tr"))
    assert response.status_code == 302
    comment = Contribution.objects.get()
    assert (comment.text_language, comment.site_language) == ("tr", "en")

    message = last_mail_to("ayse@example.org")
    assert message.subject == "Please confirm your contribution"
    assert "thank you for your comment" in message.body
    (path,) = links_in(message)
    assert path.startswith("/en/beteiligung/bestaetigen/")
    assert "Confirm" in client.get(path).content.decode()


def test_german_form_gives_german_mail_and_no_language_is_fine(
    client, version, django_capture_on_commit_callbacks
):
    url = reverse("beteiligung:general-comments", args=[version.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, comment_data(text="Mehr Kurse."))
    comment = Contribution.objects.get()
    assert (comment.text_language, comment.site_language) == ("", "de")
    message = last_mail_to("ayse@example.org")
    assert message.subject == "Bitte bestätigen Sie Ihren Beitrag"
    (path,) = links_in(message)
    assert path.startswith("/beteiligung/bestaetigen/")


def test_unknown_text_language_is_refused(version):
    with pytest.raises(ValidationError):
        submit_comment(
            version=version,
            text="x",
            author_name="A",
            email="a@example.org",
            consent=True,
            text_language="xx",
            site_url="http://testserver",
        )
    assert not Contribution.objects.exists()


def test_comment_carries_lang_and_direction(client, version):
    CommentFactory(version=version, text="أريد دورات مسائية.", text_language="ar")
    CommentFactory(version=version, text="Ohne Angabe.")
    page = client.get(reverse("beteiligung:general-comments", args=[version.pk])).content.decode()
    assert '<div lang="ar" dir="rtl"><p>أريد دورات مسائية.</p></div>' in page
    assert "<p>Ohne Angabe.</p>" in page


def test_answer_also_in_the_comments_language_and_mail_in_site_language(
    client, version, member, django_capture_on_commit_callbacks
):
    comment = CommentFactory(
        version=version,
        text="Akşam kursları.",
        text_language="tr",
        site_language="en",
        email="ayse@example.org",
        wants_updates=True,
    )
    client.force_login(member)
    url = reverse("beteiligung:consideration-form", args=["beitrag", comment.pk])
    form = client.get(url).content.decode()
    assert 'name="reason_in_language"' in form and 'lang="tr"' in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "outcome": "beruecksichtigt",
                "reason": "Wir bieten Abendkurse an.",
                "reason_in_language": "Akşam kursları sunuyoruz.",
            },
        )
    assert response.status_code == 302
    comment.consideration.refresh_from_db()
    assert comment.consideration.reason_in_language == "Akşam kursları sunuyoruz."

    message = last_mail_to("ayse@example.org")
    assert message.subject == "Your contribution has been answered"
    assert "Akşam kursları sunuyoruz." in message.body
    assert all(path.startswith("/en/") for path in links_in(message) if "abwaegung" in path)

    client.logout()
    table = client.get(reverse("beteiligung:consideration-table", args=[version.pk]))
    html = table.content.decode()
    assert '<div lang="tr" dir="ltr"><p>Akşam kursları sunuyoruz.</p></div>' in html
    assert '<div lang="tr" dir="ltr"><p>Akşam kursları.</p></div>' in html


def test_no_answer_in_language_when_the_comment_names_none(version, member):
    comment = CommentFactory(version=version)
    with pytest.raises(ValidationError):
        answer(
            item=comment,
            outcome="zur_kenntnis",
            reason="Danke.",
            reason_in_language="Thanks.",
            by=member,
        )


def test_registration_mails_in_the_language_used(client, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=20)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en" + reverse("beteiligung:event-register", args=[event.pk]),
            {"name": "Samira", "email": "samira@example.org", "consent": "on", "website": ""},
        )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.site_language == "en"
    message = last_mail_to("samira@example.org")
    assert message.subject == "Please confirm your registration"
    (path,) = links_in(message)
    assert path.startswith("/en/")

    with django_capture_on_commit_callbacks(execute=True):
        confirm_registration(registration=registration, site_url="http://testserver")
    confirmed = last_mail_to("samira@example.org")
    assert "Your registration" in confirmed.subject
    assert all(p.startswith("/en/") for p in links_in(confirmed) if "kalender.ics" not in p)
    translation.activate("de")


def test_concern_confirmation_in_the_language_used(client, django_capture_on_commit_callbacks):
    from beteiligung.models import Concern

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en" + reverse("beteiligung:concern-create"),
            {"text": "More evening classes.", "email": "kim@example.org", "consent": "on"},
        )
    assert response.status_code == 302
    assert Concern.objects.get().site_language == "en"
    message = last_mail_to("kim@example.org")
    assert message.subject == "Please confirm your concern"
    (path,) = links_in(message)
    assert path.startswith("/en/beteiligung/anliegen/bestaetigen/")
