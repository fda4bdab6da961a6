"""Signed unsubscribe tokens: an address and the kinds it turns off, without an account.

The token never expires: an unsubscribe link in an old mail must still work (RFC 8058 expects a
link that works for as long as mail can arrive). It is signed with SECRET_KEY (and the
SECRET_KEY_FALLBACKS while a key is rotated), so nobody can make one for another address.
"""

from collections.abc import Iterable

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .kinds import Kind

SALT = "lip.notifications.unsubscribe"


def make_token(email: str, kinds: Iterable[str]) -> str:
    """The token for turning the given kinds off for the address."""
    payload = {"e": email, "k": sorted({str(kind) for kind in kinds})}
    return signing.Signer(salt=SALT).sign_object(payload, compress=True)


def read_token(token: str) -> tuple[str, list[Kind]]:
    """The address and kinds of a token; BadSignature when it was not made by us."""
    payload = signing.Signer(salt=SALT).unsign_object(token)
    try:
        email = payload["e"]
        kinds = [Kind(value) for value in payload["k"]]
    except (KeyError, TypeError, ValueError) as error:
        raise signing.BadSignature("malformed unsubscribe token") from error
    if not isinstance(email, str) or not email or not kinds:
        raise signing.BadSignature("malformed unsubscribe token")
    return email, kinds


def absolute_url(path: str) -> str:
    """An absolute address on the platform (SITE_URL) for a path; absolute URLs stay as they are."""
    if "://" in path:
        return path
    return settings.SITE_URL.rstrip("/") + "/" + path.lstrip("/")


def unsubscribe_url(email: str, kinds: Iterable[str]) -> str:
    """The one-click unsubscribe address for the mail footer and the List-Unsubscribe header."""
    token = make_token(email, kinds)
    return absolute_url(reverse("notifications:unsubscribe", args=[token]))
