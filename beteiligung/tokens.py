"""Signed links for email confirmation (double opt-in) and the personal registration link.

The token carries only the row id, signed with SECRET_KEY and a purpose-specific salt, so nothing
secret is stored and a token for one purpose is worthless for another.
"""

import datetime

from django.core import signing

CONFIRM_CONTRIBUTION = "confirm-contribution"
CONFIRM_CONCERN = "confirm-concern"
CONFIRM_REGISTRATION = "confirm-registration"
MANAGE_REGISTRATION = "manage-registration"


def make_token(purpose: str, pk: int) -> str:
    return signing.dumps(pk, salt=f"beteiligung.{purpose}")


def read_token(purpose: str, token: str, max_age: datetime.timedelta | None = None) -> int | None:
    """The id in a valid token, or None (forged, other purpose or expired)."""
    try:
        value = signing.loads(token, salt=f"beteiligung.{purpose}", max_age=max_age)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None
