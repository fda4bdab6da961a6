"""Every write with a rule in beteiligung; views, commands and the admin call these, nothing else
writes. Each is atomic, locks the row whose state it checks, refuses with a German message and
sends its mails only after the commit."""

from .concerns import (
    CONCERN_CONSENT_TEXT,
    confirm_concern,
    enter_concern,
    mark_concern_as_spam,
    route_concern,
    submit_concern,
)
from .considerations import answer, responsible_group_id
from .contributions import (
    CONSENT_TEXT,
    approve_contribution,
    confirm_contribution,
    mark_contribution_as_spam,
    reject_contribution,
    report_contribution,
    submit_comment,
    submit_suggestion,
)
from .events import (
    NEEDS_CONSENT_TEXT,
    cancel_event,
    cancel_registration,
    cancellation_refusal,
    confirm_registration,
    fill_free_places,
    free_places,
    publish_event,
    register_for_event,
    waiting_position,
)
from .privacy import export_personal_data, purge_personal_data
from .windows import (
    change_comment_window_end,
    close_comment_window,
    publish_for_comment,
    record_elapsed_windows,
)

__all__ = [
    "CONCERN_CONSENT_TEXT",
    "CONSENT_TEXT",
    "NEEDS_CONSENT_TEXT",
    "answer",
    "approve_contribution",
    "cancel_event",
    "cancel_registration",
    "cancellation_refusal",
    "change_comment_window_end",
    "close_comment_window",
    "confirm_concern",
    "confirm_contribution",
    "confirm_registration",
    "enter_concern",
    "export_personal_data",
    "fill_free_places",
    "free_places",
    "mark_concern_as_spam",
    "mark_contribution_as_spam",
    "publish_event",
    "publish_for_comment",
    "purge_personal_data",
    "record_elapsed_windows",
    "register_for_event",
    "reject_contribution",
    "report_contribution",
    "responsible_group_id",
    "route_concern",
    "submit_comment",
    "submit_concern",
    "submit_suggestion",
    "waiting_position",
]
