"""The bodies (Gremien), their subtopics and the seats their staffing scheme asks for."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .organizations import District, Organization


class Committee(models.Model):
    """A body (Gremium) of the process; adding one is data, not code."""

    class Kind(models.TextChoices):
        STEERING_GROUP = "lenkungsgruppe", _("Steering group")
        EXPERT_GROUP = "expertengruppe", _("Expert group")
        INTEGRATION_COUNCIL = "integrationsbeirat", _("Integration council")
        DELEGATES_CONFERENCE = "delegiertenkonferenz", _("Delegates' conference")
        ROUND_TABLE = "runder_tisch", _("Round table")
        EQUALITY_OFFICER = "gleichstellung", _("Equal opportunities officer")
        COMMITTEE = "ausschuss", _("Council committee")
        COUNCIL = "rat", _("City council")
        OTHER = "sonstiges", _("Other body")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    task = models.TextField(_("task"), blank=True)
    topic_field = models.CharField(
        _("topic field"), max_length=200, blank=True, help_text=_("For expert groups.")
    )
    lead_departments = models.ManyToManyField(
        Organization,
        verbose_name=_("lead departments"),
        blank=True,
        related_name="led_committees",
        limit_choices_to={"kind": Organization.Kind.DEPARTMENT},
    )
    reports_to = models.ForeignKey(
        "self",
        verbose_name=_("reports to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reporting_committees",
        help_text=_("Expert groups report to the steering group, councils to their conference."),
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="committees",
    )
    internal_staffing_allowed = models.BooleanField(
        _("may be staffed purely internally"), default=False
    )
    parity_target = models.BooleanField(_("target: gender parity"), default=False)
    international_history_target = models.PositiveSmallIntegerField(
        _("target: share with international history (percent)"), null=True, blank=True
    )

    history = HistoricalRecords(m2m_fields=[lead_departments])

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("committee")
        verbose_name_plural = _("committees")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("gremien:committee-detail", kwargs={"slug": self.slug})


class Subtopic(models.Model):
    """An Unterthema of an expert group."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="subtopics", verbose_name=_("committee")
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "position", "name"]
        verbose_name = _("subtopic")
        verbose_name_plural = _("subtopics")
        constraints = [
            models.UniqueConstraint(fields=["committee", "name"], name="unique_subtopic_name"),
        ]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    """The role a person holds in a body; seat rules and memberships share it."""

    CHAIR = "vorsitz", _("Chair")
    DIVISION_HEAD = "fachbereichsleitung", _("Head of division")
    DELEGATE = "delegiert", _("Delegate of the delegates' conference")
    UMBRELLA_REPRESENTATIVE = "dachorganisation", _("Representative of an umbrella organisation")
    ELECTED_MSO = "mso_gewaehlt", _("Elected representative of migrant organisations")
    INTERNAL_EXPERT = "intern", _("Internal expert")
    EXTERNAL_EXPERT = "extern", _("External expert")
    MANAGEMENT = "geschaeftsfuehrung", _("Management (50.6)")
    ADVISORY = "fachberatung", _("Advisory service Integration (50.6)")
    SCIENTIFIC = "wissenschaft", _("Scientific support")
    MEMBER = "mitglied", _("Member")


class SeatRule(models.Model):
    """What a body must contain: a role, optionally from a named organisation, min to max seats."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="seat_rules", verbose_name=_("committee")
    )
    role = models.CharField(_("role"), max_length=30, choices=Role)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("named organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seat_rules",
    )
    label = models.CharField(_("label"), max_length=200, blank=True)
    min_count = models.PositiveSmallIntegerField(_("at least"), default=1)
    max_count = models.PositiveSmallIntegerField(_("at most"), default=1)
    has_vote = models.BooleanField(_("voting right"), default=True)
    shares_vote_with = models.ForeignKey(
        "self",
        verbose_name=_("shares one vote with"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="vote_sharers",
        help_text=_("The seat votes only together with this seat and deputises for it."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "position", "pk"]
        verbose_name = _("seat rule")
        verbose_name_plural = _("seat rules")
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "role", "organization"],
                name="unique_seat_rule",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=Q(min_count__lte=models.F("max_count")),
                name="seat_rule_min_not_above_max",
                violation_error_message=_("The minimum must not exceed the maximum."),
            ),
        ]

    def __str__(self):
        return self.display_label

    @property
    def display_label(self) -> str:
        if self.label:
            return self.label
        if self.organization_id:
            return str(self.organization)
        return str(self.get_role_display())
