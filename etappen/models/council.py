"""The council side: Drucksachen (OParl Paper) and their Beratungsfolge (OParl Consultation)."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gremien.models import Committee

# Hannover numbers its Drucksachen NNNN/YYYY, e.g. 2472/2019.
PAPER_NUMBER_PATTERN = r"^[0-9]{4}/[0-9]{4}$"
paper_number_validator = RegexValidator(
    PAPER_NUMBER_PATTERN,
    _("Enter the number as four digits, a slash and the year, e.g. 2472/2019."),
)


class Paper(models.Model):
    """A Drucksache; the Verwaltungsentwurf of a stage links the accepted versions it contains."""

    class Kind(models.TextChoices):
        RESOLUTION = "beschlussdrucksache", _("resolution paper (Beschlussdrucksache)")
        INFORMATION = "informationsdrucksache", _("information paper (Informationsdrucksache)")
        MOTION = "antrag", _("motion (Antrag)")

    number = models.CharField(
        _("number"), max_length=9, unique=True, validators=[paper_number_validator]
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    date = models.DateField(_("date"), null=True, blank=True)
    # What the council reads: Antrag, Begründung, Kosten; written by OE 50.6 when compiling.
    text = models.TextField(_("full text"), blank=True)
    stage = models.ForeignKey(
        "etappen.Stage",
        verbose_name=_("administration's draft of stage"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="papers",
        help_text=_("Empty for background papers."),
    )
    versions = models.ManyToManyField(
        "etappen.DraftVersion",
        verbose_name=_("accepted versions"),
        blank=True,
        related_name="papers",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compiled by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "number"]
        verbose_name = _("council paper")
        verbose_name_plural = _("council papers")
        constraints = [
            models.CheckConstraint(
                condition=Q(number__regex=PAPER_NUMBER_PATTERN),
                name="paper_number_format",
                violation_error_message=_(
                    "Enter the number as four digits, a slash and the year, e.g. 2472/2019."
                ),
            ),
            models.UniqueConstraint(fields=["stage"], name="one_council_paper_per_stage"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    def get_absolute_url(self):
        return reverse("etappen:paper-detail", kwargs={"pk": self.pk})


class CouncilConsultation(models.Model):
    """One step of a paper's Beratungsfolge (OParl: Consultation): a body, its role, date, result.

    Named apart from the statement consultation of a draft (ConsultationRequest).
    """

    class Role(models.TextChoices):
        LEAD = "federfuehrend", _("lead committee")
        ADVISORY = "beratend", _("advisory")
        DECIDING = "entscheidend", _("deciding")

    class Result(models.TextChoices):
        ADOPTED = "beschlossen", _("adopted")
        ADOPTED_AMENDED = "geaendert_beschlossen", _("adopted with amendments")
        REJECTED = "abgelehnt", _("rejected")
        POSTPONED = "vertagt", _("postponed")
        NOTED = "zur_kenntnis", _("taken note of")

    paper = models.ForeignKey(
        Paper, verbose_name=_("paper"), on_delete=models.CASCADE, related_name="consultations"
    )
    committee = models.ForeignKey(
        Committee,
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        related_name="council_consultations",
    )
    position = models.PositiveSmallIntegerField(_("position"))
    role = models.CharField(_("role"), max_length=20, choices=Role)
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=30, choices=Result, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["paper", "position"]
        verbose_name = _("step of the council procedure")
        verbose_name_plural = _("steps of the council procedure")
        constraints = [
            models.UniqueConstraint(
                fields=["paper", "committee"], name="one_council_step_per_body_and_paper"
            ),
            models.UniqueConstraint(
                fields=["paper", "position"], name="unique_council_step_position"
            ),
            models.CheckConstraint(
                condition=Q(result="") | Q(meeting_date__isnull=False),
                name="council_result_needs_date",
                violation_error_message=_("A result needs the date of the meeting."),
            ),
        ]

    def __str__(self):
        return f"{self.paper.number} – {self.committee}"
