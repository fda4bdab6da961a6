"""Forms of the consultation: a body's text, and a longer deadline (OE 50.6)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lip.attachments.forms import AttachmentField

from ._helpers import date_input, form_helper


class StatementForm(forms.Form):
    text = forms.CharField(
        label=_("Text"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={"required": _("Please enter the text.")},
    )
    # E.g. the signed letter; kept with the draft and filed with the text (one per sending).
    attachment = AttachmentField(label=_("Attach a file (optional)"), required=False)

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["text"].label = label
        self.helper = form_helper()


class DeadlineForm(forms.Form):
    deadline = forms.DateField(
        label=_("New deadline"),
        widget=date_input(),
        error_messages={"required": _("Please enter the new deadline.")},
    )
    reason = forms.CharField(label=_("Reason"), max_length=100, required=False)
