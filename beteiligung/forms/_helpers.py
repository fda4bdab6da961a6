from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from gremien.models import Committee

HONEYPOT = "website"

EMAIL_ERRORS = {
    "required": _("Please enter your email address; we send the confirmation link to it."),
    "invalid": _("Please enter a valid email address, e.g. name@example.org."),
}


def helper(*fields, honeypot: bool = False) -> FormHelper:
    """A crispy helper without <form> tag and CSRF token (the template owns them)."""
    result = FormHelper()
    result.form_tag = False
    result.disable_csrf = True
    # Fields only: the page shows the general errors once, through _form_errors.html.
    result.template = "beteiligung/_crispy_fields.html"
    layout = list(fields)
    if honeypot:
        # Hidden by the style sheet; people never see it, simple bots fill it in.
        layout.append(Div(HONEYPOT, css_class="lip-hp"))
    result.layout = Layout(*layout)
    return result


class TopicChoiceField(forms.ModelChoiceField):
    """A Themenfeld: an expert group, shown with its topic field name."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "queryset",
            Committee.objects.filter(kind=Committee.Kind.EXPERT_GROUP).order_by("position", "name"),
        )
        super().__init__(**kwargs)

    def label_from_instance(self, obj):
        return obj.topic_field or obj.name


class HoneypotMixin(forms.Form):
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT, "").strip())
