"""Rate limits and the client's address: one place for every limit in the product.

The client address comes from one function, ``client_address``: behind the proxy that production
runs behind, ``REMOTE_ADDR`` is the proxy's own address, so every visitor would share one counter;
the proxy passes the visitor's address in a header (``CLIENT_IP_HEADER``).

Counters live in the database (``RateLimitCounter``), one row per limit, key and time window,
increased by one atomic ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` statement: under any number
of concurrent requests, the n-th attempt sees exactly n. No address is stored: the key is a salted
HMAC of what is counted (a network, an email address, an account).
"""

import ipaddress
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.utils.crypto import salted_hmac

# Every limit of the product, "count/period" with period s, m, h or d and an optional factor
# ("10/15m" = ten per quarter of an hour). RATE_LIMITS in the settings (or the environment
# variable of the same name, "name=10/h,other=5/m") overrides single entries.
DEFAULT_RATES = {
    # Public comments, Vorschläge and Anliegen (beteiligung).
    "contribution_email": "10/h",
    "contribution_network": "30/h",
    # Event registrations.
    "registration_email": "5/h",
    "registration_network": "20/h",
    # Reports of a comment.
    "report_network": "20/h",
    # Initiativvorschläge for the expert groups (gremien).
    "nomination_email": "5/h",
    "nomination_network": "20/h",
    # Wrong one-time voting codes per network (wahlen); a valid code always goes through.
    "voting_code_network": "30/15m",
    # Requests for a password reset link (lip/password_reset.py), known address or not.
    "password_reset_email": "5/h",
    "password_reset_network": "20/h",
}

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


def parse_rate(text: str) -> Rate:
    """'30/h' → Rate(30, 3600); '10/15m' → Rate(10, 900)."""
    count, _slash, period = text.strip().partition("/")
    factor = period[:-1] or "1"
    unit = period[-1:]
    if not count.isdigit() or not factor.isdigit() or unit not in _UNITS:
        raise ValueError(f"invalid rate {text!r}, expected e.g. '30/h' or '10/15m'")
    return Rate(int(count), int(factor) * _UNITS[unit])


def rate_for(name: str) -> Rate:
    """The configured rate of one limit."""
    overrides = getattr(settings, "RATE_LIMITS", None) or {}
    return parse_rate(overrides.get(name, DEFAULT_RATES[name]))


def client_address(request) -> str:
    """The visitor's IP address as text ("" if unknown).

    ``CLIENT_IP_HEADER`` names the ``request.META`` key in which the proxy passes it
    (``HTTP_X_REAL_IP`` in production, ``REMOTE_ADDR`` without a proxy). Where a header lists
    several addresses (X-Forwarded-For), the last one is the one our proxy added; the ones before
    it come from the client and can be forged.
    """
    header = getattr(settings, "CLIENT_IP_HEADER", "REMOTE_ADDR") or "REMOTE_ADDR"
    raw = request.META.get(header) or request.META.get("REMOTE_ADDR") or ""
    candidate = raw.split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return ""


def network_of(request) -> str:
    """The visitor's network: IPv4 /24 or IPv6 /48 (``RATE_LIMIT_IPV4_PREFIX``/``…IPV6…``)."""
    address = client_address(request)
    if not address:
        return "unknown"
    ip = ipaddress.ip_address(address)
    if ip.version == 4:
        prefix = getattr(settings, "RATE_LIMIT_IPV4_PREFIX", 24)
    else:
        prefix = getattr(settings, "RATE_LIMIT_IPV6_PREFIX", 48)
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def hashed(kind: str, value: str) -> str:
    """A salted HMAC of what a limit counts: the counter table holds no address."""
    salt = getattr(settings, "RATE_LIMIT_SALT", None) or settings.SECRET_KEY
    return salted_hmac(f"lip.ratelimit.{kind}", value, secret=salt, algorithm="sha256").hexdigest()


def _window(rate: Rate, now: float) -> int:
    return int(now // rate.seconds)


def count_attempt(name: str, value: str, *, now: float | None = None) -> int:
    """Count one attempt under limit ``name`` for ``value``; returns the count in this window."""
    from .models import RateLimitCounter

    rate = rate_for(name)
    now = time.time() if now is None else now
    window = _window(rate, now)
    table = connection.ops.quote_name(RateLimitCounter._meta.db_table)
    sql = (
        f"INSERT INTO {table} (scope, key, period_index, hits, expires_at) "  # noqa: S608
        "VALUES (%s, %s, %s, 1, %s) "
        "ON CONFLICT (scope, key, period_index) "
        f"DO UPDATE SET hits = {table}.hits + 1 RETURNING hits"
    )
    expires = int((window + 1) * rate.seconds)
    with connection.cursor() as cursor:
        cursor.execute(sql, [name, hashed(name, value), window, expires])
        (hits,) = cursor.fetchone()
    return hits


def attempts(name: str, value: str, *, now: float | None = None) -> int:
    """How many attempts limit ``name`` has counted for ``value`` in the current window."""
    from .models import RateLimitCounter

    rate = rate_for(name)
    now = time.time() if now is None else now
    row = (
        RateLimitCounter.objects.filter(
            scope=name, key=hashed(name, value), period_index=_window(rate, now)
        )
        .values_list("hits", flat=True)
        .first()
    )
    return row or 0


def hit(name: str, value: str, *, now: float | None = None) -> bool:
    """Count one attempt; True when it goes beyond the limit (the caller refuses it)."""
    return count_attempt(name, value, now=now) > rate_for(name).count


def is_limited(name: str, value: str, *, now: float | None = None) -> bool:
    """Whether the limit is already used up, without counting anything."""
    return attempts(name, value, now=now) >= rate_for(name).count


def delete_expired(*, now: float | None = None) -> int:
    """Remove counters of past windows; returns how many."""
    from .models import RateLimitCounter

    now = time.time() if now is None else now
    deleted, _details = RateLimitCounter.objects.filter(expires_at__lte=int(now)).delete()
    return deleted


def limit_reached(request, *, scope: str, email: str | None = None) -> bool:
    """Count one attempt of a public form (``scope``_network, ``scope``_email) and say whether a
    limit is hit.

    Both limits count every attempt, so switching addresses does not reset the network's count.
    """
    over_network = hit(f"{scope}_network", network_of(request))
    over_email = False
    if email is not None:
        over_email = hit(f"{scope}_email", email.strip().lower())
    return over_network or over_email
