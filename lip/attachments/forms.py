"""The upload field of every form that takes an attachment: the same check as the service."""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from .detection import accept_attribute, check_upload, size_limit_text, type_list


def help_text() -> str:
    """What the page must tell before the upload: the allowed types and the size limit."""
    return _("Allowed: %(types)s, at most %(size)s MB. The type is checked by the content.") % {
        "types": type_list(),
        "size": size_limit_text(),
    }


class AttachmentField(forms.FileField):
    """A file input that accepts only what ``attach`` stores (checked from the bytes).

    ``cleaned_data`` holds the upload (or None when left empty); hand it to the owner's service,
    which calls ``lip.attachments.services.attach``.
    """

    widget = forms.FileInput  # nothing to clear: a stored file is removed on its own

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", lazy(help_text, str)())
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", accept_attribute())

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        if uploaded:
            check_upload(uploaded)
        return uploaded
