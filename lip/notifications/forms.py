from crispy_forms.helper import FormHelper
from django import forms

from .kinds import Kind, Mode, account_kinds


class PreferencesForm(forms.Form):
    """One group of radio buttons per kind: immediately, in the daily digest, or not at all."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in account_kinds():
            # Not required: a kind missing from the POST keeps its setting (no asterisks either).
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                help_text=kind.description,
                choices=Mode.choices,
                widget=forms.RadioSelect,
                required=False,
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def modes(self) -> dict[Kind, Mode]:
        return {Kind(name): Mode(value) for name, value in self.cleaned_data.items() if value}
