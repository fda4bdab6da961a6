"""The public forms: comment, Vorschlag, Anliegen, registration, report. No account needed."""

from crispy_forms.layout import Fieldset
from django import forms
from django.utils.translation import gettext_lazy as _

from ..models.contributions import (
    NAME_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    text_direction,
    text_language_choices,
)
from ..services import CONCERN_CONSENT_TEXT, CONSENT_TEXT, NEEDS_CONSENT_TEXT
from ._helpers import EMAIL_ERRORS, HoneypotMixin, TopicChoiceField, helper

CONSENT_ERRORS = {
    "required": _("Please agree to the privacy notice; without it we cannot store your entry.")
}


def _text_field(label, help_text=""):
    return forms.CharField(
        label=label,
        max_length=TEXT_MAX_LENGTH,
        help_text=help_text or _("At most 4,000 characters of plain text (no HTML)."),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Please write your text."),
            "max_length": _(
                "Please shorten the text to %(limit_value)d characters; it has %(show_value)d."
            ),
        },
    )


def _name_field(required=True):
    return forms.CharField(
        label=_("Name or pseudonym"),
        max_length=NAME_MAX_LENGTH,
        required=required,
        help_text=_("Shown with your contribution. You do not have to give your real name."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
        error_messages={"required": _("Please enter a name or pseudonym.")},
    )


def _email_field():
    return forms.EmailField(
        label=_("Email address"),
        help_text=_("Never shown. We send you a link to confirm your entry."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages=EMAIL_ERRORS,
    )


def _updates_field():
    return forms.BooleanField(
        label=_("Tell me by email when my contribution is published and when it is answered."),
        help_text=_("Optional. Each email has a link to stop these messages."),
        required=False,
    )


class LanguageSelect(forms.Select):
    """A select of languages each named in itself: every option but the empty one carries its
    ``lang`` (and ``dir="rtl"`` for Arabic and Persian), so screen readers pronounce "Türkçe" or
    "العربية" in that language and not with the page's German or English voice."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value:
            option["attrs"]["lang"] = str(value)
            if text_direction(str(value)) == "rtl":
                option["attrs"]["dir"] = "rtl"
        return option


class CommentForm(HoneypotMixin):
    text = _text_field(
        _("Your comment"),
        _("At most 4,000 characters of plain text (no HTML). You may write in any language."),
    )
    text_language = forms.ChoiceField(
        label=_("Language of your comment"),
        required=False,
        help_text=_("Optional: helps screen readers and the expert group."),
        error_messages={"invalid_choice": _("Please choose one of the listed languages.")},
        widget=LanguageSelect,
    )
    author_name = _name_field()
    email = _email_field()
    wants_updates = _updates_field()
    consent = forms.BooleanField(label=CONSENT_TEXT, error_messages=CONSENT_ERRORS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each language named in itself, with its lang attribute (LanguageSelect).
        self.fields["text_language"].choices = [("", _("not stated")), *text_language_choices()]
        self.helper = helper(
            "text",
            "text_language",
            "author_name",
            "email",
            "wants_updates",
            "consent",
            honeypot=True,
        )


class SuggestionForm(HoneypotMixin):
    committee = TopicChoiceField(
        label=_("Topic field"),
        empty_label=_("Please choose"),
        error_messages={
            "required": _("Please choose the topic field of your suggestion."),
            "invalid_choice": _("Please choose one of the listed topic fields."),
        },
    )
    title = forms.CharField(
        label=_("Title of your suggestion"),
        max_length=TITLE_MAX_LENGTH,
        error_messages={"required": _("Please give your suggestion a short title.")},
    )
    text = _text_field(_("Your suggestion"))
    author_name = _name_field()
    email = _email_field()
    wants_updates = _updates_field()
    consent = forms.BooleanField(label=CONSENT_TEXT, error_messages=CONSENT_ERRORS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(
            "committee",
            "title",
            "text",
            "author_name",
            "email",
            "wants_updates",
            "consent",
            honeypot=True,
        )


class ConcernForm(HoneypotMixin):
    topic = TopicChoiceField(
        label=_("Topic field"),
        required=False,
        empty_label=_("I don't know / several topic fields"),
        help_text=_("OE 50.6 passes your concern to the expert group that deals with it."),
        error_messages={"invalid_choice": _("Please choose one of the listed topic fields.")},
    )
    text = _text_field(_("Your concern"))
    author_name = _name_field(required=False)
    email = _email_field()
    consent = forms.BooleanField(label=CONCERN_CONSENT_TEXT, error_messages=CONSENT_ERRORS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["author_name"].help_text = _("Optional. Not published with the concern.")
        self.helper = helper("topic", "text", "author_name", "email", "consent", honeypot=True)


class RegistrationForm(HoneypotMixin):
    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Please enter your name.")},
    )
    email = _email_field()
    step_free_access = forms.BooleanField(label=_("I need step-free access."), required=False)
    interpreting_language = forms.CharField(
        label=_("I need interpreting into this language"),
        max_length=100,
        required=False,
        help_text=_("E.g. Arabic, Turkish or German Sign Language. Leave empty if not needed."),
    )
    childcare = forms.BooleanField(label=_("I need childcare."), required=False)
    other_needs = forms.CharField(
        label=_("Other needs"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("E.g. the age of the children to be looked after."),
    )
    needs_consent = forms.BooleanField(label=NEEDS_CONSENT_TEXT, required=False)
    consent = forms.BooleanField(label=CONSENT_TEXT, error_messages=CONSENT_ERRORS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = _(
            "I have read the privacy notice and agree that my name and email address are stored "
            "to organise the event."
        )
        self.helper = helper(
            "name",
            "email",
            Fieldset(
                _("Needs (voluntary)"),
                "step_free_access",
                "interpreting_language",
                "childcare",
                "other_needs",
                "needs_consent",
            ),
            "consent",
            honeypot=True,
        )

    def clean(self):
        data = super().clean()
        has_needs = any(
            data.get(name)
            for name in ("step_free_access", "interpreting_language", "childcare", "other_needs")
        )
        if has_needs and not data.get("needs_consent"):
            self.add_error(
                "needs_consent",
                _(
                    "To store your needs we need your consent. Please agree, or leave the "
                    "needs empty and tell us in another way."
                ),
            )
        return data


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you reporting this contribution?"),
        max_length=500,
        required=False,
        help_text=_("Optional, at most 500 characters."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper("reason")
