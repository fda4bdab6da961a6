"""Every write with a rule in gremien: staffing, proposals, the topic scope, meetings.

The package splits the services by subject; import them from here.
"""

from .meetings import cancel_meeting, mark_meeting_held, move_meeting, plan_meeting
from .memberships import (
    add_member,
    add_membership,
    end_membership,
    replace_member,
    replace_membership,
)
from .nominations import (
    NOMINATION_CONSENT_TEXT,
    accept_nomination,
    decline_nomination,
    submit_nomination,
)
from .persons import create_person
from .scope import (
    agree_scope_change,
    apply_scope_change,
    propose_scope_change,
    reject_scope_change,
)

__all__ = [
    "NOMINATION_CONSENT_TEXT",
    "accept_nomination",
    "add_member",
    "add_membership",
    "agree_scope_change",
    "apply_scope_change",
    "cancel_meeting",
    "create_person",
    "decline_nomination",
    "end_membership",
    "mark_meeting_held",
    "move_meeting",
    "plan_meeting",
    "propose_scope_change",
    "reject_scope_change",
    "replace_member",
    "replace_membership",
    "submit_nomination",
]
