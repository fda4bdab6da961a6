"""The chair (Vorsitz / Sprecher*in) of each expert group, named by its Dezernat.

The council document invites the public to a Podiumsdiskussion "mit den Vorsitzenden der
Expert*innengruppe"; ``chairs()`` lists them for such an event.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lip.events import record_event
from lip.history import as_history_user

from ..models import Committee, Membership


@dataclass(frozen=True)
class GroupChair:
    """An expert group and its current chair (None while it has none)."""

    committee: Committee
    membership: Membership | None

    @property
    def public_name(self) -> str:
        """The chair's name as public pages show it (the full name only with consent)."""
        return self.membership.public_name if self.membership else ""


def chairs() -> list[GroupChair]:
    """The expert groups in their order, each with its current chair. Two queries."""
    groups = list(Committee.objects.filter(kind=Committee.Kind.EXPERT_GROUP))
    current = (
        Membership.objects.current()
        .filter(is_chair=True, committee__in=[group.pk for group in groups])
        .select_related("person", "organization")
        .order_by("start_date", "pk")
    )
    by_group = {membership.committee_id: membership for membership in current}
    return [GroupChair(committee=group, membership=by_group.get(group.pk)) for group in groups]


@transaction.atomic
def set_chair(*, committee: Committee, membership: Membership | None, by) -> Membership | None:
    """Make a current member the group's chair (the previous chair steps down), or, with
    ``membership=None``, leave the group without a chair."""
    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    if committee.kind != Committee.Kind.EXPERT_GROUP:
        raise ValidationError(
            _("Only expert groups get their chair here; the steering group's chair is a seat.")
        )
    current = list(Membership.objects.current().filter(committee=committee, is_chair=True))
    # Ended or future memberships still flagged keep their flag: it is their history.
    if membership is not None:
        membership = (
            Membership.objects.current()
            .select_related("person")
            .filter(pk=membership.pk, committee=committee)
            .first()
        )
        if membership is None:
            raise ValidationError(_("Only a current member of the group can be its chair."))
        if membership.is_chair:
            raise ValidationError(
                _("%(person)s is already the chair of this group.") % {"person": membership.person}
            )
    elif not current:
        raise ValidationError(_("This group has no chair at the moment."))
    for previous in current:
        previous.is_chair = False
        as_history_user(previous, by).save(update_fields=["is_chair"])
    if membership is not None:
        membership.is_chair = True
        try:
            with transaction.atomic():
                as_history_user(membership, by).save(update_fields=["is_chair"])
        except IntegrityError as error:  # the database constraint: one open chair per group
            raise ValidationError(_("This body already has a chair.")) from error
        summary = _("%(group)s: %(person)s is now the chair of the expert group.") % {
            "group": committee.name,
            "person": membership.person.full_name,
        }
    else:
        summary = _("%(group)s: the expert group has no chair at the moment.") % {
            "group": committee.name
        }
    # Internal: the summary names the person, and the public pages name people only with consent.
    record_event(
        kind="chair_set",
        summary=summary,
        subject=committee,
        by=by,
        public=False,
        url=committee.get_absolute_url(),
    )
    return membership
