"""What the etappen forms share: the date picker and the crispy helper without form tag."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms


def date_input() -> forms.DateInput:
    """A native date picker; the value must be ISO so the browser understands it."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def form_helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if layout:
        helper.layout = Layout(*layout)
    return helper
