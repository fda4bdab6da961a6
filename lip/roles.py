"""The platform's roles: Django groups created by the migration lip/0001_roles."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    # The value is the group's name in the database; keep it in sync with lip/migrations.
    OFFICE = "Geschäftsstelle", _("Office (OE 50.6)")
    DEPARTMENT = "Dezernat", _("Department")
    EXPERT_GROUP = "Expert*innengruppe", _("Expert group")
    STATEMENT = "Stellungnahme", _("Statement bodies")
    COMMITTEE = "Ausschuss", _("Committee members")


def roles_of(user) -> list[Role]:
    """The roles a user holds, in the order of Role."""
    if not user.is_authenticated:
        return []
    names = {group.name for group in user.groups.all()}
    return [role for role in Role if role.value in names]


def has_role(user, role: Role) -> bool:
    """Whether the user belongs to the role's group."""
    return user.is_authenticated and user.groups.filter(name=role.value).exists()
