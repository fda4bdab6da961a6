"""The Abwägung: the expert group's answer to a comment, Vorschlag or Anliegen."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gremien.models import Committee


class Consideration(models.Model):
    """How one contribution or concern was considered, and why; public once given.

    It may point to the section of a later version that takes the contribution up. The group may
    revise its answer; the history keeps every earlier wording.
    """

    class Outcome(models.TextChoices):
        CONSIDERED = "beruecksichtigt", _("taken into account")
        PARTLY_CONSIDERED = "teilweise", _("partly taken into account")
        NOT_CONSIDERED = "nicht_beruecksichtigt", _("not taken into account")
        NOTED = "zur_kenntnis", _("noted")

    contribution = models.OneToOneField(
        "beteiligung.Contribution",
        verbose_name=_("contribution"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consideration",
    )
    concern = models.OneToOneField(
        "beteiligung.Concern",
        verbose_name=_("concern"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consideration",
    )
    committee = models.ForeignKey(
        Committee,
        verbose_name=_("expert group"),
        on_delete=models.PROTECT,
        related_name="considerations",
    )
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome)
    reason = models.TextField(_("reason"), max_length=3000)
    # Optional: the reason also in the language the contribution names (text_language); the
    # German reason stays the one that counts.
    reason_in_language = models.TextField(
        _("reason in the language of the contribution"), max_length=3000, blank=True
    )
    later_section = models.ForeignKey(
        "etappen.VersionSection",
        verbose_name=_("taken up in section"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["answered_at", "pk"]
        verbose_name = _("consideration")
        verbose_name_plural = _("considerations")
        constraints = [
            models.CheckConstraint(
                condition=Q(contribution__isnull=False, concern__isnull=True)
                | Q(contribution__isnull=True, concern__isnull=False),
                name="consideration_answers_exactly_one",
            ),
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="consideration_has_reason",
                violation_error_message=_("Please give a reason."),
            ),
        ]

    def __str__(self):
        return self.get_outcome_display()
