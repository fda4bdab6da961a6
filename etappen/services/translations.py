"""Translations and the Leichte-Sprache summary of a published version (OE 50.6).

Rows are never changed: a corrected text is a new revision, the older ones stay as history.
"""

import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lip.events import record_event
from lip.text import strip_control_characters

from ..models import DraftVersion, EasyReadSummary, SectionTranslation, VersionSection
from ..models.translations import translation_language_choices
from ._common import User

ZWNJ = "\u200c"


@dataclass(frozen=True)
class TranslatedText:
    heading: str
    text: str


def clean_translation(value: str) -> str:
    """Like every stored text, without control and bidi characters, but keeping the zero-width
    non-joiner: Persian spelling needs it between letters (lip.text would drop it)."""
    return ZWNJ.join(strip_control_characters(part) for part in (value or "").split(ZWNJ)).strip()


def _locked_public_version(version: DraftVersion) -> DraftVersion:
    version = (
        DraftVersion.objects.select_for_update()
        .select_related("draft__committee")
        .get(pk=version.pk)
    )
    if not version.is_public:
        raise ValidationError(
            _("Only a version published for comment can be translated."), code="not_public"
        )
    return version


@transaction.atomic
def add_section_translations(
    *,
    version: DraftVersion,
    language: str,
    texts: dict[uuid.UUID, TranslatedText],
    translated_by: str,
    by: User,
) -> list[SectionTranslation]:
    """Add a new revision for every section whose translation is new or differs from the
    newest one; sections left empty keep what they have."""
    names = dict(translation_language_choices())
    if language not in names:
        raise ValidationError(_("This language is not configured."), code="language")
    translated_by = clean_translation(translated_by)
    if not translated_by:
        raise ValidationError(_("Please name who translated."), code="translated_by")
    version = _locked_public_version(version)
    sections = {s.key: s for s in VersionSection.objects.filter(version=version)}
    unknown = set(texts) - set(sections)
    if unknown:
        raise ValidationError(_("A section is not part of this version."), code="section")
    newest = {
        row.section_id: row
        for row in SectionTranslation.objects.filter(
            section__version=version, language=language
        ).order_by("section_id", "revision")
    }
    created = []
    for key, given in texts.items():
        heading, text = clean_translation(given.heading), clean_translation(given.text)
        if not heading and not text:
            continue
        section = sections[key]
        if not heading:
            raise ValidationError(
                _("The translation of “%(heading)s” needs a heading.")
                % {"heading": section.heading},
                code="heading",
            )
        current = newest.get(section.pk)
        if current is not None and (current.heading, current.text) == (heading, text):
            continue
        created.append(
            SectionTranslation.objects.create(
                section=section,
                language=language,
                revision=(current.revision + 1) if current else 1,
                heading=heading,
                text=text,
                translated_by=translated_by,
                created_by=by,
            )
        )
    if not created:
        raise ValidationError(_("Nothing has changed."), code="unchanged")
    record_event(
        kind="version_translation_added",
        summary=_("Translation (%(language)s) of %(version)s added: %(count)s sections.")
        % {"language": names[language], "version": version, "count": len(created)},
        subject=version,
        by=by,
        public=True,
        url=version.get_absolute_url() + f"?sprache={language}",
        data={"language": language, "sections": [str(row.section.key) for row in created]},
    )
    return created


@transaction.atomic
def add_easy_read_summary(
    *, version: DraftVersion, text: str, translated_by: str, by: User
) -> EasyReadSummary:
    """Add the next revision of the version's summary in Leichte Sprache."""
    text, translated_by = clean_translation(text), clean_translation(translated_by)
    if not text:
        raise ValidationError(_("Please write the summary."), code="text")
    if not translated_by:
        raise ValidationError(_("Please name who wrote the summary."), code="translated_by")
    version = _locked_public_version(version)
    current = EasyReadSummary.objects.filter(version=version).order_by("-revision").first()
    if current is not None and current.text == text:
        raise ValidationError(_("Nothing has changed."), code="unchanged")
    summary = EasyReadSummary.objects.create(
        version=version,
        revision=(current.revision + 1) if current else 1,
        text=text,
        translated_by=translated_by,
        created_by=by,
    )
    record_event(
        kind="version_easy_read_added",
        summary=_("Summary in Leichte Sprache of %(version)s added (revision %(revision)s).")
        % {"version": version, "revision": summary.revision},
        subject=version,
        by=by,
        public=True,
        url=version.get_absolute_url() + "leichte-sprache/",
    )
    return summary
