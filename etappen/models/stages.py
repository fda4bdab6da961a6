"""The two stages (Etappen) of the process and their plans."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Stage(models.Model):
    """Etappe 1 (Grundlagenpapier) or 2 (Ziel- und Maßnahmenkatalog) with plan and actual dates.

    Plans change (the real process slipped by a year); change them only through
    ``etappen.services.change_stage_plan`` so that every change keeps its reason in the history.
    """

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    structured = models.BooleanField(
        _("catalogue of goals and measures"),
        default=False,
        help_text=_("Sections are goals, intermediate goals and measures (stage 2)."),
    )
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    planned_council = models.DateField(
        _("planned submission to the council"), null=True, blank=True
    )
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gte=models.F("planned_start")),
                name="stage_planned_end_after_start",
                violation_error_message=_("The planned end must not be before the planned start."),
            ),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True)
                | Q(actual_start__isnull=False, actual_end__gte=models.F("actual_start")),
                name="stage_actual_end_after_start",
                violation_error_message=_("The actual end needs an actual start before it."),
            ),
        ]

    def __str__(self):
        return _("Stage %(number)s: %(name)s") % {"number": self.number, "name": self.name}

    def get_absolute_url(self):
        return reverse("etappen:stage-detail", kwargs={"number": self.number})
