"""Who may see the internal detail of the progress pages."""

from django.utils import timezone

from gremien.models import Committee, Membership
from gremien.permissions import is_office

from .roles import Role, roles_of


def can_see_internal_progress(user) -> bool:
    """Ausschuss members, Lenkungsgruppe members and the office see pending and overdue detail."""
    if not user.is_authenticated:
        return False
    if is_office(user) or Role.COMMITTEE in roles_of(user):
        return True
    return (
        Membership.objects.current(timezone.localdate())
        .filter(person__user=user, committee__kind=Committee.Kind.STEERING_GROUP)
        .exists()
    )
