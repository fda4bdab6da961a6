"""What the Wahlleitung enters after a round closes: the paper count and lots that break ties."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .elections import Candidacy
from .voting import VotingRound


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
