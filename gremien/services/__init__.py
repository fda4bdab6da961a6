"""Every write with a rule in gremien: staffing, proposals, the topic scope, meetings, chairs.

The package splits the services by subject; import them from here.
"""

from .agenda import add_agenda_item, move_agenda_item, remove_agenda_item, update_agenda_item
from .attendance import attendance_members, record_attendance
from .chairs import GroupChair, chairs, set_chair
from .meetings import cancel_meeting, mark_meeting_held, move_meeting, plan_meeting
from .memberships import (
    add_member,
    add_membership,
    end_membership,
    replace_member,
    replace_membership,
)
from .minutes import (
    StaleMinutes,
    attach_minutes_file,
    publish_minutes,
    remove_minutes_file,
    save_minutes,
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
    "GroupChair",
    "StaleMinutes",
    "accept_nomination",
    "add_agenda_item",
    "add_member",
    "add_membership",
    "agree_scope_change",
    "apply_scope_change",
    "attach_minutes_file",
    "attendance_members",
    "cancel_meeting",
    "chairs",
    "create_person",
    "decline_nomination",
    "end_membership",
    "mark_meeting_held",
    "move_agenda_item",
    "move_meeting",
    "plan_meeting",
    "propose_scope_change",
    "publish_minutes",
    "record_attendance",
    "reject_scope_change",
    "remove_agenda_item",
    "remove_minutes_file",
    "replace_member",
    "replace_membership",
    "save_minutes",
    "set_chair",
    "submit_nomination",
    "update_agenda_item",
]
