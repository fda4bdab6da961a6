"""Every write of the MSO election. The rules are those of docs/wahlordnung.md (§ numbers below).

Each service locks the row whose state it checks, raises ValidationError with a message for the
Wahlleitung or the voter, and names the acting user in the history.
"""

import datetime
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from gremien.models import Committee, Membership, Organization, Person, Role, SeatRule
from gremien.services import add_membership
from lip.events import record_event

from .counting import Outcome, outcome
from .models import (
    Ballot,
    Candidacy,
    Election,
    EligibleOrganization,
    LotDraw,
    LotDrawEntry,
    PaperCount,
    PaperCountLine,
    Participation,
    VotingCode,
    VotingRound,
)

STEERING_GROUP_SLUG = "lenkungsgruppe"

# Codes: 12 characters without look-alikes (no 0/O, 1/I/L), about 59 bits of chance.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12


class UnknownCode(ValidationError):
    """A code that belongs to no organisation of this election (counts for the rate limit)."""


@dataclass
class IssuedCode:
    """A code as printed on the code sheet; it exists only in this object, never in the database."""

    organization: Organization
    code: str


def record(election: Election, kind: str, summary: str, by, *, public: bool = False) -> None:
    """Write the step to the process event log; never for a single vote (secrecy)."""
    record_event(
        kind=kind,
        summary=summary,
        subject=election,
        by=by,
        public=public,
        url=election.get_absolute_url(),
    )


def _by(instance, user):
    """Name the acting user in the history record also outside a request."""
    instance._history_user = user
    return instance


def _when(value: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


def _names(candidacies) -> str:
    return ", ".join(str(candidacy.person) for candidacy in candidacies)


def _lock_election(election: Election) -> Election:
    return Election.objects.select_for_update().get(pk=election.pk)


# Codes ------------------------------------------------------------------------------------------


def normalize_code(code: str) -> str:
    """What the voter typed, without spaces and dashes, in capitals."""
    return "".join(char for char in code.upper() if char.isalnum())


def format_code(code: str) -> str:
    """ABCDEFGHJKMN → ABCD-EFGH-JKMN, easier to read aloud and to type."""
    code = normalize_code(code)
    return "-".join(code[start : start + 4] for start in range(0, len(code), 4))


def hash_code(*, election: Election, code: str) -> str:
    """HMAC-SHA256 of the code, keyed with SECRET_KEY and the election's salt.

    A keyed hash is as fast as a plain one but useless without the server's key, so a copy of
    the database does not allow trying all codes. (Changing SECRET_KEY invalidates open codes.)
    """
    key = f"{settings.SECRET_KEY}:{election.code_salt}".encode()
    return hmac.new(key, normalize_code(code).encode(), hashlib.sha256).hexdigest()


def _new_code(*, voting_round: VotingRound, organization: Organization, by) -> IssuedCode:
    while True:
        plain = "".join(secrets.choice(CODE_ALPHABET) for _index in range(CODE_LENGTH))
        digest = hash_code(election=voting_round.election, code=plain)
        if not VotingCode.objects.filter(code_hash=digest).exists():
            break
    code = VotingCode(voting_round=voting_round, organization=organization, code_hash=digest)
    code.created_by = by
    _by(code, by).save()
    return IssuedCode(organization=organization, code=format_code(plain))


def _void_active_code(*, voting_round: VotingRound, organization: Organization, by) -> None:
    for code in VotingCode.objects.select_for_update().filter(
        voting_round=voting_round, organization=organization, status=VotingCode.Status.ACTIVE
    ):
        code.status = VotingCode.Status.VOIDED
        _by(code, by).save(update_fields=["status"])


# Setting up -------------------------------------------------------------------------------------


def _require_preparation(election: Election, message: str) -> None:
    if election.status != Election.Status.PREPARATION:
        raise ValidationError(message)


@transaction.atomic
def create_election(
    *,
    title: str,
    slug: str,
    nomination_deadline: datetime.datetime,
    voting_date: datetime.date | None = None,
    place: str = "",
    description: str = "",
    committee: Committee | None = None,
    by,
) -> Election:
    """Set up an election of the MSO representatives into the Lenkungsgruppe (§ 1)."""
    if not title.strip():
        raise ValidationError(_("Please enter a title."))
    if committee is None:
        committee = Committee.objects.filter(slug=STEERING_GROUP_SLUG).first()
        if committee is None:
            raise ValidationError(_("The steering group is missing from the register of bodies."))
    if Election.objects.filter(slug=slug).exists():
        raise ValidationError(_("An election with this short address already exists."))
    election = Election(
        title=title.strip(),
        slug=slug,
        committee=committee,
        nomination_deadline=nomination_deadline,
        voting_date=voting_date,
        place=place.strip(),
        description=description.strip(),
        created_by=by,
    )
    _by(election, by).save()
    record(
        election,
        "election_created",
        _("%(title)s has been set up.") % {"title": election.title},
        by,
        public=True,
    )
    return election


@transaction.atomic
def update_election(
    *,
    election: Election,
    title: str,
    nomination_deadline: datetime.datetime,
    voting_date: datetime.date | None,
    place: str,
    description: str,
    by,
) -> Election:
    """Change the settings, e.g. extend the nomination deadline, while in preparation (§ 3)."""
    election = _lock_election(election)
    _require_preparation(
        election, _("Voting has begun; the settings of the election can no longer be changed.")
    )
    if not title.strip():
        raise ValidationError(_("Please enter a title."))
    election.title = title.strip()
    election.nomination_deadline = nomination_deadline
    election.voting_date = voting_date
    election.place = place.strip()
    election.description = description.strip()
    _by(election, by).save()
    record(
        election,
        "election_updated",
        _("The settings of %(title)s were changed.") % {"title": election.title},
        by,
    )
    return election


@transaction.atomic
def register_organization(
    *, election: Election, organization: Organization, by
) -> EligibleOrganization:
    """Put an MSO on the register; only until voting opens (§ 2)."""
    election = _lock_election(election)
    _require_preparation(
        election, _("The register is frozen since voting opened; it can no longer be changed.")
    )
    if organization.kind != Organization.Kind.MIGRANT_ORGANIZATION:
        raise ValidationError(_("Only migrant organisations (MSO) can be put on the register."))
    if election.register.filter(organization=organization).exists():
        raise ValidationError(
            _("%(organization)s is already on the register.") % {"organization": organization}
        )
    entry = EligibleOrganization(election=election, organization=organization, added_by=by)
    _by(entry, by).save()
    record(
        election,
        "organization_registered",
        _("%(organization)s was put on the register of %(title)s.")
        % {"organization": organization, "title": election.title},
        by,
    )
    return entry


@transaction.atomic
def unregister_organization(*, election: Election, organization: Organization, by) -> None:
    """Take an MSO off the register; only until voting opens and without a standing candidacy."""
    election = _lock_election(election)
    _require_preparation(
        election, _("The register is frozen since voting opened; it can no longer be changed.")
    )
    entry = election.register.filter(organization=organization).first()
    if entry is None:
        raise ValidationError(
            _("%(organization)s is not on the register.") % {"organization": organization}
        )
    if election.candidacies.filter(organization=organization, withdrawn_at__isnull=True).exists():
        raise ValidationError(
            _(
                "%(organization)s has nominated a candidate. Record the withdrawal of the "
                "candidacy first."
            )
            % {"organization": organization}
        )
    record(
        election,
        "organization_unregistered",
        _("%(organization)s was taken off the register of %(title)s.")
        % {"organization": organization, "title": election.title},
        by,
    )
    _by(entry, by).delete()


@transaction.atomic
def nominate_candidate(
    *, election: Election, organization: Organization, person: Person, consent: bool, by
) -> Candidacy:
    """Record the candidate an MSO nominates: one per MSO, before the deadline (§ 3)."""
    election = _lock_election(election)
    _require_preparation(election, _("Nominations are closed: voting has begun."))
    if timezone.now() >= election.nomination_deadline:
        raise ValidationError(
            _("The nomination deadline passed on %(deadline)s.")
            % {"deadline": _when(election.nomination_deadline)}
        )
    if not consent:
        raise ValidationError(
            _("The candidate must agree that their name and organisation are published.")
        )
    if not election.register.filter(organization=organization).exists():
        raise ValidationError(_("Only organisations on the register can nominate a candidate."))
    standing = election.candidacies.filter(withdrawn_at__isnull=True)
    if standing.filter(organization=organization).exists():
        raise ValidationError(
            _("%(organization)s has already nominated a candidate.")
            % {"organization": organization}
        )
    if standing.filter(person=person).exists():
        raise ValidationError(_("%(person)s is already a candidate.") % {"person": person})
    candidacy = Candidacy(
        election=election, organization=organization, person=person, nominated_by=by
    )
    try:
        with transaction.atomic():
            _by(candidacy, by).save()
    except IntegrityError as error:  # a concurrent nomination got there first
        raise ValidationError(
            _("%(organization)s has already nominated a candidate.")
            % {"organization": organization}
        ) from error
    if not person.listed_publicly:
        # The consent covers being named as candidate and, if elected, as member of the body.
        person.listed_publicly = True
        _by(person, by).save(update_fields=["listed_publicly"])
    record(
        election,
        "candidate_nominated",
        _("%(organization)s nominated a candidate in %(title)s.")
        % {"organization": organization, "title": election.title},
        by,
    )
    return candidacy


@transaction.atomic
def withdraw_candidacy(*, candidacy: Candidacy, by) -> Candidacy:
    """Record a withdrawal; possible until the runoff opens, never while a round runs (§ 3, § 6)."""
    election = _lock_election(candidacy.election)
    candidacy = Candidacy.objects.select_for_update().get(pk=candidacy.pk)
    if candidacy.withdrawn_at is not None:
        raise ValidationError(_("This candidacy has already been withdrawn."))
    if election.is_published:
        raise ValidationError(_("The result has been published."))
    rounds = election.rounds.all()
    if rounds.exclude(status=VotingRound.Status.COUNTED).exists():
        raise ValidationError(
            _("A candidacy cannot be withdrawn while a round is open or being counted.")
        )
    if rounds.filter(number=2).exists():
        raise ValidationError(
            _("The runoff has been held; a candidacy can no longer be withdrawn.")
        )
    candidacy.withdrawn_at = timezone.now()
    candidacy.withdrawn_by = by
    _by(candidacy, by).save(update_fields=["withdrawn_at", "withdrawn_by"])
    record(
        election,
        "candidacy_withdrawn",
        _("%(organization)s withdrew its candidacy in %(title)s.")
        % {"organization": candidacy.organization, "title": election.title},
        by,
    )
    return candidacy


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
        _by(election, by).save(update_fields=["status", "register_frozen_at"])
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
            _by(voting_round, by).save()
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


def _lock_round(voting_round: VotingRound) -> VotingRound:
    return (
        VotingRound.objects.select_for_update().select_related("election").get(pk=voting_round.pk)
    )


@transaction.atomic
def close_round(*, voting_round: VotingRound, by) -> VotingRound:
    """End the voting of a round; then the paper ballots are counted."""
    voting_round = _lock_round(voting_round)
    if not voting_round.is_open:
        raise ValidationError(_("This round is not open."))
    voting_round.status = VotingRound.Status.CLOSED
    voting_round.closed_at = timezone.now()
    voting_round.closed_by = by
    _by(voting_round, by).save(update_fields=["status", "closed_at", "closed_by"])
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
    """Store one vote (a candidacy, or None to abstain) and use up the code (§ 7, § 9).

    The open round is locked first, then the code: two requests with the same code run one
    after the other, and the second finds the code used. The unique participation per
    organisation and round backs this up in the database.
    """
    voting_round = open_round_of(election, lock=True)
    voting_code = _check_code(election=election, code=code, voting_round=voting_round, lock=True)
    if candidacy is not None and not voting_round.candidacies.filter(pk=candidacy.pk).exists():
        raise ValidationError(_("Please choose a candidate from the ballot or abstain."))
    try:
        with transaction.atomic():
            Participation.objects.create(
                voting_round=voting_round,
                organization_id=voting_code.organization_id,
                channel=Participation.Channel.ELECTRONIC,
            )
    except IntegrityError as error:
        raise ValidationError(_("Your organisation has already voted in this round.")) from error
    Ballot.objects.create(voting_round=voting_round, candidacy=candidacy)
    # An update without a history row: the time of use would tell when the organisation voted.
    VotingCode.objects.filter(pk=voting_code.pk).update(status=VotingCode.Status.USED)


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
    _by(count, by).save()
    existing = {line.candidacy_id: line for line in count.lines.all()}
    for candidacy_id, number in votes.items():
        line = existing.get(candidacy_id) or PaperCountLine(
            paper_count=count, candidacy_id=candidacy_id
        )
        if line.pk is None or line.votes != number:
            line.votes = number
            _by(line, by).save()
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
    _by(voting_round, by).save(update_fields=["status", "counted_at", "counted_by"])
    record(
        voting_round.election,
        "round_counted",
        _("Round %(number)s of %(title)s has been counted.")
        % {"number": voting_round.number, "title": voting_round.election.title},
        by,
    )
    return voting_round


def _pending_tie(voting_round: VotingRound):
    """The tie the lot must decide in this round now, or a ValidationError."""
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
        note=note.strip(),
        drawn_by=by,
    )
    _by(lot, by).save()
    for position, candidacy in enumerate(order, start=1):
        _by(LotDrawEntry(lot_draw=lot, candidacy=candidacy, position=position), by).save()
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
    tie = _pending_tie(voting_round)
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
    tie = _pending_tie(voting_round)
    tied = {candidacy.pk for candidacy in tie.candidacies}
    drawn = [candidacy.pk for candidacy in order]
    if len(drawn) != len(tied) or set(drawn) != tied:
        raise ValidationError(
            _("Enter the order in which every tied candidate was drawn, each exactly once.")
        )
    if not note.strip():
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
    _by(election, by).save(update_fields=["status", "published_at", "published_by"])
    record(
        election,
        "election_published",
        _("The result of %(title)s has been published.") % {"title": election.title},
        by,
        public=True,
    )
    return memberships
