"""Staffing: seating, ending and replacing memberships."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from lip.history import as_history_user

from ..models import Committee, Membership, Organization, Person
from .persons import create_person


def _overlapping(
    *,
    person: Person,
    committee: Committee,
    start: datetime.date,
    end: datetime.date | None,
    exclude: Membership | None = None,
) -> bool:
    others = Membership.objects.filter(person=person, committee=committee).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=start)
    )
    if end is not None:
        others = others.filter(start_date__lte=end)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    return others.exists()


@transaction.atomic
def add_membership(
    *,
    committee: Committee,
    person: Person,
    role: str,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    organization: Organization | None = None,
    has_vote: bool = True,
    replaces: Membership | None = None,
    by,
) -> Membership:
    """Seat a person in a body from a date; a person sits in a body only once at a time."""
    # Lock the body: staffing changes of one body run one after the other.
    Committee.objects.select_for_update().get(pk=committee.pk)
    if end_date is not None and end_date < start_date:
        raise ValidationError(_("The end must not be before the start."))
    if _overlapping(person=person, committee=committee, start=start_date, end=end_date):
        raise ValidationError(
            _("%(person)s is already a member of %(committee)s in this period.")
            % {"person": person, "committee": committee}
        )
    membership = Membership(
        committee=committee,
        person=person,
        role=role,
        organization=organization or person.organization,
        start_date=start_date,
        end_date=end_date,
        has_vote=has_vote,
        replaces=replaces,
    )
    try:
        with transaction.atomic():
            as_history_user(membership, by).save()
    except IntegrityError as error:  # the database constraint caught a concurrent request
        raise ValidationError(
            _("%(person)s is already a member of %(committee)s in this period.")
            % {"person": person, "committee": committee}
        ) from error
    return membership


@transaction.atomic
def add_member(
    *,
    committee: Committee,
    role: str,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    person: Person | None = None,
    new_person: dict | None = None,
    by,
) -> Membership:
    """Seat an existing person, or create the person first: both are saved or neither."""
    if person is None:
        person = create_person(**(new_person or {}), by=by)
    return add_membership(
        committee=committee,
        person=person,
        role=role,
        start_date=start_date,
        end_date=end_date,
        by=by,
    )


@transaction.atomic
def end_membership(*, membership: Membership, end_date: datetime.date, by) -> Membership:
    """End a membership on its last day; history keeps it."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.end_date is not None and membership.end_date <= end_date:
        raise ValidationError(_("This membership has already ended."))
    if end_date < membership.start_date:
        raise ValidationError(_("The end must not be before the start."))
    membership.end_date = end_date
    as_history_user(membership, by).save(update_fields=["end_date"])
    return membership


@transaction.atomic
def replace_membership(
    *,
    membership: Membership,
    person: Person,
    start_date: datetime.date,
    organization: Organization | None = None,
    by,
) -> Membership:
    """The new person takes the seat from start_date; the old membership ends the day before."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.end_date is not None and membership.end_date < start_date:
        raise ValidationError(_("This membership has already ended."))
    if start_date <= membership.start_date:
        raise ValidationError(_("The replacement must start after the current membership."))
    if person.pk == membership.person_id:
        raise ValidationError(_("A person cannot replace themselves."))
    membership.end_date = start_date - datetime.timedelta(days=1)
    as_history_user(membership, by).save(update_fields=["end_date"])
    return add_membership(
        committee=membership.committee,
        person=person,
        role=membership.role,
        start_date=start_date,
        organization=organization or person.organization or membership.organization,
        has_vote=membership.has_vote,
        replaces=membership,
        by=by,
    )


@transaction.atomic
def replace_member(
    *,
    membership: Membership,
    start_date: datetime.date,
    person: Person | None = None,
    new_person: dict | None = None,
    by,
) -> Membership:
    """Replace with an existing person or a new one: both are saved or neither."""
    if person is None:
        person = create_person(**(new_person or {}), by=by)
    return replace_membership(membership=membership, person=person, start_date=start_date, by=by)
