"""Who may do what in gremien: the only place that decides it."""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from lip.roles import Role, has_role, roles_of

from .models import Committee, Membership, Organization


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
