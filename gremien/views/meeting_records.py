"""Recording a meeting: the attendance checklist and the minutes (OE 50.6 and the Dezernate).

The meeting is loaded and authorized as on the other meeting pages (views/meetings.py); every
change goes through a service in gremien/services/.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lip.attachments.models import Attachment
from lip.attachments.services import attachments_of
from lip.forms import call_service

from ..forms.meetings import AttendanceForm, MinutesFileForm, MinutesForm
from ..models import Attendance, Meeting, Minutes
from ..quorum import meeting_quorum
from ..services import (
    StaleMinutes,
    attach_minutes_file,
    attendance_members,
    publish_minutes,
    record_attendance,
    remove_minutes_file,
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
            quorum = call_service(
                form,
                record_attendance,
                meeting=meeting,
                statuses=form.statuses(),
                by=request.user,
            )
            if quorum is not None:
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


def _minutes_page(request, meeting, minutes, form, *, status=200, saved_text=None, file_form=None):
    is_published = minutes is not None and minutes.status == Minutes.Status.PUBLISHED
    can_write = meeting.has_started and meeting.status != Meeting.Status.CANCELLED
    context = {
        "meeting": meeting,
        "committee": meeting.committee,
        "minutes": minutes,
        "form": form,
        "saved_text": saved_text,
        "is_published": is_published,
        "can_write": can_write,
        "is_held": meeting.status == Meeting.Status.HELD,
        "files": attachments_of(minutes) if minutes is not None else [],
        "file_form": (file_form or MinutesFileForm()) if can_write and not is_published else None,
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
        context = {
            "meeting": meeting,
            "committee": meeting.committee,
            "form": form,
            "files": attachments_of(minutes) if minutes is not None else [],
        }
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


# --- files of the minutes --------------------------------------------------------------------


@login_required
@require_POST
def minutes_file_add(request, slug, pk):
    """Attach one file to the minutes (until they are published)."""
    meeting, minutes = manageable_meeting(request, slug, pk)
    file_form = MinutesFileForm(request.POST, request.FILES)
    if file_form.is_valid():
        attachment = call_service(
            file_form,
            attach_minutes_file,
            field="file",
            meeting=meeting,
            uploaded_file=file_form.cleaned_data["file"],
            by=request.user,
        )
        if attachment is not None:
            messages.success(
                request,
                _("The file “%(name)s” has been attached to the minutes.")
                % {"name": attachment.original_name},
            )
            return redirect("gremien:minutes", slug=meeting.committee.slug, pk=meeting.pk)
    revision = minutes.revision if minutes else 0
    form = MinutesForm(initial={"text": minutes.text if minutes else "", "revision": revision})
    return _minutes_page(request, meeting, minutes, form, status=400, file_form=file_form)


@login_required
@require_POST
def minutes_file_remove(request, slug, pk, uuid):
    """Take a file off the minutes (until they are published)."""
    meeting, minutes = manageable_meeting(request, slug, pk)
    attachment = Attachment.objects.filter(uuid=uuid).first()
    if minutes is None or attachment is None:
        raise Http404
    try:
        remove_minutes_file(meeting=meeting, attachment=attachment, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("The file “%(name)s” has been removed from the minutes.")
            % {"name": attachment.original_name},
        )
    return redirect("gremien:minutes", slug=meeting.committee.slug, pk=meeting.pk)
