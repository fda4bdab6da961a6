"""Translations and the Leichte-Sprache summary of a published version (issue: Languages)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from etappen.models import DraftVersion, EasyReadSummary, SectionTranslation
from etappen.services import TranslatedText, add_easy_read_summary, add_section_translations
from lip.models import ProcessEvent
from lip.roles import Role
from tests.conftest import user_with_role

from .conftest import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(draft, office) -> DraftVersion:
    version = submit(draft, office)
    DraftVersion.objects.filter(pk=version.pk).update(published_at=timezone.now())
    version.refresh_from_db()
    return version


def _keys(version):
    return [s.key for s in version.sections.order_by("position")]


def _translate(version, office, language="tr", **texts):
    first, second = _keys(version)
    given = {}
    if "first" in texts:
        given[first] = TranslatedText(*texts["first"])
    if "second" in texts:
        given[second] = TranslatedText(*texts["second"])
    return add_section_translations(
        version=version, language=language, texts=given, translated_by="Dolmetschdienst", by=office
    )


def test_translation_of_two_sections_is_recorded_with_who_and_an_event(version, office):
    created = _translate(
        version, office, first=("Vizyon", "Çeşitlilik güçtür."), second=("Kavramlar", "")
    )
    assert [(row.language, row.revision, row.heading) for row in created] == [
        ("tr", 1, "Vizyon"),
        ("tr", 1, "Kavramlar"),
    ]
    assert all(
        row.created_by == office and row.translated_by == "Dolmetschdienst" for row in created
    )
    event = ProcessEvent.objects.get(kind="version_translation_added")
    assert event.data["language"] == "tr" and len(event.data["sections"]) == 2


def test_a_correction_is_a_new_revision_and_the_old_one_stays(version, office):
    _translate(version, office, first=("Vizyon", "Eski metin"))
    _translate(version, office, first=("Vizyon", "Düzeltilmiş metin"), second=("Kavramlar", "x"))
    rows = SectionTranslation.objects.filter(language="tr").order_by(
        "section__position", "revision"
    )
    assert [(row.revision, row.text) for row in rows] == [
        (1, "Eski metin"),
        (2, "Düzeltilmiş metin"),
        (1, "x"),
    ]


def test_unchanged_translation_adds_nothing(version, office):
    _translate(version, office, first=("Vizyon", "Metin"))
    with pytest.raises(ValidationError):
        _translate(version, office, first=("Vizyon", "Metin"))
    assert SectionTranslation.objects.count() == 1


@pytest.mark.parametrize("language", ["de", "xx", ""])
def test_only_configured_languages(version, office, language):
    with pytest.raises(ValidationError):
        _translate(version, office, language=language, first=("A", "B"))
    assert not SectionTranslation.objects.exists()


def test_unpublished_version_cannot_be_translated(draft, office):
    version = submit(draft, office)
    with pytest.raises(ValidationError):
        _translate(version, office, first=("A", "B"))
    with pytest.raises(ValidationError):
        add_easy_read_summary(version=version, text="Kurz.", translated_by="X", by=office)
    assert not SectionTranslation.objects.exists() and not EasyReadSummary.objects.exists()


def test_text_without_heading_is_refused(version, office):
    with pytest.raises(ValidationError):
        _translate(version, office, first=("", "Metin"))


def test_persian_keeps_the_zero_width_non_joiner_but_loses_bidi_overrides(version, office):
    created = _translate(version, office, language="fa", first=("الزام\u200cآور\u202e", "متن"))
    assert created[0].heading == "الزام\u200cآور"


def test_easy_read_summary_revisions(version, office):
    first = add_easy_read_summary(
        version=version, text="Das ist der Plan.", translated_by="Büro", by=office
    )
    second = add_easy_read_summary(
        version=version, text="Das ist der neue Plan.", translated_by="Büro", by=office
    )
    assert (first.revision, second.revision) == (1, 2)
    with pytest.raises(ValidationError):
        add_easy_read_summary(
            version=version, text="Das ist der neue Plan.", translated_by="Büro", by=office
        )
    assert ProcessEvent.objects.filter(kind="version_easy_read_added").count() == 2


# Pages


def test_reader_chooses_the_language_and_the_original_stays_one_click_away(client, version, office):
    _translate(version, office, language="ar", first=("الرؤية", "التنوع قوة."))
    page = client.get(version.get_absolute_url())
    assert f'href="/etappen/fassung/{version.pk}/?sprache=ar#text"' in page.text
    assert '<html lang="de" dir="ltr">' in page.text
    arabic = client.get(version.get_absolute_url() + "?sprache=ar")
    text = arabic.text
    assert '<html lang="de" dir="rtl">' in text
    assert "bootstrap.rtl.min.css" in text
    assert 'lang="ar" dir="rtl"' in text and "التنوع قوة." in text
    # Untranslated section: the German original, marked as German.
    assert "Menschen mit internationaler Geschichte." in text
    assert "النص الألماني وحده هو الملزم" in text  # binding note in Arabic
    assert f'href="{version.get_absolute_url()}#text"' in text  # the original, one click


def test_unknown_language_shows_the_original(client, version):
    page = client.get(version.get_absolute_url() + "?sprache=ar")
    assert "Vielfalt ist Stärke." in page.text and 'dir="rtl"' not in page.text


def test_english_interface_with_turkish_text(client, version, office):
    _translate(version, office, language="tr", first=("Vizyon", "Çeşitlilik güçtür."))
    page = client.get("/en" + version.get_absolute_url() + "?sprache=tr")
    assert '<html lang="en" dir="ltr">' in page.text
    assert "only the German original is binding" in page.text
    assert "Çeşitlilik güçtür." in page.text


def test_version_page_queries_do_not_grow_with_translated_sections(client, version, office):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _translate(version, office, language="tr", first=("Vizyon", "a"))

    def count():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(version.get_absolute_url() + "?sprache=tr").status_code == 200
        return len(queries)

    few = count()
    for number in range(2, 6):
        _translate(
            version,
            office,
            language="tr",
            first=("Vizyon", f"a{number}"),
            second=("K", f"{number}"),
        )
    _translate(version, office, language="ar", first=("الرؤية", "b"))
    assert count() == few


def test_easy_read_page_and_link(client, version, office):
    add_easy_read_summary(
        version=version, text="Das ist der Plan.", translated_by="Büro", by=office
    )
    page = client.get(version.get_absolute_url())
    url = f"/etappen/fassung/{version.pk}/leichte-sprache/"
    assert f'href="{url}"' in page.text
    summary = client.get(url)
    assert "Das ist der Plan." in summary.text and "Büro" in summary.text


def test_easy_read_of_unpublished_version_is_hidden(client, draft, office):
    version = submit(draft, office)
    assert client.get(f"/etappen/fassung/{version.pk}/leichte-sprache/").status_code == 404


def test_office_adds_a_translation_through_the_form(client, version, office):
    client.force_login(office)
    url = f"/etappen/fassung/{version.pk}/uebersetzung/tr/"
    form = client.get(url)
    assert form.status_code == 200 and 'lang="tr"' in form.text
    response = client.post(
        url,
        {
            "translated_by": "Ayşe Y.",
            "heading_1": "Vizyon",
            "text_1": "Metin",
            "heading_2": "",
            "text_2": "",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?sprache=tr")
    row = SectionTranslation.objects.get()
    assert (row.heading, row.translated_by, row.created_by) == ("Vizyon", "Ayşe Y.", office)


def test_office_writes_the_summary_through_the_form(client, version, office):
    client.force_login(office)
    url = f"/etappen/fassung/{version.pk}/leichte-sprache/bearbeiten/"
    assert client.post(url, {"text": "Kurz und klar.", "translated_by": "Büro"}).status_code == 302
    assert EasyReadSummary.objects.get().text == "Kurz und klar."


@pytest.mark.parametrize("who", ["anonymous", "member", "committee"])
def test_only_the_office_translates(client, version, member, who):
    if who == "member":
        client.force_login(member)
    elif who == "committee":
        client.force_login(user_with_role(Role.COMMITTEE))
    for url in (
        f"/etappen/fassung/{version.pk}/uebersetzung/tr/",
        f"/etappen/fassung/{version.pk}/leichte-sprache/bearbeiten/",
    ):
        response = client.post(url, {"translated_by": "X", "heading_1": "A", "text": "B"})
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert "/konto/anmelden/" in response["Location"]
    assert not SectionTranslation.objects.exists() and not EasyReadSummary.objects.exists()
