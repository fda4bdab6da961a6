"""What the election services share: the event log, history users, row locks and the code hash."""

import datetime
import hashlib
import hmac

from django.conf import settings
from django.utils import formats, timezone

from lip.events import record_event

from ..models import Election, VotingRound

# Codes: 12 characters without look-alikes (no 0/O, 1/I/L), about 59 bits of chance.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12


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


def _when(value: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


def _names(candidacies) -> str:
    return ", ".join(str(candidacy.person) for candidacy in candidacies)


def _lock_election(election: Election) -> Election:
    return Election.objects.select_for_update().get(pk=election.pk)


def _lock_round(voting_round: VotingRound) -> VotingRound:
    return (
        VotingRound.objects.select_for_update().select_related("election").get(pk=voting_round.pk)
    )


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
