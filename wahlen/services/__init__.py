"""Every write of the MSO election. The rules are those of docs/wahlordnung.md (§ numbers below).

Each service locks the row whose state it checks, raises ValidationError with a message for the
Wahlleitung or the voter, and names the acting user in the history.

The package splits the services by step of the election; import them from here:
``setup`` (election, register, nominations, withdrawals), ``rounds`` (rounds, codes, paper
ballots and the count), ``voting`` (the voter's code and ballot), ``results`` (lots and
publishing). ``_common`` holds what they share: the event log, row locks and the code hash.
"""

from ._common import CODE_ALPHABET, CODE_LENGTH, format_code, hash_code, normalize_code, record
from .results import draw_lot, publish_result, record_lot
from .rounds import (
    IssuedCode,
    close_round,
    enter_paper_count,
    finalize_count,
    generate_codes,
    issue_paper_ballot,
    open_round,
    reissue_code,
)
from .setup import (
    STEERING_GROUP_SLUG,
    create_election,
    nominate_candidate,
    nominate_person,
    register_organization,
    unregister_organization,
    update_election,
    withdraw_candidacy,
)
from .voting import UnknownCode, cast_ballot, check_code, open_round_of

__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "STEERING_GROUP_SLUG",
    "IssuedCode",
    "UnknownCode",
    "cast_ballot",
    "check_code",
    "close_round",
    "create_election",
    "draw_lot",
    "enter_paper_count",
    "finalize_count",
    "format_code",
    "generate_codes",
    "hash_code",
    "issue_paper_ballot",
    "nominate_candidate",
    "nominate_person",
    "normalize_code",
    "open_round",
    "open_round_of",
    "publish_result",
    "record",
    "record_lot",
    "register_organization",
    "reissue_code",
    "unregister_organization",
    "update_election",
    "withdraw_candidacy",
]
