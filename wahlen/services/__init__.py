"""Every write of the MSO election. The rules are those of docs/wahlordnung.md (§ numbers below).

Each service locks the row whose state it checks, raises ValidationError with a message for the
Wahlleitung or the voter, and names the acting user in the history.

The package splits the services by step of the election; import them from here:
``setup`` (election, register, nominations, withdrawals), ``rounds`` (rounds with their keys,
codes, paper ballots, repeating a round), ``count`` (paper count, opening the sealed ballots),
``voting`` (the voter's code and sealed ballot), ``results`` (lots and publishing),
``invitations`` (the invitation of the organisations by mail and letter). ``_common``
holds what they share: the event log, row locks and the code hash.
"""

from ._common import CODE_ALPHABET, CODE_LENGTH, format_code, hash_code, normalize_code, record
from .count import enter_paper_count, finalize_count
from .invitations import (
    SentInvitations,
    check_invitation_details,
    invitations_by_organization,
    send_invitations,
    vote_url,
)
from .results import draw_lot, pending_tie, publish_result, record_lot
from .rounds import (
    IssuedCode,
    NextRound,
    OpenedRound,
    close_round,
    generate_codes,
    issue_paper_ballot,
    next_round,
    open_round,
    reissue_code,
    repeat_round,
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
    "NextRound",
    "OpenedRound",
    "SentInvitations",
    "UnknownCode",
    "cast_ballot",
    "check_code",
    "check_invitation_details",
    "close_round",
    "create_election",
    "draw_lot",
    "enter_paper_count",
    "finalize_count",
    "format_code",
    "generate_codes",
    "hash_code",
    "invitations_by_organization",
    "issue_paper_ballot",
    "next_round",
    "nominate_candidate",
    "nominate_person",
    "normalize_code",
    "open_round",
    "open_round_of",
    "pending_tie",
    "publish_result",
    "record",
    "record_lot",
    "register_organization",
    "reissue_code",
    "repeat_round",
    "send_invitations",
    "unregister_organization",
    "update_election",
    "vote_url",
    "withdraw_candidacy",
]
