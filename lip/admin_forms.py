"""The back office's model forms: what staff type there is cleaned like every other write.

Services clean what the pages send (lip.text); records the office edits directly in the admin
need the same, so their ModelAdmins and inlines use ``CleanTextAdminForm`` as ``form``.
"""

from django import forms

from .text import strip_control_characters


class CleanTextAdminForm(forms.ModelForm):
    """Strips control and bidi characters from every text value before the model sees it."""

    def clean(self):
        cleaned_data = super().clean()
        for name, value in cleaned_data.items():
            if isinstance(value, str):
                cleaned_data[name] = strip_control_characters(value)
        return cleaned_data
