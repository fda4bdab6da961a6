"""The platform's roles: Django groups created by the migration lip/0001_roles."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lip import pagecache


class Role(models.TextChoices):
    # The value is the group's name in the database; keep it in sync with lip/migrations.
    OFFICE = "Geschäftsstelle", _("Office (OE 50.6)")
    DEPARTMENT = "Dezernat", _("Department")
    EXPERT_GROUP = "Expert*innengruppe", _("Expert group")
    STATEMENT = "Stellungnahme", _("Statement bodies")
    COMMITTEE = "Ausschuss", _("Committee members")


NAMES_ATTRIBUTE = "_lip_group_names"


def _group_names(user) -> frozenset[str]:
    """The names of the user's groups: asked in several places of a page (navigation,
    permissions, tasks), read once per user object, and from the fragment cache under the
    gremien generation (lip/pagecache.py), which every change of a user's groups bumps.

    The cached entry is keyed by the account and only ever read for it. ``groups.add()`` and
    the like on the same object forget the names kept on it (``forget_group_names``).
    """
    names = getattr(user, NAMES_ATTRIBUTE, None)
    if names is None:
        names = frozenset(
            pagecache.cached(
                "group-names",
                (pagecache.GREMIEN,),
                lambda: list(user.groups.values_list("name", flat=True)),
                vary=[user.pk],
            )
        )
        setattr(user, NAMES_ATTRIBUTE, names)
    return names


def forget_group_names(sender, instance, action, **kwargs) -> None:
    """m2m_changed of User.groups: the names kept on the changed user object are stale."""
    if action.startswith("post_"):
        instance.__dict__.pop(NAMES_ATTRIBUTE, None)


def roles_of(user) -> list[Role]:
    """The roles a user holds, in the order of Role."""
    if not user.is_authenticated:
        return []
    names = _group_names(user)
    return [role for role in Role if role.value in names]


def has_role(user, role: Role) -> bool:
    """Whether the user belongs to the role's group."""
    return user.is_authenticated and role.value in _group_names(user)
