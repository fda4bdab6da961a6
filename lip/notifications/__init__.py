"""The notification engine every app calls: ``notify(...)`` inside the service's transaction.

    from lip.notifications import Kind, Recipient, notify

How it works, every kind and who gets it: docs/benachrichtigungen.md.
"""

from .kinds import Kind, Mode
from .services import (
    Message,
    Recipient,
    notify,
    notify_all,
    preferences_of,
    set_preferences,
    unsubscribe,
)

__all__ = [
    "Kind",
    "Message",
    "Mode",
    "Recipient",
    "notify",
    "notify_all",
    "preferences_of",
    "set_preferences",
    "unsubscribe",
]
