"""The end of an election: lots that break ties (§ 10) and publishing the result (§ 11)."""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gremien.models import Membership, Role, SeatRule
from gremien.services import add_membership
from lip.history import as_history_user
from lip.text import strip_control_characters

from ..counting import Outcome, Tie, outcome
from ..models import (
    Candidacy,
    Election,
    LotDraw,
    LotDrawEntry,
    PaperCount,
    Participation,
    VotingRound,
)
from ._common import _lock_election, _lock_round, record

# Lots -------------------------------------------------------------------------------------------


def pending_tie(voting_round: VotingRound) -> Tie:
    """The tie the lot must decide in this round now, or a ValidationError that says what is
    missing (the round is still open, its count is not final yet, or there is no such tie)."""
    if voting_round.is_open:
        raise ValidationError(
            _(
                "This round is still open. A lot can only be drawn after the round has been "
                "closed and its count declared final."
            )
        )
    if not voting_round.is_counted:
        paper_missing = (
            voting_round.participations.filter(channel=Participation.Channel.PAPER).exists()
            and not PaperCount.objects.filter(voting_round=voting_round).exists()
        )
        if paper_missing:
            raise ValidationError(
                _(
                    "The count of this round is not final yet: enter the paper count, then "
                    "count the ballots with the round's private key. Only then can a lot be "
                    "drawn."
                )
            )
        raise ValidationError(
            _(
                "The count of this round is not final yet: count the ballots with the round's "
                "private key first. Only then can a lot be drawn."
            )
        )
    state = outcome(voting_round.election)
    if state.tie is None or state.tie_round is None or state.tie_round.pk != voting_round.pk:
        raise ValidationError(_("No tie needs to be decided by lot in this round."))
    return state.tie


def _save_lot(*, voting_round, tie, order, method, note, by) -> LotDraw:
    lot = LotDraw(
        voting_round=voting_round,
        purpose=tie.purpose,
        method=method,
        places=tie.places,
        note=strip_control_characters(note).strip(),
        drawn_by=by,
    )
    as_history_user(lot, by).save()
    for position, candidacy in enumerate(order, start=1):
        as_history_user(
            LotDrawEntry(lot_draw=lot, candidacy=candidacy, position=position), by
        ).save()
    record(
        voting_round.election,
        "lot_drawn",
        _("The lot decided a tie in round %(number)s of %(title)s.")
        % {"number": voting_round.number, "title": voting_round.election.title},
        by,
    )
    return lot


@transaction.atomic
def draw_lot(*, voting_round: VotingRound, note: str = "", by) -> LotDraw:
    """The Wahlleitung draws the lot in the platform, with the system's secure random (§ 10)."""
    _lock_election(voting_round.election)
    voting_round = _lock_round(voting_round)
    tie = pending_tie(voting_round)
    order = secrets.SystemRandom().sample(tie.candidacies, k=len(tie.candidacies))
    return _save_lot(
        voting_round=voting_round,
        tie=tie,
        order=order,
        method=LotDraw.Method.ELECTRONIC,
        note=note,
        by=by,
    )


@transaction.atomic
def record_lot(*, voting_round: VotingRound, order: list[Candidacy], note: str, by) -> LotDraw:
    """Enter the result of a lot drawn by hand: the order in which all tied were drawn (§ 10)."""
    _lock_election(voting_round.election)
    voting_round = _lock_round(voting_round)
    tie = pending_tie(voting_round)
    tied = {candidacy.pk for candidacy in tie.candidacies}
    drawn = [candidacy.pk for candidacy in order]
    if len(drawn) != len(tied) or set(drawn) != tied:
        raise ValidationError(
            _("Enter the order in which every tied candidate was drawn, each exactly once.")
        )
    if not strip_control_characters(note).strip():
        raise ValidationError(_("Please note who drew the lot and who witnessed it."))
    return _save_lot(
        voting_round=voting_round,
        tie=tie,
        order=order,
        method=LotDraw.Method.PHYSICAL,
        note=note,
        by=by,
    )


# Result -----------------------------------------------------------------------------------------


@transaction.atomic
def publish_result(
    *, election: Election, by, start_date: datetime.date | None = None
) -> list[Membership]:
    """Publish the final result and seat the elected persons in the body's MSO seats (§ 11)."""
    election = _lock_election(election)
    if election.is_published:
        raise ValidationError(_("The result has already been published."))
    state = outcome(election)
    if state.state not in (Outcome.State.DECIDED, Outcome.State.WITHOUT_RESULT):
        raise ValidationError(_("The result is not final yet."))
    start_date = start_date or timezone.localdate()
    rule = SeatRule.objects.filter(committee=election.committee, role=Role.ELECTED_MSO).first()
    seated = (
        Membership.objects.current(start_date)
        .filter(committee=election.committee, role=Role.ELECTED_MSO)
        .count()
    )
    seats = rule.max_count if rule else Election.SEATS
    if state.elected and seated + len(state.elected) > seats:
        raise ValidationError(
            _(
                "%(seated)s of the %(seats)s MSO seats of %(committee)s are still held. End "
                "those memberships before publishing."
            )
            % {"seated": seated, "seats": seats, "committee": election.committee}
        )
    memberships = [
        add_membership(
            committee=election.committee,
            person=candidacy.person,
            role=Role.ELECTED_MSO,
            start_date=start_date,
            organization=candidacy.organization,
            by=by,
        )
        for candidacy in state.elected
    ]
    election.status = Election.Status.PUBLISHED
    election.published_at = timezone.now()
    election.published_by = by
    as_history_user(election, by).save(update_fields=["status", "published_at", "published_by"])
    record(
        election,
        "election_published",
        _("The result of %(title)s has been published.") % {"title": election.title},
        by,
        public=True,
    )
    return memberships
