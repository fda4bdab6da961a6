"""Rate limits on the public forms, per email address and per network.

No address is kept: django-ratelimit counts under a key derived from a salted HMAC of the
network (IPv4 /24, IPv6 /48) or of the email address, and its cache entry expires with the
limit's period. The salt comes from settings (BETEILIGUNG_HASH_SALT, else SECRET_KEY).
"""

import ipaddress

from django.conf import settings
from django.utils.crypto import salted_hmac
from django_ratelimit.core import is_ratelimited

from . import conf


def _digest(kind: str, value: str) -> str:
    salt = conf.get("BETEILIGUNG_HASH_SALT") or settings.SECRET_KEY
    return salted_hmac(
        f"beteiligung.ratelimit.{kind}", value, secret=salt, algorithm="sha256"
    ).hexdigest()


def network_of(request) -> str:
    """The client's network as text: IPv4 /24 or IPv6 /48 (configurable)."""
    raw = request.META.get(conf.get("BETEILIGUNG_CLIENT_IP_META"), "") or ""
    # X-Forwarded-For style headers may list several addresses; the first is the client.
    raw = raw.split(",")[0].strip()
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return "unknown"
    prefix = (
        conf.get("BETEILIGUNG_IPV4_PREFIX")
        if address.version == 4
        else conf.get("BETEILIGUNG_IPV6_PREFIX")
    )
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def network_key(group, request) -> str:
    """django-ratelimit key function: the salted hash of the client's network."""
    return _digest("network", network_of(request))


def limit_reached(request, *, scope: str, email: str | None = None) -> bool:
    """Count one attempt of ``scope`` (e.g. "contribution") and say whether a limit is hit.

    Both limits count every attempt, so switching addresses does not reset the network's count.
    """
    hit_network = is_ratelimited(
        request,
        group=f"beteiligung.{scope}.network",
        key=network_key,
        rate=conf.rate(f"{scope}_network"),
        increment=True,
    )
    hit_email = False
    if email is not None:
        digest = _digest("email", email.strip().lower())
        hit_email = is_ratelimited(
            request,
            group=f"beteiligung.{scope}.email",
            key=lambda group, request: digest,
            rate=conf.rate(f"{scope}_email"),
            increment=True,
        )
    return hit_network or hit_email
