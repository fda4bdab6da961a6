"""Bodies (Gremien), organisations, persons, seats and memberships of the LIP process."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class District(models.Model):
    """A Stadtbezirk of Hannover (13, numbered 01-13)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name = models.CharField(_("name"), max_length=100)

    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self):
        return f"{self.number:02d} {self.name}"


class Organization(models.Model):
    """A Dezernat, Fachbereich, Bereich, umbrella organisation, MSO, association or university."""

    class Kind(models.TextChoices):
        DEPARTMENT = "dezernat", _("Department (Dezernat)")
        DIVISION = "fachbereich", _("Division (Fachbereich)")
        UNIT = "bereich", _("Unit (Bereich)")
        UMBRELLA = "dachorganisation", _("Umbrella organisation")
        MIGRANT_ORGANIZATION = "mso", _("Migrant organisation (MSO)")
        ASSOCIATION = "verein", _("Association or initiative")
        UNIVERSITY = "hochschule", _("University")
        PUBLIC_BODY = "koerperschaft", _("Public body or institution")

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("belongs to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.short_name or self.name


class Person(models.Model):
    """A person who sits or may sit in a body; demographic data only with recorded consent."""

    class Gender(models.TextChoices):
        FEMALE = "weiblich", _("female")
        MALE = "maennlich", _("male")
        DIVERSE = "divers", _("diverse")

    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="persons",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    listed_publicly = models.BooleanField(
        _("agrees to be listed by name"),
        default=False,
        help_text=_("Without this consent the public pages show 'N. N. (organisation)'."),
    )
    gender = models.CharField(
        _("gender (self-declared)"), max_length=20, choices=Gender, blank=True
    )
    international_history = models.BooleanField(
        _("international history (self-declared)"), null=True, blank=True
    )
    demographics_consent_at = models.DateTimeField(
        _("consent to store gender and international history given at"), null=True, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        constraints = [
            models.CheckConstraint(
                condition=Q(demographics_consent_at__isnull=False)
                | (Q(gender="") & Q(international_history__isnull=True)),
                name="person_demographics_need_consent",
                violation_error_message=_(
                    "Gender and international history may only be stored with consent."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.given_name} {self.family_name}"

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


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


class MembershipQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None):
        """Memberships that run on the given day (default: today); end_date is the last day."""
        on = on or timezone.localdate()
        return self.filter(start_date__lte=on).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=on)
        )


class Membership(models.Model):
    """A person in a body, for a time; a replacement ends one membership and starts another.

    The seat a membership fills follows from its role and sending organisation (see staffing.py).
    """

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("person")
    )
    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("committee"),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role, default=Role.MEMBER)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("sending organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sent_memberships",
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until (last day)"), null=True, blank=True)
    has_vote = models.BooleanField(_("voting right"), default=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaced_by",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "start_date", "pk"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_ends_after_start",
                violation_error_message=_("The end must not be before the start."),
            ),
            models.UniqueConstraint(
                fields=["person", "committee"],
                condition=Q(end_date__isnull=True),
                name="one_open_membership_per_person_and_committee",
                violation_error_message=_("This person is already a member of this body."),
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.committee}"


class Nomination(models.Model):
    """An Initiativvorschlag: an organisation proposes a person for an expert group."""

    class Status(models.TextChoices):
        PROPOSED = "eingegangen", _("received")
        ACCEPTED = "uebernommen", _("taken over")
        DECLINED = "abgelehnt", _("declined")

    committee = models.ForeignKey(
        Committee,
        verbose_name=_("expert group"),
        on_delete=models.PROTECT,
        related_name="nominations",
        limit_choices_to={"kind": Committee.Kind.EXPERT_GROUP},
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("proposing organisation (known)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
    )
    organization_name = models.CharField(_("proposing organisation"), max_length=200)
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact email"))
    given_name = models.CharField(_("given name of the proposed person"), max_length=100)
    family_name = models.CharField(_("family name of the proposed person"), max_length=100)
    email = models.EmailField(_("email of the proposed person"), blank=True)
    expertise = models.TextField(_("expertise"), max_length=3000)
    consent_at = models.DateTimeField(_("consent given at"))
    consent_text = models.CharField(_("consent text"), max_length=500)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PROPOSED)
    created_at = models.DateTimeField(_("received at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_note = models.CharField(_("reason"), max_length=500, blank=True)
    membership = models.OneToOneField(
        Membership,
        verbose_name=_("resulting membership"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="nomination",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("initiative proposal")
        verbose_name_plural = _("initiative proposals")

    def __str__(self):
        return f"{self.given_name} {self.family_name} ({self.organization_name})"


class ScopeChange(models.Model):
    """A change of an expert group's Themenzuschnitt: proposed, agreed, then applied."""

    class Status(models.TextChoices):
        PROPOSED = "vorgeschlagen", _("proposed")
        AGREED = "abgestimmt", _("agreed with the steering group")
        APPLIED = "umgesetzt", _("applied")
        REJECTED = "abgelehnt", _("rejected")

    committee = models.ForeignKey(
        Committee,
        verbose_name=_("expert group"),
        on_delete=models.PROTECT,
        related_name="scope_changes",
    )
    old_name = models.CharField(_("previous name"), max_length=200)
    old_subtopics = models.TextField(_("previous subtopics"), blank=True)
    new_name = models.CharField(_("new name"), max_length=200)
    new_subtopics = models.TextField(
        _("new subtopics"), blank=True, help_text=_("One subtopic per line.")
    )
    reason = models.TextField(_("reason"), max_length=3000)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    agreed_at = models.DateTimeField(_("agreed at"), null=True, blank=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-proposed_at"]
        verbose_name = _("change of topic scope")
        verbose_name_plural = _("changes of topic scope")
        constraints = [
            models.UniqueConstraint(
                fields=["committee"],
                condition=Q(status__in=["vorgeschlagen", "abgestimmt"]),
                name="one_pending_scope_change_per_committee",
                violation_error_message=_("A change of this group's scope is already pending."),
            ),
        ]

    def __str__(self):
        return f"{self.old_name} → {self.new_name}"

    @property
    def new_subtopic_list(self) -> list[str]:
        return [line.strip() for line in self.new_subtopics.splitlines() if line.strip()]


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
