"""The language select of the comment form: each language named in itself, marked with its lang.

Screen readers then read "Türkçe" or "العربية" in that language, not with the page's voice.
"""

import pytest
from django.urls import reverse

from beteiligung.forms.public import CommentForm

pytestmark = pytest.mark.django_db


def test_each_language_option_carries_its_lang_and_direction():
    html = str(CommentForm()["text_language"])

    assert '<option value="" selected>' in html  # "not stated" speaks the page's language
    assert '<option value="de" lang="de">Deutsch</option>' in html
    assert '<option value="tr" lang="tr">Türkçe</option>' in html
    assert '<option value="ar" lang="ar" dir="rtl">العربية</option>' in html
    assert '<option value="fa" lang="fa" dir="rtl">' in html


def test_the_comment_page_renders_the_marked_options_and_keeps_the_choice(client, version):
    url = "/en" + reverse("beteiligung:general-comments", args=[version.pk])
    html = client.get(url).content.decode()
    assert '<option value="tr" lang="tr">Türkçe</option>' in html

    form = CommentForm(data={"text_language": "uk"})
    assert '<option value="uk" selected lang="uk">Українська</option>' in str(form["text_language"])
