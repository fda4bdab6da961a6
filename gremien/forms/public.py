"""The public form for an Initiativvorschlag: no account, consent recorded with the proposal."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from gremien.models import Committee
from gremien.services import NOMINATION_CONSENT_TEXT


class ExpertGroupChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class NominationForm(forms.Form):
    """Parse a proposal; submit_nomination stores it."""

    committee = ExpertGroupChoiceField(
        label=_("Expert group"),
        queryset=Committee.objects.filter(kind=Committee.Kind.EXPERT_GROUP).order_by(
            "position", "name"
        ),
        empty_label=_("Please choose"),
        error_messages={
            "required": _("Please choose the expert group you propose the person for."),
            "invalid_choice": _("Please choose one of the listed expert groups."),
        },
    )
    given_name = forms.CharField(
        label=_("Given name"),
        max_length=100,
        error_messages={"required": _("Please enter the given name of the proposed person.")},
    )
    family_name = forms.CharField(
        label=_("Family name"),
        max_length=100,
        error_messages={"required": _("Please enter the family name of the proposed person.")},
    )
    email = forms.EmailField(
        label=_("Email of the proposed person"),
        required=False,
        help_text=_("Optional."),
        error_messages={"invalid": _("Please enter a valid email address, e.g. name@example.org.")},
    )
    expertise = forms.CharField(
        label=_("Expertise"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "What does the person bring to the expert group: experience, knowledge, networks?"
        ),
        error_messages={"required": _("Please describe the expertise of the proposed person.")},
    )
    organization_name = forms.CharField(
        label=_("Proposing organisation"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
        error_messages={"required": _("Please enter the name of the proposing organisation.")},
    )
    contact_name = forms.CharField(
        label=_("Your name (contact person)"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Please enter the name of a contact person.")},
    )
    contact_email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("We use it only for questions about this proposal."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Please enter an email address at which we can reach you."),
            "invalid": _("Please enter a valid email address, e.g. name@example.org."),
        },
    )
    consent = forms.BooleanField(
        label=NOMINATION_CONSENT_TEXT,
        error_messages={"required": _("Without your consent we cannot process the proposal.")},
    )
    # Honeypot: hidden from people (and screen readers) by the style sheet; simple bots fill it.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        # The template owns the <form> tag, the CSRF token and the error summary.
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(
                _("Proposed person"), "committee", "given_name", "family_name", "email", "expertise"
            ),
            Fieldset(
                _("Proposing organisation"), "organization_name", "contact_name", "contact_email"
            ),
            Fieldset(_("Consent"), "consent"),
            Div("website", css_class="lip-hp"),
        )

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website", "").strip())
