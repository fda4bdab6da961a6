"""A file attached to a record of any app (a statement, a meeting); written by services only."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .detection import BY_MIME, FileType


def stored_name(instance: "Attachment", filename: str) -> str:
    """A random path with the extension of the detected type; the person's name never shows.

    Two hex characters as a folder keep directories small.
    """
    token = uuid.uuid4().hex
    return f"anhaenge/{token[:2]}/{token}{BY_MIME[instance.mime_type].extension}"


class AttachmentQuerySet(models.QuerySet):
    def of(self, obj: models.Model) -> "AttachmentQuerySet":
        """The attachments of one record, oldest first."""
        return self.filter(
            owner_type=ContentType.objects.get_for_model(obj), owner_id=obj.pk
        ).order_by("uploaded_at", "pk")


class Attachment(models.Model):
    """One stored file and what is known about it; the owner app decides who sees it
    (lip.attachments.registry)."""

    # The address of the download (/anhang/<uuid>/); not the stored name, which is random too.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    owner_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("owner_type", "owner_id")
    file = models.FileField(_("file"), upload_to=stored_name, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    mime_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    history = HistoricalRecords()
    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        indexes = [models.Index(fields=["owner_type", "owner_id"])]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("attachments:download", kwargs={"uuid": self.uuid})

    @property
    def file_type(self) -> FileType:
        return BY_MIME[self.mime_type]

    @property
    def download_name(self) -> str:
        """The person's file name, with the extension of what the file really is."""
        path = PurePath(self.original_name or "anhang")
        if path.suffix.lower() in self.file_type.suffixes:
            return path.name
        return f"{path.stem or 'anhang'}{self.file_type.extension}"
