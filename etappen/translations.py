"""Reading a published version in another language: which languages it has, the translated
text (rendered once per state of the translations), the Leichte-Sprache summary.

The German text of the version is the binding one; every translated page says so, in the
interface language and in the language of the text (``BINDING_NOTES``).
"""

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from lip import pagecache

from .models import DraftVersion, EasyReadSummary, SectionTranslation, VersionSection

# "Only the German text is binding", in each configured language, so a reader who knows
# neither German nor English understands it. Reviewed by native speakers before each addition.
BINDING_NOTES = {
    "en": "This is a translation for information. Only the German text is binding.",
    "tr": "Bu, bilgilendirme amaçlı bir çeviridir. Yalnızca Almanca metin bağlayıcıdır.",
    "ar": "هذه ترجمة لغرض الإعلام فقط. النص الألماني وحده هو الملزم.",
    "ru": "Это перевод для информации. Юридическую силу имеет только немецкий текст.",
    "uk": "Це переклад для інформації. Юридичну силу має лише німецький текст.",
    "fa": "این ترجمه فقط برای اطلاع است. تنها متن آلمانی الزام‌آور است.",
}


@dataclass(frozen=True)
class TextLanguage:
    code: str
    name: str
    direction: str

    @property
    def binding_note(self) -> str:
        return BINDING_NOTES.get(self.code, "")


def configured_languages() -> dict[str, TextLanguage]:
    return {
        code: TextLanguage(code, name, direction)
        for code, name, direction in settings.TRANSLATION_LANGUAGES
    }


def available_languages(version: DraftVersion) -> list[TextLanguage]:
    """The configured languages the version has at least one translated section in (1 query)."""
    present = set(
        SectionTranslation.objects.filter(section__version=version)
        .values_list("language", flat=True)
        .distinct()
    )
    return [language for code, language in configured_languages().items() if code in present]


def newest_translations(version: DraftVersion, language: str) -> dict[int, SectionTranslation]:
    """The newest revision of each translated section, by section id (1 query)."""
    rows = SectionTranslation.objects.filter(section__version=version, language=language)
    # Oldest first: the newest revision of a section overwrites the older ones.
    return {row.section_id: row for row in rows.order_by("section_id", "revision")}


def _stamp(version: DraftVersion) -> int:
    return int(version.created_at.timestamp() * 1_000_000)


def translated_text(version: DraftVersion, language: TextLanguage) -> SafeString:
    """The sections in the language, the newest revision each; a section not translated yet
    shows its German original, marked as German. Cached until the next write in etappen."""

    def build() -> str:
        sections = list(VersionSection.objects.filter(version=version).order_by("position"))
        newest = newest_translations(version, language.code)
        rows = [(section, newest.get(section.pk)) for section in sections]
        return render_to_string(
            "etappen/_translated_text.html", {"rows": rows, "language": language}
        )

    html = pagecache.cached(
        f"etappen:translated-text:{version.pk}:{_stamp(version)}:{language.code}",
        (pagecache.ETAPPEN,),
        build,
    )
    # Rendered by our own template with autoescaping.
    return mark_safe(html)  # noqa: S308


def newest_easy_read(version: DraftVersion) -> EasyReadSummary | None:
    return EasyReadSummary.objects.filter(version=version).order_by("-revision").first()


def has_easy_read(version: DraftVersion) -> bool:
    return EasyReadSummary.objects.filter(version=version).exists()


def page_direction(language: TextLanguage | None) -> str:
    """The direction of a page whose text is in ``language`` (base.html mirrors the layout)."""
    return language.direction if language else "ltr"
