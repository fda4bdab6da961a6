"""The voter's side: whether a code may vote now, and casting the ballot (§ 7, § 9)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..models import Ballot, Candidacy, Election, Participation, VotingCode, VotingRound
from ..sealing import seal
from ._common import hash_code, normalize_code


class UnknownCode(ValidationError):
    """A code that belongs to no organisation of this election (counts for the rate limit)."""


# Voting -----------------------------------------------------------------------------------------


def _check_code(*, election: Election, code: str, voting_round: VotingRound | None, lock: bool):
    if voting_round is None:
        raise ValidationError(_("No voting round is open at the moment; you cannot vote now."))
    if not normalize_code(code):
        raise UnknownCode(_("Please enter your code."))
    codes = VotingCode.objects.filter(
        code_hash=hash_code(election=election, code=code), voting_round__election=election
    ).select_related("voting_round")
    if lock:
        codes = codes.select_for_update(of=("self",))
    found = codes.first()
    if found is None:
        raise UnknownCode(
            _("This code is not valid for this election. Please check what you typed.")
        )
    if found.voting_round_id != voting_round.pk:
        raise ValidationError(
            _(
                "This code is for another round (%(its_round)s); open now: %(round)s. "
                "Please use your code for this round."
            )
            % {"its_round": found.voting_round.label, "round": voting_round.label}
        )
    if found.status == VotingCode.Status.USED:
        raise ValidationError(_("This code has already been used to vote."))
    if found.status == VotingCode.Status.VOIDED:
        raise ValidationError(
            _(
                "This code is no longer valid: it was replaced, or your organisation received "
                "a paper ballot. Please contact the election office."
            )
        )
    return found


def open_round_of(election: Election, *, lock: bool = False) -> VotingRound | None:
    """The round open for voting, if any."""
    rounds = VotingRound.objects.filter(election=election, status=VotingRound.Status.OPEN)
    if lock:
        rounds = rounds.select_for_update()
    return rounds.first()


def check_code(*, election: Election, code: str) -> VotingCode:
    """Whether a code may vote now (the voting page's first steps); changes nothing."""
    return _check_code(
        election=election, code=code, voting_round=open_round_of(election), lock=False
    )


@transaction.atomic
def cast_ballot(*, election: Election, code: str, candidacy: Candidacy | None) -> None:
    """Store one vote (a candidacy, or None to abstain) sealed, and use up the code (§ 7, § 9).

    The open round is locked first, then the code: two requests with the same code run one
    after the other, and the second finds the code used. The unique participation per
    organisation and round backs this up in the database.

    The ballot, the participation and the used code are written in one transaction, so the
    database can tell which ballot row belongs to which organisation for as long as the rows
    are not rewritten (PostgreSQL's ``xmin``, the write-ahead log). The ballot therefore holds
    only the choice sealed to the round's public key; only the count opens it.
    """
    voting_round = open_round_of(election, lock=True)
    voting_code = _check_code(election=election, code=code, voting_round=voting_round, lock=True)
    if candidacy is not None and not voting_round.candidacies.filter(pk=candidacy.pk).exists():
        raise ValidationError(_("Please choose a candidate from the ballot or abstain."))
    if not voting_round.public_key:
        # A round opened before ballots were sealed: better no vote than a readable one.
        raise ValidationError(
            _("This round has no key for sealing ballots. Please contact the election office.")
        )
    sealed = seal(
        public_key=voting_round.public_key,
        round_id=voting_round.pk,
        candidacy_id=candidacy.pk if candidacy is not None else None,
    )
    try:
        with transaction.atomic():
            Participation.objects.create(
                voting_round=voting_round,
                organization_id=voting_code.organization_id,
                channel=Participation.Channel.ELECTRONIC,
            )
    except IntegrityError as error:
        raise ValidationError(_("Your organisation has already voted in this round.")) from error
    Ballot.objects.create(voting_round=voting_round, sealed=sealed)
    # An update without a history row: the time of use would tell when the organisation voted.
    VotingCode.objects.filter(pk=voting_code.pk).update(status=VotingCode.Status.USED)
