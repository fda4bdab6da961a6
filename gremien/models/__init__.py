"""Bodies (Gremien), organisations, persons, seats and memberships of the LIP process.

The package splits the models by subject; import them from here.
"""

# Imported in the order the models had in the former single module, so the app registry (and
# with it get_models(), content types and permissions) lists them as before.
# isort: off
from .organizations import District, Organization, Person
from .committees import Committee, Role, SeatRule, Subtopic
from .memberships import Membership, MembershipQuerySet
from .proposals import Nomination, ScopeChange
from .meetings import AgendaItem, Attendance, Meeting, Minutes

# isort: on

__all__ = [
    "AgendaItem",
    "Attendance",
    "Committee",
    "District",
    "Meeting",
    "Membership",
    "MembershipQuerySet",
    "Minutes",
    "Nomination",
    "Organization",
    "Person",
    "Role",
    "ScopeChange",
    "SeatRule",
    "Subtopic",
]
