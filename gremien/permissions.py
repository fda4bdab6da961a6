"""Who may do what in gremien: the only place that decides it."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from lip.roles import Role, has_role, roles_of

from .models import Committee, Meeting, Membership, Minutes, Organization


def is_office(user) -> bool:
    """Staff of the office (OE 50.6) or a superuser."""
    return user.is_authenticated and (user.is_superuser or has_role(user, Role.OFFICE))


def department_of(user) -> Organization | None:
    """The Dezernat a signed-in user works in, through their person's organisation tree."""
    if not user.is_authenticated:
        return None
    # get_user_model(), not type(user): request.user is a SimpleLazyObject.
    person = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .values_list(
            "person__organization",
            "person__organization__kind",
            "person__organization__parent",
            "person__organization__parent__kind",
            "person__organization__parent__parent",
            "person__organization__parent__parent__kind",
        )
        .first()
    )
    if not person:
        return None
    # Walk up: Bereich -> Fachbereich -> Dezernat.
    for pk, kind in zip(person[0::2], person[1::2], strict=True):
        if kind == Organization.Kind.DEPARTMENT:
            return Organization(pk=pk, kind=kind)
    return None


def staffable_committees(user) -> QuerySet[Committee]:
    """The expert groups a user may staff: their Dezernat's groups; the office may staff all."""
    groups = Committee.objects.filter(kind=Committee.Kind.EXPERT_GROUP)
    if is_office(user):
        return groups
    if not has_role(user, Role.DEPARTMENT):
        return groups.none()
    department = department_of(user)
    if department is None:
        return groups.none()
    return groups.filter(lead_departments=department.pk)


def can_view_staffing_overview(user) -> bool:
    """The staffing pages are for the Dezernate and the office, even before a group is assigned."""
    return is_office(user) or has_role(user, Role.DEPARTMENT)


def can_staff_committee(user, committee: Committee) -> bool:
    """Whether the user may add, replace and end members and decide the group's proposals."""
    return staffable_committees(user).filter(pk=committee.pk).exists()


def is_current_member(user, committee: Committee) -> bool:
    """Whether the user's person sits in the body today."""
    if not user.is_authenticated:
        return False
    return Membership.objects.current().filter(committee=committee, person__user=user.pk).exists()


def can_propose_scope_change(user, committee: Committee) -> bool:
    """The expert group itself (its current members with an account) and its Dezernat (and the
    office, which may staff every group) propose changes of the group's topic scope."""
    if committee.kind != Committee.Kind.EXPERT_GROUP or not user.is_authenticated:
        return False
    return is_current_member(user, committee) or can_staff_committee(user, committee)


def can_decide_scope_change(user) -> bool:
    """Recording the steering group's agreement and applying a change is the office's job."""
    return is_office(user)


def can_see_demographics(user) -> bool:
    """Gender and international-history aggregates: office, Dezernate and committee members."""
    if not user.is_authenticated:
        return False
    roles = set(roles_of(user))  # one query for all roles
    return user.is_superuser or bool(roles & {Role.OFFICE, Role.DEPARTMENT, Role.COMMITTEE})


def can_plan_meetings(user, committee: Committee) -> bool:
    """OE 50.6 plans the meetings of every body; a Dezernat those of the expert groups it leads
    (it decides their Arbeitsmodus), including their Klausurtagungen."""
    if is_office(user):
        return True
    if committee.kind != Committee.Kind.EXPERT_GROUP:
        return False
    return can_staff_committee(user, committee)


@dataclass(frozen=True)
class MeetingRights:
    """What a user may do with one meeting; the meeting page asks once and passes it on."""

    manage: bool  # move, cancel, agenda, attendance, minutes
    insider: bool  # OE 50.6, the planners, current members of the host or a participating body
    view: bool  # the page itself
    read_internal_minutes: bool
    read_draft_minutes: bool


def meeting_rights(user, meeting: Meeting, *, minutes_published: bool = False) -> MeetingRights:
    """Public meetings and meetings with published minutes: everyone sees the page; otherwise
    only the insiders. Internal minutes: the insiders; a draft: those who write it."""
    manage = can_plan_meetings(user, meeting.committee)
    insider = manage or (
        user.is_authenticated
        and Membership.objects.current()
        .filter(person__user=user.pk)
        .filter(Q(committee=meeting.committee_id) | Q(committee__joint_meetings=meeting.pk))
        .exists()
    )
    return MeetingRights(
        manage=manage,
        insider=insider,
        view=insider or meeting.is_public or minutes_published,
        read_internal_minutes=insider,
        read_draft_minutes=manage,
    )


def can_view_minutes(user, minutes: Minutes) -> bool:
    """The minutes and their files: a draft for those who write it, internal minutes for the
    insiders of the meeting, published minutes for everyone (as the meeting page shows them)."""
    if minutes.status == Minutes.Status.PUBLISHED:
        return True
    rights = meeting_rights(user, minutes.meeting)
    if minutes.status == Minutes.Status.INTERNAL:
        return rights.read_internal_minutes
    return rights.read_draft_minutes


def can_set_chair(user, committee: Committee) -> bool:
    """The Dezernat (and OE 50.6) names the chair of an expert group it staffs."""
    return committee.kind == Committee.Kind.EXPERT_GROUP and can_staff_committee(user, committee)


@dataclass(frozen=True)
class CommitteePageRights:
    """What the page of one body offers a user, decided with as few queries as possible."""

    propose_scope_change: bool
    see_demographics: bool
    plan_meetings: bool
    meeting_insider: bool  # sees the body's internal meetings (as meeting_rights decides)
    member: bool  # also sees internal meetings of other bodies this body takes part in


def committee_page_rights(user, committee: Committee) -> CommitteePageRights:
    """The same rules as can_propose_scope_change, can_see_demographics, can_plan_meetings and
    meeting_rights, for the body's page: the roles and the membership are read once each."""
    if not user.is_authenticated:
        return CommitteePageRights(False, False, False, False, False)
    roles = set(roles_of(user))
    office = user.is_superuser or Role.OFFICE in roles
    expert_group = committee.kind == Committee.Kind.EXPERT_GROUP
    staffs = expert_group and (
        office
        or (
            Role.DEPARTMENT in roles
            and (department := department_of(user)) is not None
            and committee.lead_departments.filter(pk=department.pk).exists()
        )
    )
    member = is_current_member(user, committee)
    plan = office or staffs
    return CommitteePageRights(
        propose_scope_change=expert_group and (member or staffs),
        see_demographics=user.is_superuser
        or bool(roles & {Role.OFFICE, Role.DEPARTMENT, Role.COMMITTEE}),
        plan_meetings=plan,
        meeting_insider=plan or member,
        member=member,
    )
