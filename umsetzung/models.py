"""What becomes of each adopted measure: its status, indicators and the units' reports."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from etappen.models import MeasureKind
from gremien.models import Committee, District, Organization


class Status(models.TextChoices):
    """Where a measure stands; shared by the measure and the status a report proposes."""

    PLANNED = "geplant", _("planned")
    STARTED = "begonnen", _("started")
    DONE = "umgesetzt", _("implemented")
    DELAYED = "verzoegert", _("delayed")
    ABANDONED = "aufgegeben", _("abandoned")


class MeasureQuerySet(models.QuerySet):
    def for_list(self):
        """What the list pages and the yearly report show of a measure, in two queries."""
        return self.select_related("topic", "responsible_unit").prefetch_related("districts")


class Measure(models.Model):
    """A Maßnahme of the adopted catalogue, tracked while it is implemented.

    Made only by ``services.create_measures_from_catalogue`` from the accepted version that the
    council adopted; the source (draft, section key, versions, goal) never changes afterwards.
    Status changes go through an approved status report (or the office in the back office) and
    stay in the history.
    """

    draft = models.ForeignKey(
        "etappen.Draft", verbose_name=_("draft"), on_delete=models.PROTECT, related_name="+"
    )
    section_key = models.UUIDField(_("key of the measure in the catalogue"))
    source_version = models.ForeignKey(
        "etappen.DraftVersion",
        verbose_name=_("adopted version"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    introduced_in = models.ForeignKey(
        "etappen.DraftVersion",
        verbose_name=_("version that introduced it"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    paper = models.ForeignKey(
        "etappen.Paper",
        verbose_name=_("council paper"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    topic = models.ForeignKey(
        Committee,
        verbose_name=_("topic field"),
        on_delete=models.PROTECT,
        related_name="measures",
    )
    goal = models.CharField(_("goal"), max_length=300, blank=True)
    intermediate_goal = models.CharField(_("intermediate goal"), max_length=300, blank=True)
    title = models.CharField(_("measure"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    measure_kind = models.CharField(
        _("kind of measure"), max_length=20, choices=MeasureKind, blank=True
    )
    target_group = models.CharField(_("target group"), max_length=300, blank=True)
    districts = models.ManyToManyField(
        District, verbose_name=_("districts"), blank=True, related_name="+"
    )
    responsible_unit = models.ForeignKey(
        Organization,
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measures",
        help_text=_("The Fachbereich or Dezernat that implements and reports."),
    )
    responsible_unit_text = models.CharField(
        _("responsible unit as written in the catalogue"), max_length=300, blank=True
    )
    partners = models.TextField(_("partners"), blank=True)
    time_frame = models.CharField(_("time frame"), max_length=200, blank=True)
    cost_estimate = models.DecimalField(
        _("cost estimate (euro)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    funding_source = models.CharField(_("funding source"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PLANNED)
    status_reason = models.TextField(
        _("reason"), blank=True, help_text=_("Required when the measure is abandoned.")
    )
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    created_at = models.DateTimeField(_("tracked since"), default=timezone.now)

    objects = MeasureQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["topic__position", "topic__name", "pk"]
        verbose_name = _("tracked measure")
        verbose_name_plural = _("tracked measures")
        constraints = [
            models.UniqueConstraint(
                fields=["draft", "section_key"], name="one_tracked_measure_per_catalogue_measure"
            ),
            models.CheckConstraint(
                condition=~Q(status="aufgegeben") | ~Q(status_reason=""),
                name="abandoned_measure_has_reason",
                violation_error_message=_("An abandoned measure needs a reason."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("umsetzung:measure-detail", kwargs={"pk": self.pk})


class Indicator(models.Model):
    """What shows a measure's effect, with where it started and where it should get."""

    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("indicator"), max_length=500)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    baseline = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "position", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return self.name


class IndicatorValue(models.Model):
    """One measured value of an indicator on a date, entered by the responsible unit."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="values"
    )
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "date"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "date"], name="one_value_per_indicator_and_date"
            ),
        ]

    def __str__(self):
        return f"{self.indicator}: {self.value} ({self.date:%d.%m.%Y})"


class StatusReportQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(state=StatusReport.State.APPROVED)


class StatusReport(models.Model):
    """A dated report of the responsible unit on its measure; public only once OE 50.6 approved
    it. Approval applies the status it proposes to the measure."""

    class State(models.TextChoices):
        DRAFT = "entwurf", _("draft")
        SUBMITTED = "eingereicht", _("submitted")
        APPROVED = "freigegeben", _("approved")
        RETURNED = "zurueckgegeben", _("returned")

    # The unit edits its report only in these states; at most one such report per measure.
    OPEN_STATES = frozenset({State.DRAFT, State.SUBMITTED, State.RETURNED})
    EDITABLE_STATES = frozenset({State.DRAFT, State.RETURNED})

    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.PROTECT, related_name="reports"
    )
    reported_on = models.DateField(_("as of"))
    text = models.TextField(_("report"))
    proposed_status = models.CharField(_("status proposed"), max_length=20, choices=Status)
    proposed_reason = models.TextField(
        _("reason for the status"),
        blank=True,
        help_text=_("Required for an abandoned measure; helpful for a delayed one."),
    )
    state = models.CharField(_("state"), max_length=20, choices=State, default=State.DRAFT)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        Organization,
        verbose_name=_("reporting unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("approved or returned at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved or returned by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    return_note = models.TextField(_("why it was returned"), blank=True)

    objects = StatusReportQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "-reported_on", "-pk"]
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")
        constraints = [
            models.UniqueConstraint(
                fields=["measure"],
                condition=Q(state__in=["entwurf", "eingereicht", "zurueckgegeben"]),
                name="one_open_report_per_measure",
                violation_error_message=_("This measure already has a report in progress."),
            ),
            models.CheckConstraint(
                condition=~Q(proposed_status="aufgegeben") | ~Q(proposed_reason=""),
                name="report_abandoning_has_reason",
                violation_error_message=_("Abandoning a measure needs a reason."),
            ),
            models.CheckConstraint(
                condition=~Q(state="zurueckgegeben") | ~Q(return_note=""),
                name="returned_report_has_note",
            ),
            models.CheckConstraint(
                condition=~Q(state="freigegeben") | Q(decided_at__isnull=False),
                name="approved_report_has_date",
            ),
            models.CheckConstraint(condition=~Q(text=""), name="report_has_text"),
        ]

    def __str__(self):
        return _("Report of %(date)s on %(measure)s") % {
            "date": self.reported_on.strftime("%d.%m.%Y"),
            "measure": self.measure,
        }

    @property
    def is_editable(self) -> bool:
        return self.state in self.EDITABLE_STATES


class AnnualReport(models.Model):
    """The yearly report to the Internationaler Ausschuss. The units report by ``due_on``;
    once OE 50.6 issues it, ``snapshot`` keeps each measure's status, so that the next report
    can say what changed since."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    due_on = models.DateField(
        _("reports due on"), help_text=_("The responsible units are reminded before this date.")
    )
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    snapshot = models.JSONField(_("status of each measure when issued"), default=dict, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(issued_at__isnull=True) | Q(issued_by__isnull=False),
                name="issued_annual_report_has_issuer",
            ),
        ]

    def __str__(self):
        return _("Annual report %(year)s") % {"year": self.year}

    def get_absolute_url(self):
        return reverse("umsetzung:annual-report", kwargs={"year": self.year})

    @property
    def is_issued(self) -> bool:
        return self.issued_at is not None
