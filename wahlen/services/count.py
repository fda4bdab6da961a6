"""The count of a closed round: the paper count and opening the sealed ballots (§ 8, § 9).

Counting needs the round's private key, which only the Wahlleitung holds (wahlen/sealing.py):
the service checks that it belongs to the round, opens every sealed ballot and writes the
ballots anew in random order, all in one transaction, and only then declares the count final.
"""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from lip.history import as_history_user

from ..models import Ballot, PaperCount, PaperCountLine, Participation, VotingRound
from ..sealing import BrokenBallot, MalformedKey, key_matches, parse_private_key, unseal
from ._common import _lock_round, record


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


@sensitive_variables("private_key", "key")
@transaction.atomic
def finalize_count(*, voting_round: VotingRound, private_key: str = "", by) -> VotingRound:
    """Open the sealed ballots with the round's private key and declare the count final (§ 8, § 9).

    The key is checked against the round's public key before anything changes; it is used in
    this call only and stored nowhere. Rounds opened before ballots were sealed (no public key)
    are counted without one.
    """
    voting_round = _lock_round(voting_round)
    if voting_round.status != VotingRound.Status.CLOSED:
        raise ValidationError(_("Only a closed round that is not yet counted can be finalised."))
    issued = voting_round.participations.filter(channel=Participation.Channel.PAPER).count()
    if issued and not PaperCount.objects.filter(voting_round=voting_round).exists():
        raise ValidationError(
            _("%(issued)s paper ballots were handed out: please enter their count first.")
            % {"issued": issued}
        )
    if voting_round.public_key:
        _open_ballot_box(voting_round, private_key)
    elif Ballot.objects.filter(voting_round=voting_round, sealed__isnull=False).exists():
        raise ValidationError(_("This round has sealed ballots but no key. Nothing was saved."))
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


@sensitive_variables("private_key", "key")
def _open_ballot_box(voting_round: VotingRound, private_key: str) -> None:
    """Check the key, open every sealed ballot, write them anew in random order (§ 9)."""
    if not (private_key or "").strip():
        raise ValidationError(
            _("Please enter the private key of this round or upload the key file.")
        )
    try:
        key = parse_private_key(private_key)
    except MalformedKey as error:
        raise ValidationError(
            _(
                "This is not a complete private key, or it contains a typing error. Please "
                "check every character. Nothing was saved."
            )
        ) from error
    if not key_matches(key, voting_round.public_key):
        raise ValidationError(
            _(
                "This private key does not belong to this round (key ID of the round: %(id)s). "
                "Nothing was saved."
            )
            % {"id": voting_round.key_fingerprint}
        )
    sealed = list(
        Ballot.objects.filter(voting_round=voting_round, sealed__isnull=False).values_list(
            "sealed", flat=True
        )
    )
    electronic = voting_round.participations.filter(
        channel=Participation.Channel.ELECTRONIC
    ).count()
    on_ballot = set(voting_round.candidacies.values_list("pk", flat=True))
    choices = []
    for ballot in sealed:
        try:
            round_id, candidacy_id = unseal(private=key, sealed=ballot)
        except BrokenBallot:
            round_id, candidacy_id = None, None
        if round_id != voting_round.pk or (
            candidacy_id is not None and candidacy_id not in on_ballot
        ):
            raise ValidationError(_tampered())
        choices.append(candidacy_id)
    if len(choices) != electronic:
        raise ValidationError(_tampered())
    # The urn is emptied onto the table: opened ballots in random order, with new random keys.
    secrets.SystemRandom().shuffle(choices)
    Ballot.objects.filter(voting_round=voting_round).delete()
    Ballot.objects.bulk_create(
        [Ballot(voting_round=voting_round, candidacy_id=choice) for choice in choices],
        batch_size=1000,
    )


def _tampered() -> str:
    return _(
        "The sealed ballots of this round do not match its votes: the database has been "
        "changed outside the platform. Nothing was saved; the round has to be repeated."
    )
