"""OE 50.6 enters a translation of a published version, or its Leichte-Sprache summary."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..services import TranslatedText
from ._helpers import form_helper


class SectionTranslationForm(forms.Form):
    """A heading and a text per section of the version, in one language.

    Fields are named by the section's position (``heading_3``, ``text_3``); ``initial`` holds
    the newest translation, so a correction changes only what differs (a new revision).
    """

    translated_by = forms.CharField(
        label=_("Translated by"),
        max_length=200,
        help_text=_("The person or service who translated; the page names them."),
        error_messages={"required": _("Please name who translated.")},
    )

    def __init__(self, *args, sections, language, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = sections
        for section in sections:
            self.fields[f"heading_{section.position}"] = forms.CharField(
                label=_("Heading: %(original)s") % {"original": section.heading},
                max_length=300,
                required=False,
                widget=forms.TextInput(attrs={"lang": language.code, "dir": language.direction}),
            )
            self.fields[f"text_{section.position}"] = forms.CharField(
                label=_("Text: %(original)s") % {"original": section.heading},
                required=False,
                widget=forms.Textarea(
                    attrs={"rows": 6, "lang": language.code, "dir": language.direction}
                ),
            )
        self.helper = form_helper()

    def texts(self) -> dict:
        """{section key: TranslatedText} for the sections given a heading or a text."""
        data = self.cleaned_data
        result = {}
        for section in self.sections:
            heading = data.get(f"heading_{section.position}", "")
            text = data.get(f"text_{section.position}", "")
            if heading or text:
                result[section.key] = TranslatedText(heading=heading, text=text)
        return result


class EasyReadForm(forms.Form):
    """The summary of the version in Leichte Sprache."""

    text = forms.CharField(
        label=_("Summary in Leichte Sprache"),
        widget=forms.Textarea(attrs={"rows": 14, "lang": "de"}),
        help_text=_(
            "Short sentences, one thought per sentence; an empty line starts a new paragraph."
        ),
        error_messages={"required": _("Please write the summary.")},
    )
    translated_by = forms.CharField(
        label=_("Written by"),
        max_length=200,
        help_text=_("The person or service who wrote the summary; the page names them."),
        error_messages={"required": _("Please name who wrote the summary.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()
