"""Meetings of the bodies."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .committees import Committee


class Meeting(models.Model):
    """A meeting of a body, e.g. a Klausurtagung of the Internationaler Ausschuss."""

    class Kind(models.TextChoices):
        MEETING = "sitzung", _("Meeting")
        RETREAT = "klausurtagung", _("Retreat (Klausurtagung)")

    class Status(models.TextChoices):
        PLANNED = "geplant", _("planned")
        HELD = "stattgefunden", _("held")
        CANCELLED = "abgesagt", _("cancelled")

    committee = models.ForeignKey(
        Committee, verbose_name=_("body"), on_delete=models.PROTECT, related_name="meetings"
    )
    participants = models.ManyToManyField(
        Committee,
        verbose_name=_("participating bodies"),
        blank=True,
        related_name="joint_meetings",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.MEETING)
    title = models.CharField(_("title"), max_length=200)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    is_public = models.BooleanField(_("public"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PLANNED)
    notes = models.TextField(_("notes"), blank=True)
    # The iCalendar SEQUENCE of the invitations the members got: 0 when planned, raised by every
    # move and by the cancellation, so calendar programs replace the entry they hold.
    sequence = models.PositiveIntegerField(
        _("version of the invitation"), default=0, editable=False
    )

    history = HistoricalRecords(m2m_fields=[participants])

    class Meta:
        ordering = ["start"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="meeting_ends_after_start",
                violation_error_message=_("The end must not be before the start."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.start:%d.%m.%Y})"

    def get_absolute_url(self):
        # A meeting has no page of its own; the host body's page lists it.
        return self.committee.get_absolute_url() + "#sitzungen"
