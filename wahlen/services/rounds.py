"""Rounds: opening and closing them, codes, paper ballots and the count (§ 2, § 4, § 5, § 7, § 8).

The voter's side of a round (checking a code, casting a ballot) is in ``voting``.
"""

import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gremien.models import Organization
from lip.history import as_history_user

from ..counting import Outcome, outcome
from ..models import (
    Ballot,
    Election,
    PaperCount,
    PaperCountLine,
    Participation,
    VotingCode,
    VotingRound,
)
from ._common import (
    CODE_ALPHABET,
    CODE_LENGTH,
    _lock_election,
    _lock_round,
    _names,
    _when,
    format_code,
    hash_code,
    record,
)


@dataclass
class IssuedCode:
    """A code as printed on the code sheet; it exists only in this object, never in the database."""

    organization: Organization
    code: str


# Codes ------------------------------------------------------------------------------------------


def _new_code(*, voting_round: VotingRound, organization: Organization, by) -> IssuedCode:
    while True:
        plain = "".join(secrets.choice(CODE_ALPHABET) for _index in range(CODE_LENGTH))
        digest = hash_code(election=voting_round.election, code=plain)
        if not VotingCode.objects.filter(code_hash=digest).exists():
            break
    code = VotingCode(voting_round=voting_round, organization=organization, code_hash=digest)
    code.created_by = by
    as_history_user(code, by).save()
    return IssuedCode(organization=organization, code=format_code(plain))


def _void_active_code(*, voting_round: VotingRound, organization: Organization, by) -> None:
    for code in VotingCode.objects.select_for_update().filter(
        voting_round=voting_round, organization=organization, status=VotingCode.Status.ACTIVE
    ):
        code.status = VotingCode.Status.VOIDED
        as_history_user(code, by).save(update_fields=["status"])


# Rounds -----------------------------------------------------------------------------------------


@transaction.atomic
def open_round(*, election: Election, by) -> VotingRound:
    """Open the first round (freezing the register) or, after it, the runoff (§ 2, § 4, § 5)."""
    election = _lock_election(election)
    if election.is_published:
        raise ValidationError(_("The result has been published."))
    rounds = {voting_round.number: voting_round for voting_round in election.rounds.all()}
    if any(voting_round.is_open for voting_round in rounds.values()):
        raise ValidationError(_("A voting round of this election is already open."))
    now = timezone.now()
    if not rounds:
        if now < election.nomination_deadline:
            raise ValidationError(
                _("Voting can open only after the nomination deadline (%(deadline)s).")
                % {"deadline": _when(election.nomination_deadline)}
            )
        if not election.register.exists():
            raise ValidationError(_("The register is empty: no organisation could vote."))
        candidacies = list(election.candidacies.filter(withdrawn_at__isnull=True))
        if len(candidacies) < Election.SEATS:
            raise ValidationError(
                _(
                    "At least two candidacies are needed to open the first round. Extend the "
                    "nomination deadline to collect more."
                )
            )
        number = 1
        election.status = Election.Status.RUNNING
        election.register_frozen_at = now
        as_history_user(election, by).save(update_fields=["status", "register_frozen_at"])
    elif 2 in rounds:
        raise ValidationError(_("Both rounds have been held."))
    else:
        state = outcome(election)
        if state.state == Outcome.State.VOTING:
            raise ValidationError(_("The first round has not been counted yet."))
        if state.state == Outcome.State.LOT_PENDING:
            raise ValidationError(
                _(
                    "Before the runoff opens, the lot must decide between %(names)s "
                    "(%(places)s place(s) in the runoff)."
                )
                % {"names": _names(state.tie.candidacies), "places": state.tie.places}
            )
        if not state.runoff_field:
            raise ValidationError(_("No candidate is left for the runoff."))
        candidacies = state.runoff_field
        number = 2
    voting_round = VotingRound(election=election, number=number, opened_at=now, opened_by=by)
    try:
        with transaction.atomic():
            as_history_user(voting_round, by).save()
    except IntegrityError as error:
        raise ValidationError(_("A voting round of this election is already open.")) from error
    voting_round.candidacies.set(candidacies)
    record(
        election,
        "round_opened",
        _("Round %(number)s of %(title)s has been opened.")
        % {"number": number, "title": election.title},
        by,
        public=True,
    )
    return voting_round


@transaction.atomic
def close_round(*, voting_round: VotingRound, by) -> VotingRound:
    """End the voting of a round; then the paper ballots are counted."""
    voting_round = _lock_round(voting_round)
    if not voting_round.is_open:
        raise ValidationError(_("This round is not open."))
    voting_round.status = VotingRound.Status.CLOSED
    voting_round.closed_at = timezone.now()
    voting_round.closed_by = by
    as_history_user(voting_round, by).save(update_fields=["status", "closed_at", "closed_by"])
    _shake_ballot_box(voting_round)
    record(
        voting_round.election,
        "round_closed",
        _("Round %(number)s of %(title)s has been closed.")
        % {"number": voting_round.number, "title": voting_round.election.title},
        by,
        public=True,
    )
    return voting_round


def _shake_ballot_box(voting_round: VotingRound) -> None:
    """Rewrite the round's ballots and participations in random order, with new random keys.

    Neither table has a column that orders the votes, but a database returns rows without
    ORDER BY in the order they were written. Like shaking an urn before it is opened, this
    leaves both tables in an order that says nothing about who voted when.
    """
    shuffle = secrets.SystemRandom().shuffle
    ballots = list(
        Ballot.objects.filter(voting_round=voting_round).values_list("candidacy_id", flat=True)
    )
    Ballot.objects.filter(voting_round=voting_round).delete()
    shuffle(ballots)
    Ballot.objects.bulk_create(
        [Ballot(voting_round=voting_round, candidacy_id=candidacy) for candidacy in ballots],
        batch_size=1000,
    )
    participations = list(
        Participation.objects.filter(voting_round=voting_round).values_list(
            "organization_id", "channel"
        )
    )
    Participation.objects.filter(voting_round=voting_round).delete()
    shuffle(participations)
    Participation.objects.bulk_create(
        [
            Participation(voting_round=voting_round, organization_id=organization, channel=channel)
            for organization, channel in participations
        ],
        batch_size=1000,
    )


def _require_eligible(voting_round: VotingRound, organization: Organization) -> None:
    if not voting_round.election.register.filter(organization=organization).exists():
        raise ValidationError(
            _("%(organization)s is not on the register of this election.")
            % {"organization": organization}
        )


def _require_open(voting_round: VotingRound, message: str) -> None:
    if not voting_round.is_open:
        raise ValidationError(message)


@transaction.atomic
def generate_codes(*, voting_round: VotingRound, by) -> list[IssuedCode]:
    """One code per MSO on the register for this round; the plain codes are returned once (§ 7)."""
    voting_round = _lock_round(voting_round)
    _require_open(voting_round, _("Codes can only be generated while the round is open."))
    if voting_round.codes.exists():
        raise ValidationError(
            _(
                "The codes of this round have already been generated and shown once. "
                "Re-issue the code of a single organisation if one is lost."
            )
        )
    voted = set(voting_round.participations.values_list("organization", flat=True))
    organizations = [
        entry.organization
        for entry in voting_round.election.register.select_related("organization").order_by(
            "organization__name"
        )
        if entry.organization_id not in voted
    ]
    return [
        _new_code(voting_round=voting_round, organization=organization, by=by)
        for organization in organizations
    ]


@transaction.atomic
def reissue_code(*, voting_round: VotingRound, organization: Organization, by) -> IssuedCode:
    """A new code for one MSO; its old code becomes void (§ 7)."""
    voting_round = _lock_round(voting_round)
    _require_open(voting_round, _("Codes can only be issued while the round is open."))
    _require_eligible(voting_round, organization)
    if voting_round.participations.filter(organization=organization).exists():
        raise ValidationError(
            _("%(organization)s has already voted in this round.") % {"organization": organization}
        )
    _void_active_code(voting_round=voting_round, organization=organization, by=by)
    return _new_code(voting_round=voting_round, organization=organization, by=by)


@transaction.atomic
def issue_paper_ballot(
    *, voting_round: VotingRound, organization: Organization, by
) -> Participation:
    """Hand an MSO a paper ballot: it is marked as voting, its code becomes void (§ 8)."""
    voting_round = _lock_round(voting_round)
    _require_open(voting_round, _("Paper ballots can only be handed out while the round is open."))
    _require_eligible(voting_round, organization)
    if voting_round.participations.filter(organization=organization).exists():
        raise ValidationError(
            _("%(organization)s has already voted in this round.") % {"organization": organization}
        )
    _void_active_code(voting_round=voting_round, organization=organization, by=by)
    try:
        with transaction.atomic():
            return Participation.objects.create(
                voting_round=voting_round,
                organization=organization,
                channel=Participation.Channel.PAPER,
            )
    except IntegrityError as error:
        raise ValidationError(
            _("%(organization)s has already voted in this round.") % {"organization": organization}
        ) from error


# Counting ---------------------------------------------------------------------------------------


@transaction.atomic
def enter_paper_count(
    *,
    voting_round: VotingRound,
    votes: dict[int, int],
    abstentions: int,
    invalid: int,
    by,
) -> PaperCount:
    """Enter (or correct) the paper count of a closed round; it must fit the electorate (§ 8)."""
    voting_round = _lock_round(voting_round)
    if voting_round.status != VotingRound.Status.CLOSED:
        raise ValidationError(
            _("Paper ballots are entered after the round has closed and before the count is final.")
        )
    candidacy_ids = set(voting_round.candidacies.values_list("pk", flat=True))
    if set(votes) != candidacy_ids:
        raise ValidationError(_("Please enter a number for every candidate on the ballot."))
    numbers = [*votes.values(), abstentions, invalid]
    if any(number is None or number < 0 for number in numbers):
        raise ValidationError(_("Counts cannot be negative."))
    total = sum(numbers)
    eligible = voting_round.election.register.count()
    participations = voting_round.participations
    electronic = participations.filter(channel=Participation.Channel.ELECTRONIC).count()
    issued = participations.filter(channel=Participation.Channel.PAPER).count()
    if total + electronic > eligible:
        raise ValidationError(
            _(
                "%(total)s paper ballots and %(electronic)s electronic votes are more than the "
                "%(eligible)s organisations entitled to vote. Nothing was saved."
            )
            % {"total": total, "electronic": electronic, "eligible": eligible}
        )
    if total > issued:
        raise ValidationError(
            _(
                "%(total)s paper ballots were counted, but only %(issued)s were handed out. "
                "Nothing was saved."
            )
            % {"total": total, "issued": issued}
        )
    count = PaperCount.objects.filter(voting_round=voting_round).first() or PaperCount(
        voting_round=voting_round
    )
    count.abstentions = abstentions
    count.invalid = invalid
    count.entered_at = timezone.now()
    count.entered_by = by
    as_history_user(count, by).save()
    existing = {line.candidacy_id: line for line in count.lines.all()}
    for candidacy_id, number in votes.items():
        line = existing.get(candidacy_id) or PaperCountLine(
            paper_count=count, candidacy_id=candidacy_id
        )
        if line.pk is None or line.votes != number:
            line.votes = number
            as_history_user(line, by).save()
    return count


@transaction.atomic
def finalize_count(*, voting_round: VotingRound, by) -> VotingRound:
    """Declare the count of a closed round final; the result then stands (§ 4, § 5)."""
    voting_round = _lock_round(voting_round)
    if voting_round.status != VotingRound.Status.CLOSED:
        raise ValidationError(_("Only a closed round that is not yet counted can be finalised."))
    issued = voting_round.participations.filter(channel=Participation.Channel.PAPER).count()
    if issued and not PaperCount.objects.filter(voting_round=voting_round).exists():
        raise ValidationError(
            _("%(issued)s paper ballots were handed out: please enter their count first.")
            % {"issued": issued}
        )
    voting_round.status = VotingRound.Status.COUNTED
    voting_round.counted_at = timezone.now()
    voting_round.counted_by = by
    as_history_user(voting_round, by).save(update_fields=["status", "counted_at", "counted_by"])
    record(
        voting_round.election,
        "round_counted",
        _("Round %(number)s of %(title)s has been counted.")
        % {"number": voting_round.number, "title": voting_round.election.title},
        by,
    )
    return voting_round
