"""Every write with a rule in gremien: staffing, proposals, changes of the topic scope."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lip.events import record_event

from .models import (
    Committee,
    Meeting,
    Membership,
    Nomination,
    Organization,
    Person,
    Role,
    ScopeChange,
    Subtopic,
)

# Shown next to the consent box and stored with the proposal as the version agreed to.
NOMINATION_CONSENT_TEXT = gettext_lazy(
    "I agree that the city of Hannover processes these details to staff the expert groups of "
    "the Local Integration Plan and passes them on to the responsible department."
)


def _by(instance, user):
    """Name the acting user in the history record also outside a request."""
    instance._history_user = user
    return instance


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
def create_person(
    *,
    given_name: str,
    family_name: str,
    email: str = "",
    phone: str = "",
    organization: Organization | None = None,
    listed_publicly: bool = False,
    gender: str = "",
    international_history: bool | None = None,
    demographics_consent: bool = False,
    by,
) -> Person:
    """Create a person; gender and international history are kept only with consent."""
    if not given_name.strip() or not family_name.strip():
        raise ValidationError(_("Please enter given name and family name."))
    if (gender or international_history is not None) and not demographics_consent:
        raise ValidationError(
            _("Gender and international history may only be stored with consent.")
        )
    person = Person(
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        email=email,
        phone=phone,
        organization=organization,
        listed_publicly=listed_publicly,
        gender=gender if demographics_consent else "",
        international_history=international_history if demographics_consent else None,
        demographics_consent_at=timezone.now() if demographics_consent else None,
    )
    _by(person, by).save()
    return person


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
            _by(membership, by).save()
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
    _by(membership, by).save(update_fields=["end_date"])
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
    _by(membership, by).save(update_fields=["end_date"])
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
    organization = Organization.objects.filter(name__iexact=organization_name.strip()).first()
    return Nomination.objects.create(
        committee=committee,
        organization=organization,
        organization_name=organization_name.strip(),
        contact_name=contact_name.strip(),
        contact_email=contact_email,
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        email=email,
        expertise=expertise.strip(),
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
    _by(nomination, by).save()
    return membership


@transaction.atomic
def decline_nomination(*, nomination: Nomination, reason: str = "", by) -> Nomination:
    """Decline a proposal; it stays in the record."""
    nomination = _lock_open_nomination(nomination)
    nomination.status = Nomination.Status.DECLINED
    nomination.decided_at = timezone.now()
    nomination.decided_by = by
    nomination.decision_note = reason.strip()
    _by(nomination, by).save()
    return nomination


@transaction.atomic
def propose_scope_change(
    *, committee: Committee, new_name: str, new_subtopics: list[str], reason: str, by
) -> ScopeChange:
    """An expert group proposes a new name and subtopics; the steering group must agree."""
    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    if committee.kind != Committee.Kind.EXPERT_GROUP:
        raise ValidationError(_("Only expert groups change their topic scope."))
    subtopics = [topic.strip() for topic in new_subtopics if topic.strip()]
    current = list(committee.subtopics.values_list("name", flat=True))
    if new_name.strip() == committee.name and subtopics == current:
        raise ValidationError(_("The proposal does not change anything."))
    if committee.scope_changes.filter(
        status__in=[ScopeChange.Status.PROPOSED, ScopeChange.Status.AGREED]
    ).exists():
        raise ValidationError(_("A change of this group's scope is already pending."))
    change = ScopeChange(
        committee=committee,
        old_name=committee.name,
        old_subtopics="\n".join(current),
        new_name=new_name.strip(),
        new_subtopics="\n".join(subtopics),
        reason=reason.strip(),
        proposed_by=by,
    )
    _by(change, by).save()
    return change


def _lock_change(change: ScopeChange, expected: str) -> ScopeChange:
    change = ScopeChange.objects.select_for_update().get(pk=change.pk)
    if change.status != expected:
        raise ValidationError(
            _("This change is %(status)s and cannot take this step.")
            % {"status": change.get_status_display()}
        )
    return change


@transaction.atomic
def agree_scope_change(*, change: ScopeChange, by) -> ScopeChange:
    """Record that the steering group agreed to the proposed change."""
    change = _lock_change(change, ScopeChange.Status.PROPOSED)
    change.status = ScopeChange.Status.AGREED
    change.agreed_at = timezone.now()
    _by(change, by).save()
    return change


@transaction.atomic
def reject_scope_change(*, change: ScopeChange, by) -> ScopeChange:
    """Record that the steering group did not agree."""
    change = ScopeChange.objects.select_for_update().get(pk=change.pk)
    if change.status not in (ScopeChange.Status.PROPOSED, ScopeChange.Status.AGREED):
        raise ValidationError(_("This change has already been settled."))
    change.status = ScopeChange.Status.REJECTED
    _by(change, by).save()
    return change


@transaction.atomic
def apply_scope_change(*, change: ScopeChange, by) -> Committee:
    """Give the group its agreed name and subtopics; history keeps the old state."""
    change = _lock_change(change, ScopeChange.Status.AGREED)
    committee = Committee.objects.select_for_update().get(pk=change.committee_id)
    committee.name = change.new_name
    committee.topic_field = change.new_name
    _by(committee, by).save()
    wanted = change.new_subtopic_list
    for subtopic in committee.subtopics.exclude(name__in=wanted):
        _by(subtopic, by).delete()
    existing = {subtopic.name: subtopic for subtopic in committee.subtopics.all()}
    for position, name in enumerate(wanted, start=1):
        subtopic = existing.get(name) or Subtopic(committee=committee, name=name)
        if subtopic.pk is None or subtopic.position != position:
            subtopic.position = position
            _by(subtopic, by).save()
    change.status = ScopeChange.Status.APPLIED
    change.applied_at = timezone.now()
    _by(change, by).save()
    return committee


def _set_meeting_status(*, meeting: Meeting, status: str, kind: str, summary: str, by) -> Meeting:
    meeting = Meeting.objects.select_for_update().select_related("committee").get(pk=meeting.pk)
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(
            _("This meeting is already %(status)s.") % {"status": meeting.get_status_display()}
        )
    meeting.status = status
    _by(meeting, by).save(update_fields=["status"])
    record_event(
        kind=kind,
        summary=summary % {"title": meeting.title, "body": meeting.committee.name},
        subject=meeting,
        by=by,
        public=meeting.is_public,
        url=meeting.committee.get_absolute_url(),
    )
    return meeting


@transaction.atomic
def mark_meeting_held(*, meeting: Meeting, by) -> Meeting:
    """Record that a planned meeting took place."""
    return _set_meeting_status(
        meeting=meeting,
        status=Meeting.Status.HELD,
        kind="meeting_held",
        summary=_("%(body)s: %(title)s took place."),
        by=by,
    )


@transaction.atomic
def cancel_meeting(*, meeting: Meeting, by) -> Meeting:
    """Record that a planned meeting was cancelled."""
    return _set_meeting_status(
        meeting=meeting,
        status=Meeting.Status.CANCELLED,
        kind="meeting_cancelled",
        summary=_("%(body)s: %(title)s was cancelled."),
        by=by,
    )
