"""The app's tunable values: defaults here, overrides in the project settings.

Read them through these functions (not at import time) so tests and deployments can override them.
"""

import datetime

from django.conf import settings

# Version of the privacy notice a person consents to; raise it whenever the notice changes.
PRIVACY_NOTICE_VERSION = "2020-01"

DEFAULTS = {
    # Date the LIP process ended (date or "YYYY-MM-DD"); None while it runs.
    "LIP_PROCESS_END": None,
    # Days after the process end until personal data is deleted or anonymised.
    "LIP_RETENTION_DAYS": 180,
    # Days after an event until the needs stated with a registration are deleted.
    "BETEILIGUNG_NEEDS_RETENTION_DAYS": 30,
    # Hours a confirmation link stays valid; unconfirmed entries are deleted afterwards.
    "BETEILIGUNG_CONFIRMATION_HOURS": 72,
    "PRIVACY_NOTICE_VERSION": PRIVACY_NOTICE_VERSION,
    # Days a mail stays in the outbox after it went out (or failed, or was unsubscribed).
    "NOTIFICATION_RETENTION_DAYS": 180,
}


def get(name: str):
    """A setting of this app: the project's value if set, else the default."""
    return getattr(settings, name, DEFAULTS[name])


def process_end() -> datetime.date | None:
    """The end of the LIP process as a date, or None while it runs."""
    value = get("LIP_PROCESS_END")
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def retention_days() -> int:
    return int(get("LIP_RETENTION_DAYS"))


def confirmation_max_age() -> datetime.timedelta:
    return datetime.timedelta(hours=int(get("BETEILIGUNG_CONFIRMATION_HOURS")))
