"""The consultation of a submitted version: one request per body, and the bodies' statements."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gremien.models import Committee


class ConsultationRequest(models.Model):
    """A body is asked about a version by a deadline; OE 50.6 may extend the deadline."""

    class Kind(models.TextChoices):
        # The steering group answers with its decision, not with a statement.
        DECISION = "beschluss", _("decision")
        ASSESSMENT = "einschaetzung", _("assessment")
        BUNDLED_STATEMENT = "buendelung", _("statement bundling the councils' assessments")
        STATEMENT = "stellungnahme", _("statement")

    version = models.ForeignKey(
        "etappen.DraftVersion",
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="consultation_requests",
    )
    committee = models.ForeignKey(
        Committee,
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        related_name="consultation_requests",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    deadline = models.DateField(_("deadline"))
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "committee__position", "committee__name"]
        verbose_name = _("consultation request")
        verbose_name_plural = _("consultation requests")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "committee"], name="one_request_per_body_and_version"
            ),
        ]

    def __str__(self):
        return f"{self.committee} – {self.version}"

    @property
    def expects_statement(self) -> bool:
        return self.kind != self.Kind.DECISION

    def is_overdue(self, today) -> bool:
        return today > self.deadline


class Statement(models.Model):
    """An Einschätzung or Stellungnahme a body filed on a version; kept as filed.

    A filing after the deadline is stored all the same and marked late. The Delegiertenkonferenz's
    statement names the councils' assessments it bundles.
    """

    request = models.OneToOneField(
        ConsultationRequest,
        verbose_name=_("request"),
        on_delete=models.PROTECT,
        related_name="statement",
    )
    text = models.TextField(_("text"))
    filed_at = models.DateTimeField(_("filed at"), default=timezone.now)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_late = models.BooleanField(_("filed after the deadline"), default=False)
    bundles = models.ManyToManyField(
        "self",
        verbose_name=_("bundled assessments"),
        symmetrical=False,
        blank=True,
        related_name="bundled_in",
    )

    class Meta:
        ordering = ["filed_at", "pk"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")

    def __str__(self):
        return str(self.request)
