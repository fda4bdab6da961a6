"""Translations of a published version's sections and its Leichte-Sprache summary.

Like the version, each row is immutable: a corrected translation is a new row with the next
``revision``, and the page shows the newest one. The German text of the version stays the
binding one (docs/sprachen.md).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .drafts import DraftVersion, VersionSection


def translation_language_choices() -> list[tuple[str, str]]:
    """The configured languages (settings.TRANSLATION_LANGUAGES), each named in itself."""
    return [(code, name) for code, name, _direction in settings.TRANSLATION_LANGUAGES]


def text_direction(language: str) -> str:
    """ "rtl" for a language written right to left (Arabic, Farsi), else "ltr"."""
    for code, _name, direction in settings.TRANSLATION_LANGUAGES:
        if code == language:
            return direction
    return "ltr"


class SectionTranslation(models.Model):
    """One revision of one section of a version, in one configured language."""

    section = models.ForeignKey(
        VersionSection,
        verbose_name=_("section"),
        on_delete=models.PROTECT,
        related_name="translations",
    )
    language = models.CharField(_("language"), max_length=8, choices=translation_language_choices)
    revision = models.PositiveSmallIntegerField(_("revision"))
    heading = models.CharField(_("heading"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    translated_by = models.CharField(
        _("translated by"),
        max_length=200,
        help_text=_("The person or service who translated, as the page names them."),
    )
    created_at = models.DateTimeField(_("entered at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["section__position", "language", "revision"]
        verbose_name = _("translation of a section")
        verbose_name_plural = _("translations of sections")
        constraints = [
            models.UniqueConstraint(
                fields=["section", "language", "revision"],
                name="unique_translation_revision",
            ),
        ]

    def __str__(self):
        return f"{self.heading} [{self.language}, {self.revision}]"


class EasyReadSummary(models.Model):
    """One revision of a version's summary in Leichte Sprache (German easy-to-read)."""

    version = models.ForeignKey(
        DraftVersion,
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="easy_read_summaries",
    )
    revision = models.PositiveSmallIntegerField(_("revision"))
    text = models.TextField(_("text"))
    translated_by = models.CharField(
        _("written by"),
        max_length=200,
        help_text=_("The person or service who wrote the summary, as the page names them."),
    )
    created_at = models.DateTimeField(_("entered at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["version", "revision"]
        verbose_name = _("summary in Leichte Sprache")
        verbose_name_plural = _("summaries in Leichte Sprache")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "revision"], name="unique_easy_read_revision"
            ),
        ]

    def __str__(self):
        return f"{self.version} [{self.revision}]"
