"""The office's (OE 50.6) back office for bodies, people, seats, proposals and meetings.

The package splits the admin by subject; importing the modules here runs their
@admin.register decorators when Django autodiscovers gremien.admin.
"""

from ._actions import take_step
from .committees import (
    CommitteeAdmin,
    MembershipInline,
    SeatRuleAdmin,
    SeatRuleInline,
    SubtopicAdmin,
    SubtopicInline,
)
from .meetings import MeetingAdmin
from .memberships import CurrentMembershipFilter, MembershipAdmin
from .organizations import DistrictAdmin, OrganizationAdmin, PersonAdmin, PersonMembershipInline
from .proposals import NominationAdmin, ScopeChangeAdmin

__all__ = [
    "CommitteeAdmin",
    "CurrentMembershipFilter",
    "DistrictAdmin",
    "MeetingAdmin",
    "MembershipAdmin",
    "MembershipInline",
    "NominationAdmin",
    "OrganizationAdmin",
    "PersonAdmin",
    "PersonMembershipInline",
    "ScopeChangeAdmin",
    "SeatRuleAdmin",
    "SeatRuleInline",
    "SubtopicAdmin",
    "SubtopicInline",
    "take_step",
]
