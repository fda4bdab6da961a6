"""Drafts (Entwürfe), their working sections and their immutable versions (Fassungen)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gremien.models import Committee, District


class SectionKind(models.TextChoices):
    TEXT = "abschnitt", _("section")
    GOAL = "ziel", _("goal")
    INTERMEDIATE_GOAL = "mittlerziel", _("intermediate goal")
    MEASURE = "massnahme", _("measure")


# Stage 2 is a tree: goal -> intermediate goal -> measure. A kind not listed has no parent.
PARENT_KIND = {
    SectionKind.INTERMEDIATE_GOAL: SectionKind.GOAL,
    SectionKind.MEASURE: SectionKind.INTERMEDIATE_GOAL,
}


class MeasureKind(models.TextChoices):
    ADMINISTRATION = "verwaltung", _("for the administration itself")
    FUNDABLE = "foerderung", _("fundable on application by associations")
    LIGHTHOUSE = "leuchtturm", _("lighthouse project for an external provider")
    RECOMMENDATION = "empfehlung", _("recommendation to another level")


class Draft(models.Model):
    """One expert group's part of a stage's paper, moving through an explicit state machine."""

    class State(models.TextChoices):
        IN_WORK = "in_arbeit", _("in work")
        SUBMITTED = "eingereicht", _("submitted, consultation running")
        REVISION = "zur_ueberarbeitung", _("back for revision")
        ACCEPTED = "angenommen", _("accepted")

    # The only allowed transitions: name -> (states it starts from, state it leads to).
    # Each has exactly one service in etappen/services/ that checks it under a row lock.
    TRANSITIONS = {
        "submit": (frozenset({State.IN_WORK, State.REVISION}), State.SUBMITTED),
        "accept": (frozenset({State.SUBMITTED}), State.ACCEPTED),
        "return_for_revision": (frozenset({State.SUBMITTED}), State.REVISION),
    }
    # The group edits its working sections only while the draft is with them.
    EDITABLE_STATES = frozenset({State.IN_WORK, State.REVISION})

    stage = models.ForeignKey(
        "etappen.Stage", verbose_name=_("stage"), on_delete=models.PROTECT, related_name="drafts"
    )
    committee = models.ForeignKey(
        Committee,
        verbose_name=_("expert group"),
        on_delete=models.PROTECT,
        related_name="drafts",
        limit_choices_to={"kind": Committee.Kind.EXPERT_GROUP},
    )
    state = models.CharField(_("state"), max_length=20, choices=State, default=State.IN_WORK)
    gender_relevant = models.BooleanField(
        _("relevant to gender equality"),
        default=False,
        help_text=_("The equal opportunities officer is consulted on every submitted version."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    state_changed_at = models.DateTimeField(_("state changed at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["stage__number", "committee__position", "committee__name"]
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "committee"],
                name="one_draft_per_group_and_stage",
                violation_error_message=_("This expert group already has a draft in this stage."),
            ),
        ]

    def __str__(self):
        return _("%(group)s, stage %(number)s") % {
            "group": self.committee.name,
            "number": self.stage.number,
        }

    def get_absolute_url(self):
        return reverse("etappen:draft-detail", kwargs={"pk": self.pk})

    @property
    def is_editable(self) -> bool:
        return self.state in self.EDITABLE_STATES

    def allows(self, transition: str) -> bool:
        """Whether the named transition may start from the current state."""
        sources, _target = self.TRANSITIONS[transition]
        return self.state in sources


class SectionContent(models.Model):
    """What a section says; shared by the working copy and the frozen versions."""

    kind = models.CharField(_("kind"), max_length=20, choices=SectionKind, default=SectionKind.TEXT)
    heading = models.CharField(_("heading"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    # Only measures (stage 2) use the following fields.
    target_group = models.CharField(_("target group"), max_length=300, blank=True)
    responsible_unit = models.CharField(_("responsible unit"), max_length=300, blank=True)
    time_frame = models.CharField(_("time frame"), max_length=200, blank=True)
    indicator = models.CharField(_("indicator"), max_length=500, blank=True)
    measure_kind = models.CharField(
        _("kind of measure"), max_length=20, choices=MeasureKind, blank=True
    )

    class Meta:
        abstract = True

    @property
    def is_measure(self) -> bool:
        return self.kind == SectionKind.MEASURE

    @property
    def level(self) -> int:
        """Depth in the stage-2 tree, for indentation and heading levels."""
        return {SectionKind.INTERMEDIATE_GOAL: 1, SectionKind.MEASURE: 2}.get(self.kind, 0)


class DraftSection(SectionContent):
    """A section of the working copy the group edits; its key stays the same in every version.

    ``revision`` counts saves: a save names the revision it started from and is refused if the
    section has moved on meanwhile (optimistic locking, see services.update_section).
    """

    draft = models.ForeignKey(
        Draft, verbose_name=_("draft"), on_delete=models.CASCADE, related_name="sections"
    )
    key = models.UUIDField(_("key"), default=uuid.uuid4, editable=False)
    position = models.PositiveIntegerField(_("position"))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("belongs to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    districts = models.ManyToManyField(
        District, verbose_name=_("districts"), blank=True, related_name="+"
    )
    revision = models.PositiveIntegerField(_("save counter"), default=1)
    updated_at = models.DateTimeField(_("changed at"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["draft", "position", "pk"]
        verbose_name = _("working section")
        verbose_name_plural = _("working sections")
        constraints = [
            models.UniqueConstraint(fields=["draft", "key"], name="unique_section_key_per_draft"),
        ]

    def __str__(self):
        return self.heading


class DraftVersion(models.Model):
    """A Fassung: an immutable, numbered snapshot of a draft, made by submitting it.

    Nothing changes a version's text after it is created: statements, decisions and comments
    refer to the exact text. ``published_at`` is the hook for the Beteiligung issue, which
    publishes versions for public comment; until it is set, no public page shows the version.
    ``closed_at`` is the other hook: once the steering group has decided on the version, or a
    newer version of the draft is submitted, the version takes no input any more (no statements,
    no public comments) and says why (``closed_reason``). Only the deciding and submitting
    services set it (etappen.services._common.close_version).
    """

    class ClosedReason(models.TextChoices):
        ACCEPTED = "angenommen", _("accepted by the steering group")
        RETURNED = "zurueckgegeben", _("sent back for revision by the steering group")
        SUPERSEDED = "abgeloest", _("superseded by a newer version")

    draft = models.ForeignKey(
        Draft, verbose_name=_("draft"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    created_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("accompanying note"), blank=True)
    addressed_requirements = models.ManyToManyField(
        "etappen.Requirement",
        verbose_name=_("requirements taken up"),
        blank=True,
        related_name="addressed_by",
    )
    published_at = models.DateTimeField(
        _("published for comment at"), null=True, blank=True, editable=False
    )
    closed_at = models.DateTimeField(
        _("takes no input since"), null=True, blank=True, editable=False
    )
    closed_reason = models.CharField(
        _("why it takes no input"), max_length=20, choices=ClosedReason, blank=True, editable=False
    )

    class Meta:
        ordering = ["draft", "number"]
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        constraints = [
            models.UniqueConstraint(
                fields=["draft", "number"], name="unique_version_number_per_draft"
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True, closed_reason="")
                | (Q(closed_at__isnull=False) & ~Q(closed_reason="")),
                name="version_closed_with_reason",
            ),
        ]

    def __str__(self):
        return _("%(draft)s, version %(number)s") % {"draft": self.draft, "number": self.number}

    def get_absolute_url(self):
        return reverse("etappen:version-detail", kwargs={"pk": self.pk})

    @property
    def is_public(self) -> bool:
        """Published for comment (by the Beteiligung issue); only then may the public read it."""
        return self.published_at is not None

    @property
    def is_closed(self) -> bool:
        """Decided on or superseded: no statements and no public comments any more."""
        return self.closed_at is not None


class VersionSection(SectionContent):
    """A frozen section of a version; ``key`` matches the working section it was copied from."""

    version = models.ForeignKey(
        DraftVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="sections"
    )
    key = models.UUIDField(_("key"))
    position = models.PositiveIntegerField(_("position"))
    parent_key = models.UUIDField(_("key of the parent section"), null=True, blank=True)
    districts = models.ManyToManyField(
        District, verbose_name=_("districts"), blank=True, related_name="+"
    )

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("section of a version")
        verbose_name_plural = _("sections of versions")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "key"], name="unique_section_key_per_version"
            ),
            models.UniqueConstraint(
                fields=["version", "position"], name="unique_section_position_per_version"
            ),
            models.CheckConstraint(
                condition=Q(parent_key__isnull=True) | ~Q(parent_key=models.F("key")),
                name="version_section_not_own_parent",
            ),
        ]

    def __str__(self):
        return self.heading
