"""Events: publish, cancel, and registration with capacity, waiting list and move-up.

Every step that hands out a place locks the event row first, so the last free place goes to
exactly one person even when two confirm at the same moment.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lip.events import record_event
from lip.history import as_history_user

from .. import conf, tokens
from ..models import Event, Registration
from ..notifications import notify_event_cancelled, notify_moved_up, registration_links
from ._common import (
    absolute,
    check_length,
    clean_line,
    clean_text,
    current_site_language,
    date_text,
    mail_after_commit,
    normalise_email,
    require_consent,
)

NEEDS_CONSENT_TEXT = gettext_lazy(
    "I agree that the city of Hannover stores the needs I stated to prepare the event. They can "
    "reveal information about my health; only the staff organising the event see them, and "
    "they are deleted after the event."
)


def _lock_event(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _links(registration: Registration, site_url: str) -> dict:
    return registration_links(registration, site_url)


def waiting_position(registration: Registration) -> int:
    """1 for the first on the waiting list."""
    return (
        Registration.objects.filter(
            event_id=registration.event_id,
            status=Registration.Status.WAITING,
            queued_at__lt=registration.queued_at,
        ).count()
        + 1
    )


def free_places(event: Event) -> int | None:
    """Places not yet taken by confirmed registrations; None without a limit."""
    if event.capacity is None:
        return None
    taken = event.registrations.filter(status=Registration.Status.CONFIRMED).count()
    return max(event.capacity - taken, 0)


@transaction.atomic
def publish_event(*, event: Event, by) -> Event:
    """Make an event visible: public ones to everyone and in the calendar, internal ones to
    signed-in accounts."""
    event = _lock_event(event)
    if event.published_at is not None:
        raise ValidationError(_("This event has already been published."), code="published")
    event.published_at = timezone.now()
    as_history_user(event, by)
    event.save(update_fields=["published_at"])
    record_event(
        kind="event_published",
        summary=_("Event published: %(title)s on %(date)s.")
        % {"title": event.title, "date": date_text(event.starts_on)},
        subject=event,
        by=by,
        public=event.is_public,
        url=event.get_absolute_url(),
    )
    return event


@transaction.atomic
def cancel_event(*, event: Event, reason: str, by, site_url: str) -> Event:
    """Cancel an event; everyone registered or waiting gets an email with the reason."""
    event = _lock_event(event)
    if event.is_cancelled:
        raise ValidationError(_("This event has already been cancelled."), code="cancelled")
    reason = clean_line(reason)
    if not reason:
        raise ValidationError(_("Please give the reason for the cancellation."), code="reason")
    check_length(reason, Event._meta.get_field("cancellation_reason").max_length)
    event.status = Event.Status.CANCELLED
    event.cancellation_reason = reason
    as_history_user(event, by)
    event.save(update_fields=["status", "cancellation_reason"])
    record_event(
        kind="event_cancelled",
        summary=_("Event cancelled: %(title)s on %(date)s.")
        % {"title": event.title, "date": date_text(event.starts_on)},
        subject=event,
        by=by,
        public=event.is_public and event.published_at is not None,
        url=event.get_absolute_url(),
    )
    notify_event_cancelled(event=event, reason=reason, site_url=site_url)
    return event


@transaction.atomic
def register_for_event(
    *,
    event: Event,
    name: str,
    email: str,
    consent: bool,
    step_free_access: bool = False,
    interpreting_language: str = "",
    childcare: bool = False,
    other_needs: str = "",
    needs_consent: bool = False,
    site_url: str,
) -> Registration:
    """Register one person and mail the confirmation link; the place (or waiting-list position)
    is given when the link is confirmed."""
    event = _lock_event(event)
    if not event.accepts_registrations():
        raise ValidationError(_("Registration for this event is closed."), code="closed")
    require_consent(consent)
    name = clean_line(name)
    if not name:
        raise ValidationError(_("Please enter your name."), code="name")
    check_length(name, Registration._meta.get_field("name").max_length, field="name")
    address = normalise_email(email)
    needs = {
        "step_free_access": bool(step_free_access),
        "interpreting_language": clean_line(interpreting_language),
        "childcare": bool(childcare),
        "other_needs": clean_text(other_needs),
    }
    check_length(needs["interpreting_language"], 100, field="language")
    check_length(needs["other_needs"], 500, field="other_needs")
    has_needs = any(needs.values())
    if has_needs and not needs_consent:
        raise ValidationError(
            _(
                "To store your needs we need your consent. Please agree, or leave the needs "
                "empty and tell us in another way."
            ),
            code="needs_consent",
        )
    existing = event.registrations.filter(email=address, status__in=Registration.ACTIVE).first()
    if existing is not None and existing.status != Registration.Status.PENDING:
        raise ValidationError(
            _(
                "This email address is already registered for this event. Please use the link "
                "in the email we sent you."
            ),
            code="duplicate",
        )
    now = timezone.now()
    # An unconfirmed registration with the same address is replaced by the newer entry; the
    # link goes to the same mailbox, so only its owner can confirm either.
    registration = existing or Registration(event=event, email=address)
    registration.name = name
    for field, value in needs.items():
        setattr(registration, field, value)
    registration.needs_consent_at = now if has_needs else None
    registration.consent_at = now
    registration.consent_version = conf.get("PRIVACY_NOTICE_VERSION")
    registration.created_at = now
    registration.site_language = current_site_language()
    registration.save()
    _send_registration_confirmation(registration, site_url=site_url)
    return registration


def _send_registration_confirmation(registration: Registration, *, site_url: str) -> None:
    token = tokens.make_token(tokens.CONFIRM_REGISTRATION, registration.pk)
    with translation.override(registration.site_language):  # the link opens in that language
        link = absolute(site_url, reverse("beteiligung:registration-confirm", args=[token]))
    mail_after_commit(
        language=registration.site_language,
        to=registration.email,
        subject=gettext_lazy("Please confirm your registration"),
        template="registration_confirm",
        context={
            "registration": registration,
            "event": registration.event,
            "link": link,
            "hours": conf.get("BETEILIGUNG_CONFIRMATION_HOURS"),
        },
    )


def _send_status(registration: Registration, *, site_url: str, template: str, subject) -> None:
    with translation.override(registration.site_language):
        links = _links(registration, site_url)
    mail_after_commit(
        language=registration.site_language,
        to=registration.email,
        subject=subject,
        template=template,
        context={
            "registration": registration,
            "event": registration.event,
            "position": (
                waiting_position(registration)
                if registration.status == Registration.Status.WAITING
                else None
            ),
            **links,
        },
    )


@transaction.atomic
def confirm_registration(*, registration: Registration, site_url: str) -> Registration:
    """The email link was followed: give a place if one is free, else a waiting-list position."""
    event = _lock_event(registration.event)
    registration = Registration.objects.select_related("event").get(pk=registration.pk)
    if registration.status != Registration.Status.PENDING:
        return registration  # a second click changes nothing
    if event.is_cancelled or event.has_ended():
        raise ValidationError(_("Registration for this event is closed."), code="closed")
    now = timezone.now()
    registration.confirmed_at = now
    places = free_places(event)
    if places is None or places > 0:
        registration.status = Registration.Status.CONFIRMED
    else:
        registration.status = Registration.Status.WAITING
        registration.queued_at = now
    registration.save(update_fields=["confirmed_at", "status", "queued_at"])
    _send_status(
        registration,
        site_url=site_url,
        template="registration_confirmed",
        subject=(
            gettext_lazy("Your registration: %(title)s")
            if registration.status == Registration.Status.CONFIRMED
            else gettext_lazy("You are on the waiting list: %(title)s")
        )
        % {"title": event.title},
    )
    return registration


def _move_up(event: Event, *, site_url: str) -> list[Registration]:
    """Give free places to the first on the waiting list (the caller holds the event lock)."""
    if event.is_cancelled or event.has_ended():
        return []
    places = free_places(event)
    waiting = event.registrations.filter(status=Registration.Status.WAITING).order_by(
        "queued_at", "pk"
    )
    moved = list(waiting if places is None else waiting[:places])
    now = timezone.now()
    for registration in moved:
        registration.status = Registration.Status.CONFIRMED
        registration.moved_up_at = now
        registration.save(update_fields=["status", "moved_up_at"])
        notify_moved_up(
            registration=registration,
            links=registration_links(registration, site_url),
            site_url=site_url,
        )
    return moved


def cancellation_refusal(registration: Registration, *, event: Event | None = None) -> str:
    """Why the registration cannot be cancelled any more, or "" if it can.

    The cancellation page asks this before it shows its button; the service asks it again
    under the event lock.
    """
    event = event or registration.event
    if registration.status == Registration.Status.CANCELLED:
        return _("This registration has already been cancelled.")
    if event.is_cancelled:
        return _("The event has been cancelled; there is nothing to cancel.")
    if event.has_ended():
        return _("The event is over; the registration can no longer be cancelled.")
    return ""


@transaction.atomic
def cancel_registration(*, registration: Registration, site_url: str) -> Registration:
    """The person cancels through their personal link; a freed place goes to the first on the
    waiting list at once."""
    event = _lock_event(registration.event)
    registration = Registration.objects.select_related("event").get(pk=registration.pk)
    refusal = cancellation_refusal(registration, event=event)
    if refusal:
        raise ValidationError(refusal, code="not_cancellable")
    had_place = registration.status == Registration.Status.CONFIRMED
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    if had_place:
        _move_up(event, site_url=site_url)
    return registration


@transaction.atomic
def fill_free_places(*, event: Event, site_url: str) -> list[Registration]:
    """Move people up after OE 50.6 raised the number of places."""
    return _move_up(_lock_event(event), site_url=site_url)
