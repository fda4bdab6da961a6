"""Rounds: opening, closing and repeating them, codes and paper ballots (§ 2, § 4 to § 9).

The voter's side of a round (checking a code, casting a ballot) is in ``voting``; the count
(paper count, opening the sealed ballots with the round's private key) in ``count``.
"""

import secrets
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gremien.models import Organization
from lip.history import as_history_user
from lip.text import strip_control_characters

from ..counting import Outcome, outcome
from ..models import (
    Ballot,
    Candidacy,
    Election,
    PaperCount,
    Participation,
    VotingCode,
    VotingRound,
)
from ..sealing import new_key_pair
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


@dataclass
class OpenedRound:
    """A round just opened (or repeated) and its private key.

    The private key seals nothing and is stored nowhere: it exists only in this object and on the
    page that shows it to the Wahlleitung once. The count needs it back (§ 9).
    """

    voting_round: VotingRound
    private_key: str = field(repr=False)  # never in a log line or a traceback's repr


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


def _void_active_code(
    *, voting_round: VotingRound, organization: Organization, by, recorded: bool = True
) -> None:
    """Void the organisation's valid code; ``recorded=False`` writes no (timed) history row."""
    codes = VotingCode.objects.select_for_update().filter(
        voting_round=voting_round, organization=organization, status=VotingCode.Status.ACTIVE
    )
    if not recorded:
        codes.update(status=VotingCode.Status.VOIDED)
        return
    for code in codes:
        code.status = VotingCode.Status.VOIDED
        as_history_user(code, by).save(update_fields=["status"])


# Rounds -----------------------------------------------------------------------------------------


@dataclass
class NextRound:
    """The round that opening would create: its number and the candidacies on its ballot."""

    number: int
    candidacies: list[Candidacy]


def next_round(election: Election) -> NextRound:
    """What opening the next round would do, or ValidationError saying why it cannot open now.

    ``open_round`` applies exactly this after locking the election; the confirmation page
    shows it before (§ 4, § 5).
    """
    if election.is_published:
        raise ValidationError(_("The result has been published."))
    rounds = {voting_round.number: voting_round for voting_round in election.rounds.all()}
    if any(voting_round.is_open for voting_round in rounds.values()):
        raise ValidationError(_("A voting round of this election is already open."))
    if not rounds:
        if timezone.now() < election.nomination_deadline:
            raise ValidationError(
                _("Voting can open only after the nomination deadline (%(deadline)s).")
                % {"deadline": _when(election.nomination_deadline)}
            )
        if not election.register.exists():
            raise ValidationError(_("The register is empty: no organisation could vote."))
        candidacies = list(
            election.candidacies.filter(withdrawn_at__isnull=True).select_related(
                "person", "organization"
            )
        )
        if len(candidacies) < Election.SEATS:
            raise ValidationError(
                _(
                    "At least two candidacies are needed to open the first round. Extend the "
                    "nomination deadline to collect more."
                )
            )
        return NextRound(number=1, candidacies=candidacies)
    if 2 in rounds:
        raise ValidationError(_("Both rounds have been held."))
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
    return NextRound(number=2, candidacies=list(state.runoff_field))


@transaction.atomic
def open_round(*, election: Election, by) -> OpenedRound:
    """Open the first round (freezing the register) or, after it, the runoff (§ 2, § 4, § 5).

    Creates the round's key pair: the public key seals the ballots, the private key is returned
    to be shown to the Wahlleitung once (§ 9).
    """
    election = _lock_election(election)
    upcoming = next_round(election)
    number, candidacies = upcoming.number, upcoming.candidacies
    now = timezone.now()
    if number == 1:
        election.status = Election.Status.RUNNING
        election.register_frozen_at = now
        as_history_user(election, by).save(update_fields=["status", "register_frozen_at"])
    public_key, private_key = new_key_pair()
    voting_round = VotingRound(
        election=election, number=number, opened_at=now, opened_by=by, public_key=public_key
    )
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
    return OpenedRound(voting_round=voting_round, private_key=private_key)


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
    """Rewrite the round's ballots, participations and codes: no write of a vote stays visible.

    Neither table has a column that orders the votes, but a database returns rows without
    ORDER BY in the order they were written, and PostgreSQL marks each row with the id of the
    transaction that wrote it (``xmin``): while the round was open, a vote's ballot, its
    participation and its used code carried the same or neighbouring ids. Like shaking an urn
    before it is opened, this writes ballots and participations anew in random order with new
    random keys, and every code row of the round once, in random order: afterwards all of them
    carry this transaction's id. The sealed ballots stay sealed; the count opens them.
    """
    rng = secrets.SystemRandom()
    ballots = list(
        Ballot.objects.filter(voting_round=voting_round).values_list("candidacy_id", "sealed")
    )
    Ballot.objects.filter(voting_round=voting_round).delete()
    rng.shuffle(ballots)
    Ballot.objects.bulk_create(
        [
            Ballot(voting_round=voting_round, candidacy_id=candidacy, sealed=sealed)
            for candidacy, sealed in ballots
        ],
        batch_size=1000,
    )
    participations = list(
        Participation.objects.filter(voting_round=voting_round).values_list(
            "organization_id", "channel"
        )
    )
    Participation.objects.filter(voting_round=voting_round).delete()
    rng.shuffle(participations)
    Participation.objects.bulk_create(
        [
            Participation(voting_round=voting_round, organization_id=organization, channel=channel)
            for organization, channel in participations
        ],
        batch_size=1000,
    )
    # One UPDATE per row in random order rather than one for all: a single statement would
    # write the new row versions in the old storage order, which still follows the votes.
    # No history row: these are no changes, and the code rows keep their ids and history.
    codes = list(VotingCode.objects.filter(voting_round=voting_round).values_list("pk", flat=True))
    rng.shuffle(codes)
    for pk in codes:
        VotingCode.objects.filter(pk=pk).update(status=F("status"))


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
    # Without a history row: its time would tell when the organisation voted (§ 9).
    _void_active_code(voting_round=voting_round, organization=organization, by=by, recorded=False)
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


# Repeating ---------------------------------------------------------------------------------------


@transaction.atomic
def repeat_round(*, voting_round: VotingRound, reason: str, by) -> OpenedRound:
    """Start a closed, uncounted round again with a new key, e.g. after the key was lost (§ 9).

    Every vote of the round lapses, on paper too: sealed ballots, participations, the paper
    count and all codes are deleted. The round opens again with a new key pair; the
    Wahlleitung generates new codes and hands out new paper ballots.
    """
    _lock_election(voting_round.election)
    voting_round = _lock_round(voting_round)
    if voting_round.status != VotingRound.Status.CLOSED:
        raise ValidationError(
            _("Only a closed round that has not been counted yet can be repeated.")
        )
    reason = strip_control_characters(reason).strip()
    if not reason:
        raise ValidationError(_("Please give the reason why the round is repeated."))
    Ballot.objects.filter(voting_round=voting_round).delete()
    Participation.objects.filter(voting_round=voting_round).delete()
    for count in PaperCount.objects.filter(voting_round=voting_round):
        for line in count.lines.all():
            as_history_user(line, by).delete()
        as_history_user(count, by).delete()
    for code in VotingCode.objects.filter(voting_round=voting_round):
        as_history_user(code, by).delete()
    public_key, private_key = new_key_pair()
    voting_round.status = VotingRound.Status.OPEN
    voting_round.public_key = public_key
    voting_round.closed_at = None
    voting_round.closed_by = None
    voting_round.repeated_at = timezone.now()
    voting_round.repeated_by = by
    voting_round.repeat_reason = reason
    as_history_user(voting_round, by).save()
    record(
        voting_round.election,
        "round_repeated",
        _("Round %(number)s of %(title)s is being repeated; all its votes have lapsed.")
        % {"number": voting_round.number, "title": voting_round.election.title},
        by,
        public=True,
    )
    return OpenedRound(voting_round=voting_round, private_key=private_key)
