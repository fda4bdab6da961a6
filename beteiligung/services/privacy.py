"""Data protection: deleting and anonymising personal data, and the Art. 15 DSGVO export."""

import datetime
from collections import Counter

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gremien.models import Nomination, Person
from lip.notifications.services import outbox_of, purge_outbox
from lip.pagecache import BETEILIGUNG, bump

from .. import conf
from ..models import Concern, Consideration, Contribution, Event, Registration


class _DryRun(Exception):
    """Raised to roll back a dry run after counting."""


def _delete_with_history(model, queryset) -> int:
    """Delete rows with their answers, reports and history records (which would otherwise keep
    a copy)."""
    pks = list(queryset.values_list("pk", flat=True))
    if not pks:
        return 0
    if model in (Contribution, Concern):
        answers = list(
            Consideration.objects.filter(**{f"{model._meta.model_name}__in": pks}).values_list(
                "pk", flat=True
            )
        )
        Consideration.objects.filter(pk__in=answers).delete()
        Consideration.history.filter(id__in=answers).delete()
    model.objects.filter(pk__in=pks).delete()
    # Deleting writes a last history record; remove the history afterwards.
    model.history.filter(id__in=pks).delete()
    return len(pks)


def _purge(now: datetime.datetime) -> Counter:
    bump(BETEILIGUNG)  # update() sends no signal (lip/pagecache.py)
    counts: Counter = Counter()
    # 1. Entries whose email link was never confirmed: gone once the link has expired.
    expired = now - conf.confirmation_max_age()
    counts["unconfirmed_contributions_deleted"] = _delete_with_history(
        Contribution,
        Contribution.objects.filter(status=Contribution.Status.UNCONFIRMED, created_at__lt=expired),
    )
    counts["unconfirmed_concerns_deleted"] = _delete_with_history(
        Concern,
        Concern.objects.filter(status=Concern.Status.UNCONFIRMED, created_at__lt=expired),
    )
    counts["unconfirmed_registrations_deleted"] = _delete_with_history(
        Registration,
        Registration.objects.filter(status=Registration.Status.PENDING, created_at__lt=expired),
    )
    # 2. Needs (possibly health data) are deleted a short time after the event.
    needs_until = timezone.localdate(now) - datetime.timedelta(
        days=int(conf.get("BETEILIGUNG_NEEDS_RETENTION_DAYS"))
    )
    ended = Event.objects.filter(
        Q(ends_on__lt=needs_until) | Q(ends_on__isnull=True, starts_on__lt=needs_until)
    )
    counts["registration_needs_deleted"] = (
        Registration.objects.filter(event__in=ended)
        .filter(
            Q(needs_consent_at__isnull=False)
            | Q(step_free_access=True)
            | Q(childcare=True)
            | ~Q(interpreting_language="")
            | ~Q(other_needs="")
        )
        .update(
            step_free_access=False,
            interpreting_language="",
            childcare=False,
            other_needs="",
            needs_consent_at=None,
        )
    )
    # 3. Mails that went out (or failed, or were unsubscribed) are kept only for a while.
    counts["notifications_deleted"] = purge_outbox(
        before=now - datetime.timedelta(days=int(conf.get("NOTIFICATION_RETENTION_DAYS")))
    )
    # 4. A fixed time after the end of the process: names and addresses go.
    end = conf.process_end()
    if end is None or timezone.localdate(now) < end + datetime.timedelta(
        days=conf.retention_days()
    ):
        return counts
    hidden = Contribution.objects.filter(
        status__in=[Contribution.Status.REJECTED, Contribution.Status.SPAM],
        replies__isnull=True,
    )
    counts["rejected_contributions_deleted"] = _delete_with_history(Contribution, hidden)
    counts["spam_concerns_deleted"] = _delete_with_history(
        Concern, Concern.objects.filter(status=Concern.Status.SPAM)
    )
    counts["contributions_anonymised"] = Contribution.objects.filter(
        anonymised_at__isnull=True
    ).update(author_name="", email="", anonymised_at=now)
    counts["concerns_anonymised"] = Concern.objects.filter(anonymised_at__isnull=True).update(
        author_name="", email="", anonymised_at=now
    )
    counts["registrations_anonymised"] = Registration.objects.filter(
        anonymised_at__isnull=True
    ).update(
        name="",
        email="",
        step_free_access=False,
        interpreting_language="",
        childcare=False,
        other_needs="",
        needs_consent_at=None,
        anonymised_at=now,
    )
    return counts


def purge_personal_data(*, now: datetime.datetime | None = None, dry_run: bool = False) -> Counter:
    """Delete what is no longer needed and anonymise the rest (see docs/datenschutz-betrieb.md).

    Returns how many rows each step touched; a dry run counts and changes nothing.
    """
    now = now or timezone.now()
    try:
        with transaction.atomic():
            counts = _purge(now)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return counts


def _when(value) -> str | None:
    return value.isoformat() if value else None


def _consideration(item) -> dict | None:
    consideration = getattr(item, "consideration", None)
    if consideration is None:
        return None
    return {
        "expert_group": consideration.committee.name,
        "outcome": consideration.get_outcome_display(),
        "reason": consideration.reason,
        "answered_at": _when(consideration.answered_at),
    }


def export_personal_data(*, email: str) -> dict:
    """Everything the platform stores about one email address (Art. 15 DSGVO), as plain data."""
    address = email.strip().lower()
    contributions = (
        Contribution.objects.filter(email__iexact=address)
        .select_related(
            "version__draft__committee",
            "version__draft__stage",
            "section",
            "committee",
            "consideration",
        )
        .order_by("created_at")
    )
    concerns = (
        Concern.objects.filter(email__iexact=address)
        .select_related("topic", "routed_to", "consideration__committee")
        .order_by("created_at")
    )
    registrations = (
        Registration.objects.filter(email__iexact=address)
        .select_related("event")
        .order_by("created_at")
    )
    persons = Person.objects.filter(email__iexact=address).select_related("organization")
    nominations = Nomination.objects.filter(
        Q(email__iexact=address) | Q(contact_email__iexact=address)
    ).select_related("committee")
    users = get_user_model().objects.filter(email__iexact=address)
    return {
        "email": address,
        "generated_at": timezone.now().isoformat(),
        "contributions": [
            {
                "kind": item.get_kind_display(),
                "version": str(item.version) if item.version_id else None,
                "section": item.section.heading if item.section_id else None,
                "topic_field": item.committee.name if item.committee_id else None,
                "reply_to": item.parent_id,
                "title": item.title,
                "text": item.text,
                "name_or_pseudonym": item.author_name,
                "status": item.get_status_display(),
                "written_at": _when(item.created_at),
                "confirmed_at": _when(item.confirmed_at),
                "published_at": _when(item.published_at),
                "rejection_reason": item.rejection_reason,
                "consent_at": _when(item.consent_at),
                "privacy_notice_version": item.consent_version,
                "consideration": _consideration(item),
            }
            for item in contributions
        ],
        "concerns": [
            {
                "topic_field": item.topic.name if item.topic_id else None,
                "text": item.text,
                "name_or_pseudonym": item.author_name,
                "status": item.get_status_display(),
                "expert_group": item.routed_to.name if item.routed_to_id else None,
                "received_at": _when(item.created_at),
                "confirmed_at": _when(item.confirmed_at),
                "consent_at": _when(item.consent_at),
                "privacy_notice_version": item.consent_version,
                "consideration": _consideration(item),
            }
            for item in concerns
        ],
        "event_registrations": [
            {
                "event": str(item.event),
                "name": item.name,
                "status": item.get_status_display(),
                "registered_at": _when(item.created_at),
                "confirmed_at": _when(item.confirmed_at),
                "cancelled_at": _when(item.cancelled_at),
                "step_free_access": item.step_free_access,
                "interpreting_language": item.interpreting_language,
                "childcare": item.childcare,
                "other_needs": item.other_needs,
                "needs_consent_at": _when(item.needs_consent_at),
                "consent_at": _when(item.consent_at),
                "privacy_notice_version": item.consent_version,
            }
            for item in registrations
        ],
        "persons": [
            {
                "name": person.full_name,
                "phone": person.phone,
                "organisation": str(person.organization) if person.organization_id else None,
                "listed_publicly": person.listed_publicly,
                "gender": person.get_gender_display() if person.gender else None,
                "international_history": person.international_history,
                "demographics_consent_at": _when(person.demographics_consent_at),
                "memberships": [
                    {
                        "body": membership.committee.name,
                        "role": membership.get_role_display(),
                        "from": _when(membership.start_date),
                        "until": _when(membership.end_date),
                    }
                    for membership in person.memberships.select_related("committee")
                ],
            }
            for person in persons
        ],
        "nominations": [
            {
                "expert_group": nomination.committee.name,
                "proposed_person": f"{nomination.given_name} {nomination.family_name}",
                "proposing_organisation": nomination.organization_name,
                "contact_name": nomination.contact_name,
                "status": nomination.get_status_display(),
                "received_at": _when(nomination.created_at),
                "consent_at": _when(nomination.consent_at),
            }
            for nomination in nominations
        ],
        "notifications": outbox_of(address),
        "user_accounts": [
            {
                "username": user.get_username(),
                "name": user.get_full_name(),
                "joined": _when(user.date_joined),
                "last_login": _when(user.last_login),
            }
            for user in users
        ],
    }
