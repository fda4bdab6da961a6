"""Event pages, registration with double opt-in, the personal link, iCal."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from gremien.services import GroupChair, chairs
from lip.forms import call_service

from .. import conf, tokens
from ..calendar import event_calendar, public_calendar
from ..forms import CancelEventForm, RegistrationForm
from ..models import Event, Registration
from ..permissions import can_manage_events, can_view_event
from ..services import (
    cancel_event,
    cancel_registration,
    cancellation_refusal,
    confirm_registration,
    fill_free_places,
    free_places,
    register_for_event,
    waiting_position,
)
from ._common import refuse_if_limited, site_url


def _visible_event(request, pk) -> Event:
    event = get_object_or_404(Event.objects.prefetch_related("committees"), pk=pk)
    if not can_view_event(request.user, event):
        raise Http404
    return event


def panel_chairs(event: Event) -> list[GroupChair]:
    """The council document holds the Podiumsdiskussion "mit den Vorsitzenden der
    Expert*innengruppe": the chairs of the groups taking part (all groups if none is named)."""
    if event.kind != Event.Kind.PANEL:
        return []
    taking_part = {group.pk for group in event.committees.all()}
    return [row for row in chairs() if not taking_part or row.committee.pk in taking_part]


def event_detail(request, pk):
    """One event: what, when, where, the places left and the button to the registration page.

    No form on it, so no CSRF token: anonymous visitors get it whole from the page cache
    (lip/pagecache.py), and a registration shows in its free places on the next request. A
    form posted here from a page rendered before the form moved goes to ``event_register``.
    """
    if request.method == "POST":
        return event_register(request, pk)
    event = _visible_event(request, pk)
    context = {
        "event": event,
        # The same state as the event's card on /beteiligung/ and the start page.
        "registration": event.registration_state,
        "can_manage": can_manage_events(request.user),
        "panel_chairs": panel_chairs(event),
    }
    return render(request, "beteiligung/event_detail.html", context)


@require_http_methods(["GET", "POST"])
def event_register(request, pk):
    """The registration form of one event (places left, or the waiting list).

    Its own page, never stored whole: the form carries the visitor's CSRF token.
    """
    event = _visible_event(request, pk)
    accepts = event.accepts_registrations()
    form = None
    if request.method == "POST":
        form = RegistrationForm(request.POST)
        if form.is_bot:
            return redirect("beteiligung:submitted", kind="anmeldung")
        if form.is_valid() and not refuse_if_limited(
            request, form, scope="registration", email=form.cleaned_data["email"]
        ):
            data = form.cleaned_data
            if call_service(
                form,
                register_for_event,
                event=event,
                name=data["name"],
                email=data["email"],
                consent=data["consent"],
                step_free_access=data["step_free_access"],
                interpreting_language=data["interpreting_language"],
                childcare=data["childcare"],
                other_needs=data["other_needs"],
                needs_consent=data["needs_consent"],
                site_url=site_url(request),
            ):
                return redirect("beteiligung:submitted", kind="anmeldung")
    elif accepts:
        form = RegistrationForm()
    context = {
        "event": event,
        "accepts": accepts,
        "registration": event.registration_state,
        "form": form,
    }
    return render(request, "beteiligung/event_register.html", context)


def event_ics(request, pk):
    """The event as an iCalendar file."""
    event = _visible_event(request, pk)
    response = HttpResponse(
        event_calendar(event, url=request.build_absolute_uri(event.get_absolute_url())),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="veranstaltung-{event.pk}.ics"'
    return response


def calendar_feed(request):
    """All public dates as one subscribable calendar (wired at /kalender.ics)."""
    return HttpResponse(
        public_calendar(name=_("LIP Hannover: public dates"), site_url=site_url(request)),
        content_type="text/calendar; charset=utf-8",
    )


def registration_confirm(request, token):
    """The email link of a registration: one button, then a clear German result page."""
    pk = tokens.read_token(tokens.CONFIRM_REGISTRATION, token, max_age=conf.confirmation_max_age())
    registration = (
        Registration.objects.select_related("event").filter(pk=pk).first() if pk else None
    )
    if registration is None:
        return render(request, "beteiligung/link_invalid.html", status=404)
    error = None
    if request.method == "POST":
        try:
            registration = confirm_registration(
                registration=registration, site_url=site_url(request)
            )
        except ValidationError as refusal:
            error = refusal.messages[0]
        else:
            messages.success(request, _("Thank you: your email address is confirmed."))
            return redirect(
                "beteiligung:registration-manage",
                token=tokens.make_token(tokens.MANAGE_REGISTRATION, registration.pk),
            )
    return render(
        request,
        "beteiligung/registration_confirm.html",
        {"registration": registration, "event": registration.event, "error": error},
    )


def _registration_by_link(token) -> Registration:
    pk = tokens.read_token(tokens.MANAGE_REGISTRATION, token)
    registration = (
        Registration.objects.select_related("event").filter(pk=pk).first() if pk else None
    )
    if registration is None:
        raise Http404
    return registration


def registration_manage(request, token):
    """The personal link: status (place, waiting-list position) and the cancel button."""
    registration = _registration_by_link(token)
    context = {
        "registration": registration,
        "event": registration.event,
        "token": token,
        "can_cancel": registration.status
        in (Registration.Status.CONFIRMED, Registration.Status.WAITING)
        and not cancellation_refusal(registration),
        "position": (
            waiting_position(registration)
            if registration.status == Registration.Status.WAITING
            else None
        ),
    }
    return render(request, "beteiligung/registration_manage.html", context)


@require_http_methods(["GET", "POST"])
def registration_cancel(request, token):
    """Cancel through the personal link: GET says what cancelling does and asks to confirm,
    POST cancels; a freed place goes to the waiting list at once. When there is nothing left to
    cancel (already cancelled, event cancelled or over), the page says so and has no button."""
    registration = _registration_by_link(token)
    refusal = cancellation_refusal(registration)
    if request.method == "POST" and not refusal:
        try:
            cancel_registration(registration=registration, site_url=site_url(request))
        except ValidationError as error:
            refusal = error.messages[0]
        else:
            messages.success(request, _("Your registration has been cancelled."))
            return redirect("beteiligung:registration-manage", token=token)
    context = {
        "registration": registration,
        "event": registration.event,
        "token": token,
        "refusal": refusal,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "beteiligung/registration_cancel.html", context, status=status)


def event_registrations(request, pk):
    """OE 50.6: who registered, who waits, and the needs to prepare for."""
    if not can_manage_events(request.user):
        raise PermissionDenied
    event = get_object_or_404(Event, pk=pk)
    registrations = list(
        event.registrations.exclude(status=Registration.Status.PENDING).order_by(
            "status", "queued_at", "confirmed_at", "pk"
        )
    )
    by_status = {status: [] for status in Registration.Status.values}
    for registration in registrations:
        by_status[registration.status].append(registration)
    context = {
        "event": event,
        "confirmed": by_status[Registration.Status.CONFIRMED],
        "waiting": sorted(
            by_status[Registration.Status.WAITING], key=lambda r: (r.queued_at, r.pk)
        ),
        "cancelled": by_status[Registration.Status.CANCELLED],
        "pending_count": event.registrations.filter(status=Registration.Status.PENDING).count(),
        "free": free_places(event),
        "cancel_form": CancelEventForm(),
        "needs": {
            "step_free": sum(r.step_free_access for r in by_status[Registration.Status.CONFIRMED]),
            "childcare": sum(r.childcare for r in by_status[Registration.Status.CONFIRMED]),
            "languages": sorted(
                {
                    r.interpreting_language
                    for r in by_status[Registration.Status.CONFIRMED]
                    if r.interpreting_language
                }
            ),
        },
    }
    return render(request, "beteiligung/event_registrations.html", context)


@require_POST
def event_cancel(request, pk):
    if not can_manage_events(request.user):
        raise PermissionDenied
    event = get_object_or_404(Event, pk=pk)
    form = CancelEventForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["reason"][0])
    else:
        try:
            cancel_event(
                event=event,
                reason=form.cleaned_data["reason"],
                by=request.user,
                site_url=site_url(request),
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request, _("The event has been cancelled; everyone registered is informed.")
            )
    return redirect("beteiligung:event-registrations", pk=event.pk)


@require_POST
def event_fill(request, pk):
    """After raising the number of places: move people up from the waiting list."""
    if not can_manage_events(request.user):
        raise PermissionDenied
    event = get_object_or_404(Event, pk=pk)
    moved = fill_free_places(event=event, site_url=site_url(request))
    messages.success(
        request,
        ngettext(
            "%(count)s person moved up from the waiting list.",
            "%(count)s people moved up from the waiting list.",
            len(moved),
        )
        % {"count": len(moved)},
    )
    return redirect("beteiligung:event-registrations", pk=event.pk)
