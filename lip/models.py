"""The process event log: one row per workflow step, written by the services (never by signals)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ProcessEventQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)


class ProcessEvent(models.Model):
    """A step of the process: who did what to which record, and whether the public may see it."""

    kind = models.CharField(_("kind"), max_length=60, db_index=True)
    occurred_at = models.DateTimeField(_("occurred at"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    summary = models.CharField(_("summary"), max_length=300)
    url = models.CharField(_("link"), max_length=300, blank=True)
    is_public = models.BooleanField(_("public"), default=False)
    data = models.JSONField(_("details"), default=dict, blank=True)

    objects = ProcessEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name = _("process event")
        verbose_name_plural = _("process events")
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self):
        return self.summary


class DigestReceipt(models.Model):
    """Up to which event a member of the Ausschuss has received the digest email."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="digest_receipt",
    )
    last_event_id = models.PositiveBigIntegerField(_("last event sent"), default=0)
    sent_at = models.DateTimeField(_("last sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("digest receipt")
        verbose_name_plural = _("digest receipts")

    def __str__(self):
        return str(self.user)
