"""The MSO election: register, candidacies, voting rounds, codes, ballots, paper counts, lots.

The rules these models serve are written in docs/wahlordnung.md; services.py applies them.

Secrecy: the fact that an organisation voted (``Participation``) and its choice (``Ballot``) live in
two tables that share nothing but the round: both have random UUID keys, neither has a timestamp,
neither points at the other or at the code. Neither has a history table either, because a history
row carries the time of the write and would tell the order of the votes.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gremien.models import Committee, Organization, Person


def new_code_salt() -> str:
    """A per-election salt for the code hashes (used as part of the HMAC key)."""
    return secrets.token_hex(16)


class Election(models.Model):
    """One election of the MSO representatives into a body (the Lenkungsgruppe)."""

    # The Wahlordnung (docs/wahlordnung.md): two seats, four places in the runoff (Stichwahl).
    SEATS = 2
    RUNOFF_PLACES = 4

    class Status(models.TextChoices):
        PREPARATION = "vorbereitung", _("in preparation")
        RUNNING = "laufend", _("voting under way")
        PUBLISHED = "veroeffentlicht", _("result published")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    committee = models.ForeignKey(
        Committee,
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        related_name="elections",
        limit_choices_to={"kind": Committee.Kind.STEERING_GROUP},
    )
    description = models.TextField(_("description"), blank=True)
    nomination_deadline = models.DateTimeField(_("nomination deadline"))
    voting_date = models.DateField(_("election day"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.PREPARATION
    )
    code_salt = models.CharField(_("code salt"), max_length=64, default=new_code_salt)
    register_frozen_at = models.DateTimeField(_("register frozen at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["code_salt"])

    class Meta:
        ordering = ["-nomination_deadline", "pk"]
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="vorbereitung") | Q(register_frozen_at__isnull=False),
                name="election_register_frozen_once_running",
            ),
            models.CheckConstraint(
                condition=~Q(status="veroeffentlicht") | Q(published_at__isnull=False),
                name="election_published_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("wahlen:election-detail", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def register_frozen(self) -> bool:
        return self.register_frozen_at is not None


class EligibleOrganization(models.Model):
    """An MSO on the register of an election (Wählerverzeichnis); frozen once voting opens."""

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.PROTECT, related_name="register"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("migrant organisation"),
        on_delete=models.PROTECT,
        related_name="election_registrations",
        limit_choices_to={"kind": Organization.Kind.MIGRANT_ORGANIZATION},
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["election", "organization__name"]
        verbose_name = _("registered organisation")
        verbose_name_plural = _("register of organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["election", "organization"],
                name="one_registration_per_organization",
                violation_error_message=_("This organisation is already on the register."),
            ),
        ]

    def __str__(self):
        return f"{self.organization} ({self.election})"


class Candidacy(models.Model):
    """A person an MSO nominated; withdrawn candidacies stay in the record."""

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.PROTECT, related_name="candidacies"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("nominating organisation"),
        on_delete=models.PROTECT,
        related_name="candidacies",
        limit_choices_to={"kind": Organization.Kind.MIGRANT_ORGANIZATION},
    )
    person = models.ForeignKey(
        Person, verbose_name=_("candidate"), on_delete=models.PROTECT, related_name="candidacies"
    )
    nominated_at = models.DateTimeField(_("nominated at"), default=timezone.now)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawal recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["person__family_name", "person__given_name", "pk"]
        verbose_name = _("candidacy")
        verbose_name_plural = _("candidacies")
        constraints = [
            models.UniqueConstraint(
                fields=["election", "organization"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_candidacy_per_organization",
                violation_error_message=_("This organisation has already nominated a candidate."),
            ),
            models.UniqueConstraint(
                fields=["election", "person"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_candidacy_per_person",
                violation_error_message=_("This person is already a candidate."),
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.organization})"

    @property
    def is_standing(self) -> bool:
        return self.withdrawn_at is None


class VotingRound(models.Model):
    """A Wahlgang: 1 = first round, 2 = runoff (Stichwahl)."""

    class Status(models.TextChoices):
        OPEN = "offen", _("open for voting")
        CLOSED = "geschlossen", _("closed, counting")
        COUNTED = "ausgezaehlt", _("counted")

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.PROTECT, related_name="rounds"
    )
    number = models.PositiveSmallIntegerField(_("round"))
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.OPEN)
    candidacies = models.ManyToManyField(
        Candidacy, verbose_name=_("candidates on the ballot"), related_name="voting_rounds"
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    counted_at = models.DateTimeField(_("count completed at"), null=True, blank=True)
    counted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("count completed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords(m2m_fields=[candidacies])

    class Meta:
        ordering = ["election", "number"]
        verbose_name = _("voting round")
        verbose_name_plural = _("voting rounds")
        constraints = [
            models.CheckConstraint(
                condition=Q(number__in=[1, 2]), name="round_number_is_one_or_two"
            ),
            models.UniqueConstraint(
                fields=["election", "number"], name="one_round_number_per_election"
            ),
            models.UniqueConstraint(
                fields=["election"],
                condition=Q(status="offen"),
                name="one_open_round_per_election",
                violation_error_message=_("A voting round of this election is already open."),
            ),
        ]

    def __str__(self):
        return f"{self.election} – {self.label}"

    @property
    def label(self) -> str:
        return str(_("First round") if self.number == 1 else _("Runoff"))

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_counted(self) -> bool:
        return self.status == self.Status.COUNTED


class VotingCode(models.Model):
    """A one-time code of one MSO for one round; only its HMAC is stored, never the code."""

    class Status(models.TextChoices):
        ACTIVE = "aktiv", _("valid")
        USED = "verbraucht", _("used")
        VOIDED = "ungueltig", _("voided")

    voting_round = models.ForeignKey(
        VotingRound, verbose_name=_("voting round"), on_delete=models.PROTECT, related_name="codes"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="voting_codes",
    )
    code_hash = models.CharField(_("code hash"), max_length=64, unique=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.ACTIVE)
    created_at = models.DateTimeField(_("issued at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    # Issuing and voiding are recorded; using a code is written without a history row (see
    # services.cast_ballot), because its time would tell when the organisation voted.
    history = HistoricalRecords()

    class Meta:
        ordering = ["voting_round", "organization__name", "created_at"]
        verbose_name = _("voting code")
        verbose_name_plural = _("voting codes")
        constraints = [
            models.UniqueConstraint(
                fields=["voting_round", "organization"],
                condition=Q(status="aktiv"),
                name="one_valid_code_per_organization_and_round",
            ),
        ]

    def __str__(self):
        return f"{self.organization} – {self.voting_round}"


class Participation(models.Model):
    """The record that an MSO voted in a round (electronically, or it got a paper ballot).

    No history, no timestamp, a random key: nothing here tells when it voted, and nothing links
    it to a ballot.
    """

    class Channel(models.TextChoices):
        ELECTRONIC = "elektronisch", _("electronically with a code")
        PAPER = "papier", _("paper ballot")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    voting_round = models.ForeignKey(
        VotingRound,
        verbose_name=_("voting round"),
        on_delete=models.PROTECT,
        related_name="participations",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="election_participations",
    )
    channel = models.CharField(_("way of voting"), max_length=20, choices=Channel)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["voting_round", "organization"],
                name="one_vote_per_organization_and_round",
                violation_error_message=_("This organisation has already voted in this round."),
            ),
        ]

    def __str__(self):
        return f"{self.organization} – {self.voting_round}"


class Ballot(models.Model):
    """One electronic vote: a candidacy, or none for an abstention.

    Deliberately without a timestamp, a sequential key, history, or any link to the voter,
    the participation or the code. The random UUID key gives no order of the votes.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    voting_round = models.ForeignKey(
        VotingRound,
        verbose_name=_("voting round"),
        on_delete=models.PROTECT,
        related_name="ballots",
    )
    candidacy = models.ForeignKey(
        Candidacy,
        verbose_name=_("vote for"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ballots",
        help_text=_("Empty means abstention."),
    )

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self):
        return str(_("ballot"))


class PaperCount(models.Model):
    """The Wahlleitung's count of the paper ballots of one round."""

    voting_round = models.OneToOneField(
        VotingRound,
        verbose_name=_("voting round"),
        on_delete=models.PROTECT,
        related_name="paper_count",
    )
    abstentions = models.PositiveIntegerField(_("abstentions"), default=0)
    invalid = models.PositiveIntegerField(_("invalid ballots"), default=0)
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("paper count")
        verbose_name_plural = _("paper counts")

    def __str__(self):
        return str(self.voting_round)


class PaperCountLine(models.Model):
    """Paper votes for one candidate in one round."""

    paper_count = models.ForeignKey(
        PaperCount, verbose_name=_("paper count"), on_delete=models.CASCADE, related_name="lines"
    )
    candidacy = models.ForeignKey(
        Candidacy, verbose_name=_("candidacy"), on_delete=models.PROTECT, related_name="+"
    )
    votes = models.PositiveIntegerField(_("votes"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("paper votes of a candidate")
        verbose_name_plural = _("paper votes of the candidates")
        constraints = [
            models.UniqueConstraint(
                fields=["paper_count", "candidacy"], name="one_paper_line_per_candidacy"
            ),
        ]

    def __str__(self):
        return f"{self.candidacy}: {self.votes}"


class LotDraw(models.Model):
    """A lot between tied candidacies: who drew, when, among whom, and the order drawn.

    The first ``places`` of the order win what the tie was about (runoff places or seats).
    """

    class Purpose(models.TextChoices):
        RUNOFF = "stichwahl", _("places in the runoff")
        SEAT = "sitz", _("seats")

    class Method(models.TextChoices):
        ELECTRONIC = "elektronisch", _("drawn in the platform (cryptographically random)")
        PHYSICAL = "physisch", _("physical draw, result entered")

    voting_round = models.ForeignKey(
        VotingRound,
        verbose_name=_("voting round"),
        on_delete=models.PROTECT,
        related_name="lot_draws",
    )
    purpose = models.CharField(_("decides on"), max_length=20, choices=Purpose)
    method = models.CharField(_("way of drawing"), max_length=20, choices=Method)
    places = models.PositiveSmallIntegerField(_("places decided"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    drawn_at = models.DateTimeField(_("drawn at"), default=timezone.now)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drawn by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["voting_round", "drawn_at", "pk"]
        verbose_name = _("lot draw")
        verbose_name_plural = _("lot draws")
        constraints = [
            models.CheckConstraint(condition=Q(places__gte=1), name="lot_decides_a_place"),
        ]

    def __str__(self):
        return f"{self.voting_round} – {self.get_purpose_display()}"


class LotDrawEntry(models.Model):
    """One candidacy in a lot and the position at which it was drawn (1 = first)."""

    lot_draw = models.ForeignKey(
        LotDraw, verbose_name=_("lot draw"), on_delete=models.CASCADE, related_name="entries"
    )
    candidacy = models.ForeignKey(
        Candidacy, verbose_name=_("candidacy"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("drawn as number"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["lot_draw", "position"]
        verbose_name = _("lot draw entry")
        verbose_name_plural = _("lot draw entries")
        constraints = [
            models.UniqueConstraint(
                fields=["lot_draw", "candidacy"], name="one_entry_per_candidacy_and_lot"
            ),
            models.UniqueConstraint(
                fields=["lot_draw", "position"], name="one_entry_per_position_and_lot"
            ),
            models.CheckConstraint(condition=Q(position__gte=1), name="lot_position_from_one"),
        ]

    def __str__(self):
        return f"{self.position}. {self.candidacy}"
