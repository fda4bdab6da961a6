"""Voting rounds, the codes of a round, and the secret vote: participations and ballots.

Secrecy: the fact that an organisation voted (``Participation``) and its choice (``Ballot``) live in
two tables that share nothing but the round: both have random UUID keys, neither has a timestamp,
neither points at the other or at the code. Neither has a history table either, because a history
row carries the time of the write and would tell the order of the votes.

That is not enough inside the database: the rows written by one vote share a PostgreSQL
transaction id (``xmin``), and the write-ahead log, replicas and backups keep the order of the
writes. So while a round is open a ballot holds its choice only sealed to the round's public key
(wahlen/sealing.py); the private key exists only with the Wahlleitung until the count, which
opens the ballots and writes them anew. See docs/wahlordnung.md § 9.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gremien.models import Organization

from ..sealing import fingerprint
from .elections import Candidacy, Election


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
    # The key that seals this round's ballots (wahlen/sealing.py), hex. Only the public half:
    # the private half is shown to the Wahlleitung once and stored nowhere. Empty for rounds
    # opened before ballots were sealed.
    public_key = models.CharField(_("public key of the ballots"), max_length=64, blank=True)
    repeated_at = models.DateTimeField(_("last repeated at"), null=True, blank=True)
    repeated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last repeated by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    repeat_reason = models.TextField(_("reason for the repetition"), blank=True)
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

    @property
    def key_fingerprint(self) -> str:
        """The short name of the round's key pair, printed with the private key."""
        return fingerprint(self.public_key) if self.public_key else ""


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

    # Issuing and replacing are recorded. Using a code (services.cast_ballot) and voiding it for
    # a paper ballot (services.issue_paper_ballot) are written without a history row: its time
    # would tell when the organisation voted. Closing a round rewrites every code row of the
    # round in one transaction, so neither transaction ids nor storage order keep that time.
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
    """One electronic vote: sealed while the round is open, a candidacy or none once counted.

    Deliberately without a timestamp, a sequential key, history, or any link to the voter,
    the participation or the code. The random UUID key gives no order of the votes.
    Until the count the row holds only ``sealed``, the choice encrypted to the round's public
    key; the count (services.finalize_count) opens every sealed ballot of the round and writes
    it anew with ``candidacy`` (None is an abstention) and without ``sealed``.
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
    # Binary, not text; NULL is meaningful: the ballot has been opened at the count.
    sealed = models.BinaryField(_("sealed vote"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.CheckConstraint(
                condition=Q(sealed__isnull=True) | Q(candidacy__isnull=True),
                name="ballot_sealed_holds_no_candidacy",
            ),
        ]

    def __str__(self):
        return str(_("ballot"))
