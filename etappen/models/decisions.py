"""The steering group's decisions on versions, their Vorgaben and outcomes per measure."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Decision(models.Model):
    """The Lenkungsgruppe's Beschluss on one version, recorded by OE 50.6; kept as recorded."""

    class Outcome(models.TextChoices):
        ACCEPTED = "angenommen", _("accepted")
        REVISION = "zur_ueberarbeitung", _("back for revision")

    class Procedure(models.TextChoices):
        # "" only on decisions recorded before the procedure was asked for.
        NOT_RECORDED = "", _("not recorded")
        MEETING = "sitzung", _("in a meeting")
        CIRCULATION = "umlaufverfahren", _("by circulation (Umlaufverfahren)")

    version = models.OneToOneField(
        "etappen.DraftVersion",
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="decision",
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome)
    decided_on = models.DateField(_("decided on"))
    procedure = models.CharField(
        _("procedure"), max_length=20, choices=Procedure, blank=True, default=""
    )
    meeting = models.ForeignKey(
        "gremien.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    votes_yes = models.PositiveSmallIntegerField(_("votes in favour"), null=True, blank=True)
    votes_no = models.PositiveSmallIntegerField(_("votes against"), null=True, blank=True)
    votes_abstain = models.PositiveSmallIntegerField(_("abstentions"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    # Filled only when statements were still pending: why the steering group decided anyway.
    pending_override_reason = models.TextField(
        _("reason for deciding while statements were pending"), blank=True
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["decided_on", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    votes_yes__isnull=True, votes_no__isnull=True, votes_abstain__isnull=True
                )
                | Q(votes_yes__isnull=False, votes_no__isnull=False, votes_abstain__isnull=False),
                name="decision_votes_all_or_none",
                violation_error_message=_("Enter all three vote counts or none."),
            ),
            models.CheckConstraint(
                condition=Q(procedure="sitzung", meeting__isnull=False)
                | (~Q(procedure="sitzung") & Q(meeting__isnull=True)),
                name="decision_meeting_only_in_a_meeting",
                violation_error_message=_("A decision taken in a meeting names the meeting."),
            ),
        ]

    def __str__(self):
        return f"{self.get_outcome_display()} – {self.version}"

    @property
    def has_votes(self) -> bool:
        return self.votes_yes is not None


class RequirementQuerySet(models.QuerySet):
    def open(self):
        """Requirements no later version has taken up and no acceptance closed as fulfilled."""
        return self.filter(addressed_by__isnull=True).exclude(
            settlement=Requirement.Settlement.FULFILLED
        )

    def open_for(self, draft):
        """The open requirements a draft deals with: its own, and those its expert group
        carried over from its drafts of earlier stages when they were accepted."""
        return self.open().filter(
            Q(decision__version__draft=draft)
            | Q(
                settlement=Requirement.Settlement.CARRIED,
                decision__version__draft__committee_id=draft.committee_id,
                decision__version__draft__stage__number__lt=draft.stage.number,
            )
        )


class Requirement(models.Model):
    """A Vorgabe of a decision; a later version of the draft states that it takes it up.

    Accepting a draft settles each of its open requirements: closed as fulfilled, or carried
    (it stays open and goes with the expert group to its draft of the next stage, where a
    version can take it up; after the last stage it stays open on record).
    """

    class Settlement(models.TextChoices):
        FULFILLED = "erledigt", _("closed as fulfilled")
        CARRIED = "uebernommen", _("carried into the next stage (stays open)")

    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        related_name="requirements",
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.TextField(_("text"))
    settlement = models.CharField(
        _("settled on acceptance"), max_length=20, choices=Settlement, blank=True
    )
    settled_by = models.ForeignKey(
        Decision,
        verbose_name=_("settled by the decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="settled_requirements",
    )

    objects = RequirementQuerySet.as_manager()

    class Meta:
        ordering = ["decision", "position"]
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "position"], name="unique_requirement_position"
            ),
            models.CheckConstraint(
                condition=Q(settlement="", settled_by__isnull=True)
                | (~Q(settlement="") & Q(settled_by__isnull=False)),
                name="requirement_settled_by_a_decision",
            ),
        ]

    def __str__(self):
        return self.text[:80]


class MeasureOutcome(models.Model):
    """Stage 2: what the decision says about one measure (by its section key)."""

    class Outcome(models.TextChoices):
        APPROVED = "zugestimmt", _("approved")
        APPROVED_WITH_CHANGES = "mit_aenderungen", _("approved with changes")
        DEFERRED = "zurueckgestellt", _("deferred")
        DELETED = "gestrichen", _("deleted")
        RECOMMENDATION = "empfehlung", _("turned into a recommendation")

    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        related_name="measure_outcomes",
    )
    section_key = models.UUIDField(_("key of the measure"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["decision", "pk"]
        verbose_name = _("outcome for a measure")
        verbose_name_plural = _("outcomes for measures")
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "section_key"], name="one_outcome_per_measure_and_decision"
            ),
        ]

    def __str__(self):
        return self.get_outcome_display()
