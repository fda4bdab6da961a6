"""Initiativvorschläge: submitted through the public form, taken over or declined."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lip.history import as_history_user

from ..models import Committee, Membership, Nomination, Organization, Role
from ._common import tidy
from .memberships import add_membership
from .persons import create_person

# Shown next to the consent box and stored with the proposal as the version agreed to.
NOMINATION_CONSENT_TEXT = gettext_lazy(
    "I agree that the city of Hannover processes these details to staff the expert groups of "
    "the Local Integration Plan and passes them on to the responsible department."
)


@transaction.atomic
def submit_nomination(
    *,
    committee: Committee,
    organization_name: str,
    contact_name: str,
    contact_email: str,
    given_name: str,
    family_name: str,
    email: str,
    expertise: str,
    consent: bool,
) -> Nomination:
    """An organisation proposes a person for an expert group (public form, no account)."""
    if committee.kind != Committee.Kind.EXPERT_GROUP:
        raise ValidationError(_("Proposals can only be made for expert groups."))
    if not consent:
        raise ValidationError(_("Please agree to the processing of the data."))
    organization_name = tidy(organization_name)
    organization = Organization.objects.filter(name__iexact=organization_name).first()
    return Nomination.objects.create(
        committee=committee,
        organization=organization,
        organization_name=organization_name,
        contact_name=tidy(contact_name),
        contact_email=contact_email,
        given_name=tidy(given_name),
        family_name=tidy(family_name),
        email=email,
        expertise=tidy(expertise),
        consent_at=timezone.now(),
        consent_text=str(NOMINATION_CONSENT_TEXT),
    )


def _lock_open_nomination(nomination: Nomination) -> Nomination:
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if nomination.status != Nomination.Status.PROPOSED:
        raise ValidationError(_("This proposal has already been decided."))
    return nomination


@transaction.atomic
def accept_nomination(
    *,
    nomination: Nomination,
    role: str = Role.EXTERNAL_EXPERT,
    start_date: datetime.date,
    by,
) -> Membership:
    """Take over a proposed person into the expert group."""
    nomination = _lock_open_nomination(nomination)
    person = create_person(
        given_name=nomination.given_name,
        family_name=nomination.family_name,
        email=nomination.email,
        organization=nomination.organization,
        by=by,
    )
    membership = add_membership(
        committee=nomination.committee,
        person=person,
        role=role,
        start_date=start_date,
        organization=nomination.organization,
        by=by,
    )
    nomination.status = Nomination.Status.ACCEPTED
    nomination.decided_at = timezone.now()
    nomination.decided_by = by
    nomination.membership = membership
    as_history_user(nomination, by).save()
    return membership


@transaction.atomic
def decline_nomination(*, nomination: Nomination, reason: str = "", by) -> Nomination:
    """Decline a proposal; it stays in the record."""
    nomination = _lock_open_nomination(nomination)
    nomination.status = Nomination.Status.DECLINED
    nomination.decided_at = timezone.now()
    nomination.decided_by = by
    nomination.decision_note = tidy(reason)
    as_history_user(nomination, by).save()
    return nomination
