"""The back office's attachments: an inline for every owner model's admin.

    from lip.attachments.admin import AttachmentInline

    class MeetingAdmin(admin.ModelAdmin):
        inlines = [AttachmentInline]

Files are added and removed, never changed; both go through the services (same check of type
and size as on the pages, history with the acting user). The office needs the permissions
``lip.add_attachment`` / ``lip.delete_attachment`` (migration lip/0009) and the right to change
the owner (the admin saves inlines only with the owner's form).
"""

from django import forms
from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.contrib.contenttypes.forms import BaseGenericInlineFormSet
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .forms import AttachmentField
from .models import Attachment
from .services import attach, remove


class AttachmentAdminForm(forms.ModelForm):
    upload = AttachmentField(label=_("New file"), required=False)

    class Meta:
        model = Attachment
        fields = []


class AttachmentFormSet(BaseGenericInlineFormSet):
    # Set per request by AttachmentInline.get_formset.
    acting_user = None

    def save_new(self, form, commit=True):
        return attach(
            obj=self.instance, uploaded_file=form.cleaned_data["upload"], by=self.acting_user
        )

    def delete_existing(self, obj, commit=True):
        if commit:
            remove(attachment=obj, by=self.acting_user)

    def save_existing(self, form, obj, commit=True):
        return obj  # attachments are not edited, only added and removed


class AttachmentInline(GenericTabularInline):
    model = Attachment
    form = AttachmentAdminForm
    formset = AttachmentFormSet
    ct_field = "owner_type"
    ct_fk_field = "owner_id"
    fields = ["download", "kind", "file_size", "uploaded_by", "uploaded_at", "upload"]
    readonly_fields = ["download", "kind", "file_size", "uploaded_by", "uploaded_at"]
    extra = 1
    verbose_name = _("attachment")
    verbose_name_plural = _("attachments")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.acting_user = request.user
        return formset

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("file"))
    def download(self, attachment):
        if not attachment.pk:
            return "–"
        return format_html(
            '<a href="{}">{}</a>', attachment.get_absolute_url(), attachment.original_name
        )

    @admin.display(description=_("type"))
    def kind(self, attachment):
        return attachment.file_type.label if attachment.pk else "–"

    @admin.display(description=_("size"))
    def file_size(self, attachment):
        return filesizeformat(attachment.size) if attachment.pk else "–"
