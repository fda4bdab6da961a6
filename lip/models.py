"""The kernel's records: the process event log (one row per workflow step, written by the services,
never by signals), rate limits, and the notification outbox with its settings (lip/notifications).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


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


class RateLimitCounter(models.Model):
    """Attempts counted by one rate limit in one time window (see lip/ratelimit.py).

    ``key`` is a salted hash of what is counted (network, email address), never the value itself.
    Rows are written only by the atomic upsert in ``lip.ratelimit.count_attempt``.
    """

    scope = models.CharField(_("limit"), max_length=40)
    key = models.CharField(_("hashed key"), max_length=64)
    period_index = models.BigIntegerField(_("time window"))
    hits = models.PositiveIntegerField(_("attempts"), default=0)
    expires_at = models.BigIntegerField(_("expires (Unix time)"), db_index=True)

    class Meta:
        verbose_name = _("rate limit counter")
        verbose_name_plural = _("rate limit counters")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "key", "period_index"], name="one_counter_per_window"
            )
        ]

    def __str__(self):
        return f"{self.scope}: {self.hits}"


def notification_kinds():
    """The kinds of notification, read when needed.

    A callable keeps lip/notifications/kinds.py (which imports this module) out of an import
    cycle, and adding a kind needs no migration.
    """
    from lip.notifications.kinds import Kind

    return Kind.choices


class NotificationMode(models.TextChoices):
    """How a person receives one kind of notification."""

    IMMEDIATE = "immediate", _("immediately")
    DIGEST = "digest", _("in the daily digest")
    OFF = "off", _("not at all")


class NotificationQuerySet(models.QuerySet):
    def due(self, now, *, mode: str = NotificationMode.IMMEDIATE):
        """Waiting rows of one delivery mode whose (next) attempt is due."""
        return self.filter(status=Notification.Status.PENDING, mode=mode, next_attempt_at__lte=now)


class Notification(models.Model):
    """One email to one address for one cause: the outbox of lip/notifications.

    Written with the change that causes it, in the same transaction; the subject and both bodies
    are rendered then, so delivery only sends. (email, kind, cause) is unique: a retried request
    adds nothing.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        CANCELLED = "cancelled", _("unsubscribed")

    email = models.EmailField(_("recipient"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=40, choices=notification_kinds)
    cause = models.CharField(_("cause"), max_length=200)
    mode = models.CharField(
        _("delivery"), max_length=10, choices=NotificationMode, default=NotificationMode.IMMEDIATE
    )
    language = models.CharField(_("language"), max_length=10, default="de")
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"))
    link = models.URLField(_("link"), max_length=500, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    ics = models.TextField(_("calendar file"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["email", "kind", "cause"], name="one_notification_per_cause"
            )
        ]
        indexes = [
            models.Index(fields=["status", "mode", "next_attempt_at"], name="notification_due")
        ]

    def __str__(self):
        return f"{self.email}: {self.subject}"


class NotificationPreference(models.Model):
    """How one account wants one kind of notification; no row means the kind's default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=40, choices=notification_kinds)
    mode = models.CharField(_("delivery"), max_length=10, choices=NotificationMode)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("notification setting")
        verbose_name_plural = _("notification settings")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self):
        return f"{self.user}: {self.get_kind_display()} – {self.get_mode_display()}"


class EmailOptOut(models.Model):
    """An address that unsubscribed from one kind (by the link in a mail, without an account)."""

    email = models.EmailField(_("email address"))
    kind = models.CharField(_("kind"), max_length=40, choices=notification_kinds)
    created_at = models.DateTimeField(_("unsubscribed at"), default=timezone.now)

    class Meta:
        verbose_name = _("unsubscription")
        verbose_name_plural = _("unsubscriptions")
        constraints = [
            models.UniqueConstraint(fields=["email", "kind"], name="one_opt_out_per_kind")
        ]

    def __str__(self):
        return f"{self.email}: {self.get_kind_display()}"


# Attachments live in their own module (lip/attachments); imported here so Django registers them.
from .attachments.models import Attachment  # noqa: E402, F401
