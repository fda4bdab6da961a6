"""The meeting page and the pages on which OE 50.6 and the Dezernate prepare and record meetings.

Who may do what is decided in gremien/permissions.py (``meeting_rights``, ``can_plan_meetings``);
every change goes through a service in gremien/services/. A meeting the user may not see is a
404 (anonymous visitors are sent to sign in first, so that members following the link in their
invitation get there); a meeting they may see but not change is a 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lip.attachments.services import attachments_of
from lip.forms import call_service

from ..forms.meetings import (
    AgendaItemForm,
    MeetingCancelForm,
    MeetingPlanForm,
    MeetingTimesForm,
)
from ..models import AgendaItem, Committee, Meeting, Minutes
from ..permissions import can_plan_meetings, is_office, meeting_rights
from ..quorum import meeting_quorum
from ..services import (
    add_agenda_item,
    cancel_meeting,
    mark_meeting_held,
    move_agenda_item,
    move_meeting,
    plan_meeting,
    remove_agenda_item,
    update_agenda_item,
)


def minutes_of(meeting: Meeting) -> Minutes | None:
    try:
        return meeting.minutes
    except ObjectDoesNotExist:
        return None


def _load(request, slug: str, pk: int):
    """The meeting, its minutes and the user's rights on it (the caller checks them)."""
    meeting = get_object_or_404(
        Meeting.objects.select_related("committee", "minutes"), pk=pk, committee__slug=slug
    )
    minutes = minutes_of(meeting)
    published = minutes is not None and minutes.status == Minutes.Status.PUBLISHED
    return meeting, minutes, meeting_rights(request.user, meeting, minutes_published=published)


def manageable_meeting(request, slug: str, pk: int):
    """The meeting for a user who may prepare and record it; 404 or 403 otherwise."""
    meeting, minutes, rights = _load(request, slug, pk)
    if not rights.view:
        raise Http404
    if not rights.manage:
        raise PermissionDenied
    return meeting, minutes


def _visible_minutes(minutes: Minutes | None, rights) -> Minutes | None:
    if minutes is None:
        return None
    if minutes.status == Minutes.Status.PUBLISHED:
        return minutes
    if minutes.status == Minutes.Status.INTERNAL and rights.read_internal_minutes:
        return minutes
    if minutes.status == Minutes.Status.DRAFT and rights.read_draft_minutes:
        return minutes
    return None


def meeting_detail(request, slug, pk):
    """One meeting: date and place, agenda, attendance and quorum, minutes, decisions."""
    meeting, minutes, rights = _load(request, slug, pk)
    if not rights.view:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    agenda = list(
        meeting.agenda_items.select_related("version__draft__committee", "version__draft__stage")
    )
    attendances = list(
        meeting.attendances.select_related("person", "membership__organization").order_by(
            "person__family_name", "person__given_name"
        )
    )
    quorum = meeting_quorum(meeting, attendances) if attendances else None
    decisions = list(
        meeting.decisions.select_related(
            "version__draft__committee", "version__draft__stage"
        ).order_by("pk")
    )
    visible_minutes = _visible_minutes(minutes, rights)
    context = {
        "meeting": meeting,
        "committee": meeting.committee,
        # The meeting's own files (back office) follow the meeting, not its minutes.
        "meeting_files": attachments_of(meeting) if rights.insider or meeting.is_public else [],
        "minutes_files": attachments_of(visible_minutes) if visible_minutes else [],
        "participants": list(meeting.participants.all()),
        "agenda": agenda,
        "attendances": attendances if rights.insider else [],
        "quorum": quorum,
        "is_steering_group": meeting.committee.kind == Committee.Kind.STEERING_GROUP,
        "minutes": visible_minutes,
        "decisions": decisions,
        "rights": rights,
        "can_mark_held": rights.manage
        and meeting.status == Meeting.Status.PLANNED
        and meeting.has_started,
    }
    return render(request, "gremien/meeting_detail.html", context)


# --- planning, moving, cancelling ----------------------------------------------------------


def _plannable(request, slug: str) -> Committee:
    committee = get_object_or_404(Committee, slug=slug)
    if not can_plan_meetings(request.user, committee):
        raise PermissionDenied
    return committee


@login_required
def meeting_create(request, slug):
    """Plan a meeting; the members get the invitation with a calendar file."""
    committee = _plannable(request, slug)
    with_participants = is_office(request.user)
    form = MeetingPlanForm(
        request.POST if request.method == "POST" else None,
        committee=committee,
        with_participants=with_participants,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting = call_service(
            form,
            plan_meeting,
            committee=committee,
            title=data["title"],
            kind=data["kind"],
            start=data["start"],
            end=data["end"],
            location=data["location"],
            is_public=data["is_public"],
            notes=data["notes"],
            participants=data.get("participants") or [],
            by=request.user,
        )
        if meeting is not None:
            messages.success(
                request,
                _("The meeting has been recorded.")
                if meeting.has_started
                else _("The meeting has been planned; the members have been invited."),
            )
            return redirect("gremien:agenda", slug=committee.slug, pk=meeting.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "gremien/meeting_form.html", {"committee": committee, "form": form}, status=status
    )


@login_required
def meeting_schedule(request, slug, pk):
    """Move a planned meeting (the members get the new invitation) or cancel it."""
    meeting, _minutes = manageable_meeting(request, slug, pk)
    form = MeetingTimesForm(
        request.POST if request.method == "POST" else None,
        initial={"start": meeting.start, "end": meeting.end, "location": meeting.location},
    )
    if request.method == "POST" and form.is_valid():
        moved = call_service(
            form,
            move_meeting,
            meeting=meeting,
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
            location=form.cleaned_data["location"],
            by=request.user,
        )
        if moved is not None:
            messages.success(request, _("The meeting has been moved; the members have been told."))
            return redirect(meeting)
    return _schedule_page(request, meeting, form, MeetingCancelForm())


def _schedule_page(request, meeting, move_form, cancel_form):
    status = 400 if move_form.errors or cancel_form.errors else 200
    context = {
        "meeting": meeting,
        "committee": meeting.committee,
        "move_form": move_form,
        "cancel_form": cancel_form,
        "is_planned": meeting.status == Meeting.Status.PLANNED,
    }
    return render(request, "gremien/meeting_schedule.html", context, status=status)


@login_required
@require_POST
def meeting_cancel(request, slug, pk):
    meeting, _minutes = manageable_meeting(request, slug, pk)
    form = MeetingCancelForm(request.POST)
    if (
        form.is_valid()
        and call_service(form, cancel_meeting, meeting=meeting, by=request.user) is not None
    ):
        messages.success(request, _("The meeting has been cancelled; the members have been told."))
        return redirect(meeting)
    times = {"start": meeting.start, "end": meeting.end, "location": meeting.location}
    return _schedule_page(request, meeting, MeetingTimesForm(initial=times), form)


@login_required
@require_POST
def meeting_held(request, slug, pk):
    meeting, _minutes = manageable_meeting(request, slug, pk)
    if not meeting.has_started:
        messages.error(request, _("A meeting can be marked as held once it has begun."))
        return redirect(meeting)
    try:
        mark_meeting_held(meeting=meeting, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The meeting has been marked as held."))
    return redirect(meeting)


# --- agenda ----------------------------------------------------------------------------------


def _agenda_page(request, meeting, form, *, status=200):
    context = {
        "meeting": meeting,
        "committee": meeting.committee,
        "items": list(
            meeting.agenda_items.select_related(
                "version__draft__committee", "version__draft__stage"
            )
        ),
        "form": form,
        "is_cancelled": meeting.status == Meeting.Status.CANCELLED,
    }
    return render(request, "gremien/meeting_agenda.html", context, status=status)


@login_required
def agenda(request, slug, pk):
    """The agenda with a form to add an item at its end."""
    meeting, _minutes = manageable_meeting(request, slug, pk)
    form = AgendaItemForm(
        request.POST if request.method == "POST" else None, committee=meeting.committee
    )
    if request.method == "POST":
        if form.is_valid():
            added = call_service(
                form,
                add_agenda_item,
                meeting=meeting,
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                version=form.cleaned_data["version"],
                by=request.user,
            )
            if added is not None:
                messages.success(request, _("The agenda item has been added."))
                return redirect("gremien:agenda", slug=slug, pk=pk)
        return _agenda_page(request, meeting, form, status=400)
    return _agenda_page(request, meeting, form)


def _item(meeting: Meeting, item_pk: int) -> AgendaItem:
    return get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)


@login_required
def agenda_item_edit(request, slug, pk, item_pk):
    meeting, _minutes = manageable_meeting(request, slug, pk)
    item = _item(meeting, item_pk)
    form = AgendaItemForm(
        request.POST if request.method == "POST" else None,
        committee=meeting.committee,
        initial={"title": item.title, "text": item.text, "version": item.version_id},
    )
    if request.method == "POST" and form.is_valid():
        changed = call_service(
            form,
            update_agenda_item,
            item=item,
            title=form.cleaned_data["title"],
            text=form.cleaned_data["text"],
            version=form.cleaned_data["version"],
            by=request.user,
        )
        if changed is not None:
            messages.success(request, _("The agenda item has been changed."))
            return redirect("gremien:agenda", slug=slug, pk=pk)
    status = 400 if request.method == "POST" else 200
    context = {"meeting": meeting, "committee": meeting.committee, "item": item, "form": form}
    return render(request, "gremien/agenda_item_form.html", context, status=status)


@login_required
@require_POST
def agenda_item_remove(request, slug, pk, item_pk):
    meeting, _minutes = manageable_meeting(request, slug, pk)
    item = _item(meeting, item_pk)
    try:
        remove_agenda_item(item=item, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request, _("The agenda item “%(title)s” has been removed.") % {"title": item.title}
        )
    return redirect("gremien:agenda", slug=slug, pk=pk)


@login_required
@require_POST
def agenda_item_move(request, slug, pk, item_pk):
    meeting, _minutes = manageable_meeting(request, slug, pk)
    item = _item(meeting, item_pk)
    direction = request.POST.get("direction")
    if direction not in {"up", "down"}:
        messages.error(request, _("Please choose whether to move the item up or down."))
        return redirect("gremien:agenda", slug=slug, pk=pk)
    try:
        move_agenda_item(item=item, up=direction == "up", by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("gremien:agenda", slug=slug, pk=pk)
