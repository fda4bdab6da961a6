"""Who may do what in umsetzung: the only place that decides it.

A measure's responsible unit reports on it: the people whose organisation is that unit, and the
staff of the Dezernat the unit belongs to (as the Dezernate staff their expert groups, see
gremien.permissions). OE 50.6 approves the reports and may do everything.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from gremien.permissions import department_of, is_office
from lip.roles import Role, has_role

from .models import Measure


def _organization_of(user) -> int | None:
    """The organisation of the user's person, if they have one."""
    return (
        get_user_model()
        .objects.filter(pk=user.pk)
        .values_list("person__organization", flat=True)
        .first()
    )


def reportable_measures(user) -> QuerySet[Measure]:
    """The measures the user may write reports and indicator values on."""
    measures = Measure.objects.all()
    if not user.is_authenticated:
        return measures.none()
    if is_office(user):
        return measures
    scope = Q(pk__in=[])
    organization = _organization_of(user)
    if organization is not None:
        scope |= Q(responsible_unit=organization)
    if has_role(user, Role.DEPARTMENT):
        department = department_of(user)
        if department is not None:
            scope |= (
                Q(responsible_unit=department.pk)
                | Q(responsible_unit__parent=department.pk)
                | Q(responsible_unit__parent__parent=department.pk)
            )
    return measures.filter(scope)


def can_report_on(user, measure: Measure) -> bool:
    """Whether the user writes reports and indicator values for this measure."""
    return reportable_measures(user).filter(pk=measure.pk).exists()


def can_view_unit_pages(user) -> bool:
    """The page "our measures": for whoever has at least one measure to report on."""
    return reportable_measures(user).exists()


def can_approve_reports(user) -> bool:
    """OE 50.6 approves or returns the submitted reports and issues the yearly report."""
    return is_office(user)
