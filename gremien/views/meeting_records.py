"""Recording a meeting: the attendance checklist and the minutes (OE 50.6 and the Dezernate).

The meeting is loaded and authorized as on the other meeting pages (views/meetings.py); every
change goes through a service in gremien/services/.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ..forms.meetings import AttendanceForm, MinutesForm
from ..models import Attendance, Meeting, Minutes
from ..quorum import meeting_quorum
from ..services import (
    StaleMinutes,
    attendance_members,
    publish_minutes,
    record_attendance,
    save_minutes,
)
from .meetings import manageable_meeting

# --- attendance ------------------------------------------------------------------------------


@login_required
def attendance(request, slug, pk):
    """The checklist of the members on the meeting's day, with the quorum it gives."""
    meeting, _minutes = manageable_meeting(request, slug, pk)
    members = attendance_members(meeting)
    recorded = dict(Attendance.objects.filter(meeting=meeting).values_list("person_id", "status"))
    form = AttendanceForm(
        request.POST if request.method == "POST" else None, members=members, recorded=recorded
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                quorum = record_attendance(
                    meeting=meeting, statuses=form.statuses(), by=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("The attendance has been recorded: %(summary)s.")
                    % {"summary": quorum.summary},
                )
                return redirect(meeting.get_absolute_url() + "#anwesenheit")
    quorum = meeting_quorum(meeting, Attendance.objects.filter(meeting=meeting))
    context = {
        "meeting": meeting,
        "committee": meeting.committee,
        "form": form,
        "quorum": quorum,
        "has_started": meeting.has_started,
        "is_cancelled": meeting.status == Meeting.Status.CANCELLED,
    }
    return render(request, "gremien/meeting_attendance.html", context, status=status)


# --- minutes ---------------------------------------------------------------------------------


def _minutes_page(request, meeting, minutes, form, *, status=200, saved_text=None):
    context = {
        "meeting": meeting,
        "committee": meeting.committee,
        "minutes": minutes,
        "form": form,
        "saved_text": saved_text,
        "is_published": minutes is not None and minutes.status == Minutes.Status.PUBLISHED,
        "can_write": meeting.has_started and meeting.status != Meeting.Status.CANCELLED,
        "is_held": meeting.status == Meeting.Status.HELD,
    }
    return render(request, "gremien/meeting_minutes.html", context, status=status)


@login_required
def minutes_edit(request, slug, pk):
    """Write the minutes; keep them a draft, make them internal, or publish them (confirmed)."""
    meeting, minutes = manageable_meeting(request, slug, pk)
    revision = minutes.revision if minutes else 0
    if request.method != "POST":
        form = MinutesForm(initial={"text": minutes.text if minutes else "", "revision": revision})
        return _minutes_page(request, meeting, minutes, form)
    form = MinutesForm(request.POST)
    if not form.is_valid():
        return _minutes_page(request, meeting, minutes, form, status=400)
    if request.POST.get("edit"):
        # Back from the confirmation page, with the text as it was.
        return _minutes_page(request, meeting, minutes, form)
    data = form.cleaned_data
    publishing = data["action"] == MinutesForm.PUBLISH
    if publishing and request.POST.get("confirmed") != "1":
        if not data["text"].strip():
            form.add_error("text", _("Empty minutes cannot be published."))
            return _minutes_page(request, meeting, minutes, form, status=400)
        context = {"meeting": meeting, "committee": meeting.committee, "form": form}
        return render(request, "gremien/minutes_publish_confirm.html", context)
    try:
        if publishing:
            publish_minutes(
                meeting=meeting, text=data["text"], revision=data["revision"], by=request.user
            )
        else:
            save_minutes(
                meeting=meeting,
                text=data["text"],
                status=form.status,
                revision=data["revision"],
                by=request.user,
            )
    except StaleMinutes as error:
        # Keep what was typed; let the next save start from the stored revision.
        form = MinutesForm(initial={"text": data["text"], "revision": revision})
        messages.error(request, error.messages[0])
        return _minutes_page(
            request, meeting, minutes, form, status=409, saved_text=minutes.text if minutes else ""
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _minutes_page(request, meeting, minutes, form, status=400)
    if publishing:
        messages.success(request, _("The minutes have been published."))
    elif form.status == Minutes.Status.INTERNAL:
        messages.success(request, _("The minutes have been saved; the members can read them."))
    else:
        messages.success(request, _("The minutes have been saved as a draft."))
    return redirect(meeting.get_absolute_url() + "#protokoll")
