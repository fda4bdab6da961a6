"""The consultation of a submitted version: one request per body, and the bodies' statements."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gremien.models import Committee


class ConsultationRequestQuerySet(models.QuerySet):
    def expecting_statement(self):
        """Requests answered by a text (the steering group answers with its decision)."""
        return self.exclude(kind=ConsultationRequest.Kind.DECISION)

    def running(self):
        """Requests on versions that still take input (filed or not)."""
        return self.filter(version__closed_at__isnull=True)

    def pending(self):
        """Statements still owed: nothing filed, and the version still takes input.

        A request on a decided or superseded version is moot, never a task. The statement is
        joined (always empty here), so ``status()`` and ``is_overdue()`` need no query per row.
        """
        return (
            self.expecting_statement()
            .running()
            .filter(statement__isnull=True)
            .select_related("statement")
        )

    def overdue(self, today: datetime.date):
        """Pending requests whose deadline has passed (the deadline day itself is in time)."""
        return self.pending().filter(deadline__lt=today)

    def moot(self):
        """Requests left without a text when their version was decided or superseded."""
        return self.expecting_statement().filter(
            statement__isnull=True, version__closed_at__isnull=False
        )


class ConsultationRequest(models.Model):
    """A body is asked about a version by a deadline; OE 50.6 may extend the deadline.

    Where a request stands (``status``) follows from its statement and its version: once the
    version is closed (decided or superseded), a request without a text is moot (gegenstandslos).
    """

    class Kind(models.TextChoices):
        # The steering group answers with its decision, not with a statement.
        DECISION = "beschluss", _("decision")
        ASSESSMENT = "einschaetzung", _("assessment")
        BUNDLED_STATEMENT = "buendelung", _("statement bundling the councils' assessments")
        STATEMENT = "stellungnahme", _("statement")

    class Status(models.TextChoices):
        RECEIVED = "eingegangen", _("received")
        LATE = "verspaetet", _("received late")
        PENDING = "ausstehend", _("pending")
        OVERDUE = "ueberfaellig", _("overdue")
        MOOT = "gegenstandslos", _("moot")

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

    objects = ConsultationRequestQuerySet.as_manager()
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

    def deadline_passed(self, today: datetime.date) -> bool:
        """The deadline day is in time; a text filed later is marked late."""
        return today > self.deadline

    def status(self, today: datetime.date) -> "ConsultationRequest.Status":
        """Received (in time or late), pending, overdue or moot.

        Load ``statement`` and ``version`` with the request (select_related or prefetch), so
        that asking costs no query.
        """
        statement = getattr(self, "statement", None)
        if statement is not None:
            return self.Status.LATE if statement.is_late else self.Status.RECEIVED
        if self.version.closed_at is not None:
            return self.Status.MOOT
        if self.deadline_passed(today):
            return self.Status.OVERDUE
        return self.Status.PENDING

    def is_overdue(self, today: datetime.date) -> bool:
        """Past the deadline and still owed; a moot request is never overdue."""
        return self.expects_statement and self.status(today) == self.Status.OVERDUE


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


class StatementDraft(models.Model):
    """A body's text in the making, saved before it is filed; one per request.

    Only the body's members and OE 50.6 see it (etappen.permissions.can_file_statement). Filing
    turns the text into the Statement and deletes the draft; nothing else reads it.
    """

    request = models.OneToOneField(
        ConsultationRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="statement_draft",
    )
    text = models.TextField(_("text"), blank=True)
    updated_at = models.DateTimeField(_("saved at"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("draft of a statement")
        verbose_name_plural = _("drafts of statements")

    def __str__(self):
        return str(self.request)
