"""Forms of umsetzung: they parse and check; the services write."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Status


def date_input() -> forms.DateInput:
    """A native date picker; the value must be ISO so the browser understands it."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _PlainForm(forms.Form):
    """Rendered with {% crispy %} inside the template's own <form> and buttons."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class StatusReportForm(_PlainForm):
    reported_on = forms.DateField(label=_("As of"), widget=date_input())
    text = forms.CharField(
        label=_("Status report"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10000,
        help_text=_("What has been done, what is planned next, what stands in the way."),
    )
    proposed_status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    proposed_reason = forms.CharField(
        label=_("Reason for the status"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=3000,
        help_text=_("Required for an abandoned measure; helpful for a delayed one."),
    )

    def clean_reported_on(self):
        value = self.cleaned_data["reported_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("A report cannot be dated in the future."))
        return value

    def clean(self):
        data = super().clean()
        if (
            data.get("proposed_status") == Status.ABANDONED
            and not data.get("proposed_reason", "").strip()
        ):
            self.add_error(
                "proposed_reason", _("Please give the reason why the measure is abandoned.")
            )
        return data


class IndicatorValueForm(_PlainForm):
    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=None, empty_label=None)
    date = forms.DateField(label=_("Date"), widget=date_input())
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2, localize=True)

    def __init__(self, *args, measure, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = measure.indicators.all()

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("A value cannot be dated in the future."))
        return value


class ReturnForm(_PlainForm):
    note = forms.CharField(
        label=_("What should the unit change?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
    )
