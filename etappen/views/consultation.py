"""Filing a body's assessment or statement, and extending a deadline (OE 50.6).

Every page and action here shows or changes a consultation, so each one first asks
``can_view_statements``: anonymous visitors are sent to the login, signed-in people outside the
rule get a 404 (the request does not exist for them), readers without the right to act a 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lip.attachments.models import Attachment
from lip.attachments.services import attachments_of

from ..forms import DeadlineForm, StatementForm
from ..models import ConsultationRequest, StatementDraft
from ..permissions import (
    can_extend_deadline,
    can_file_statement,
    can_view_statement_draft,
    can_view_statements,
)
from ..services import (
    extend_deadline,
    file_statement,
    remove_statement_draft_file,
    save_statement_draft,
)
from ._access import not_visible
from .drafts import draft_page, load_draft


def _load_request(pk: int) -> ConsultationRequest:
    return get_object_or_404(
        ConsultationRequest.objects.select_related(
            "committee", "statement", "version__draft__stage", "version__draft__committee"
        ).prefetch_related("version__consultation_requests"),
        pk=pk,
    )


def _label(request: ConsultationRequest) -> str:
    if request.kind == ConsultationRequest.Kind.ASSESSMENT:
        return _("Assessment")
    return _("Statement")


def statement_form(request, pk):
    """The form a consulted body files on; the Delegiertenkonferenz reads the assessments here.

    The body's members and OE 50.6 can keep the text as a draft first; filing goes through a
    confirmation page. A moot request (its version decided or superseded) says so and shows no
    form.
    """
    consultation_request = _load_request(pk)
    if not can_view_statements(request.user, consultation_request.version):
        return not_visible(request)
    return _statement_page(request, consultation_request)


def _bundled_assessments(consultation_request) -> list[ConsultationRequest]:
    if consultation_request.kind != ConsultationRequest.Kind.BUNDLED_STATEMENT:
        return []
    return list(
        ConsultationRequest.objects.filter(
            version=consultation_request.version_id, kind=ConsultationRequest.Kind.ASSESSMENT
        )
        .select_related("committee", "statement")
        .order_by("committee__position", "committee__name")
    )


def _statement_page(request, consultation_request, *, form=None):
    user = request.user
    version = consultation_request.version
    today = timezone.localdate()
    filed = getattr(consultation_request, "statement", None)
    status = consultation_request.status(today) if consultation_request.expects_statement else ""
    may_file = can_file_statement(user, consultation_request)
    can_file = may_file and status in (
        ConsultationRequest.Status.PENDING,
        ConsultationRequest.Status.OVERDUE,
    )
    saved_draft = None
    if can_file and can_view_statement_draft(user, consultation_request):
        saved_draft = (
            StatementDraft.objects.filter(request=consultation_request)
            .select_related("updated_by")
            .first()
        )
    if can_file and form is None:
        form = StatementForm(
            label=_label(consultation_request),
            initial={"text": saved_draft.text} if saved_draft else None,
        )
    context = {
        "consultation_request": consultation_request,
        "version": version,
        "filed": filed,
        "filed_files": attachments_of(filed) if filed else [],
        "draft_files": attachments_of(saved_draft) if saved_draft else [],
        "status": status,
        "moot": status == ConsultationRequest.Status.MOOT,
        "form": form if can_file else None,
        "saved_draft": saved_draft,
        "assessments": _bundled_assessments(consultation_request),
        "may_file": may_file,
        "late": consultation_request.deadline_passed(today),
    }
    status_code = 400 if form is not None and form.is_bound else 200
    return render(request, "etappen/statement_form.html", context, status=status_code)


@login_required
@require_POST
def statement_file(request, pk):
    """One form, three buttons: keep the text as a draft ("save"), see what filing does
    ("check", the default), or file it ("file", sent from that confirmation page)."""
    consultation_request = _load_request(pk)
    if not can_view_statements(request.user, consultation_request.version):
        raise Http404
    if not can_file_statement(request.user, consultation_request):
        raise PermissionDenied
    form = StatementForm(request.POST, request.FILES, label=_label(consultation_request))
    if not form.is_valid():
        return _statement_page(request, consultation_request, form=form)
    action = request.POST.get("action", "check")
    text = form.cleaned_data["text"]
    files = [form.cleaned_data["attachment"]] if form.cleaned_data["attachment"] else []
    try:
        if action == "file":
            statement = file_statement(
                request=consultation_request, text=text, by=request.user, files=files
            )
        else:
            # Also on the way to the confirmation page, so that "back" finds the text again
            # (and the file, which goes with the draft).
            save_statement_draft(
                request=consultation_request, text=text, by=request.user, files=files
            )
    except ValidationError as error:
        form.add_error(None, error)
        return _statement_page(request, consultation_request, form=form)
    if action == "file":
        if statement.is_late:
            messages.warning(
                request, _("The text has been filed after the deadline and is marked as late.")
            )
        else:
            messages.success(request, _("The text has been filed. Thank you."))
        return redirect(consultation_request.version)
    if action == "save":
        messages.success(
            request,
            _("The draft has been saved. Only members of %(body)s and OE 50.6 can see it.")
            % {"body": consultation_request.committee.name},
        )
        return redirect("etappen:statement-form", pk=consultation_request.pk)
    return _confirm_page(request, consultation_request, form)


def _confirm_page(request, consultation_request, form):
    """What filing will do: the text as it will stand, late or not, what it bundles."""
    context = {
        "consultation_request": consultation_request,
        "version": consultation_request.version,
        "form": form,
        "text": form.cleaned_data["text"],
        "files": [
            attachment
            for statement_draft in StatementDraft.objects.filter(request=consultation_request)
            for attachment in attachments_of(statement_draft)
        ],
        "late": consultation_request.deadline_passed(timezone.localdate()),
        "bundles": [
            assessment
            for assessment in _bundled_assessments(consultation_request)
            if getattr(assessment, "statement", None) is not None
        ],
    }
    return render(request, "etappen/statement_confirm.html", context)


@login_required
@require_POST
def statement_file_remove(request, pk, uuid):
    """Take a file off the body's draft (its members and OE 50.6); filed files stay."""
    consultation_request = _load_request(pk)
    if not can_view_statements(request.user, consultation_request.version):
        raise Http404
    if not can_view_statement_draft(request.user, consultation_request):
        raise PermissionDenied
    attachment = get_object_or_404(Attachment, uuid=uuid)
    try:
        remove_statement_draft_file(
            request=consultation_request, attachment=attachment, by=request.user
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request, _("The file %(name)s has been removed.") % {"name": attachment.original_name}
        )
    return redirect("etappen:statement-form", pk=consultation_request.pk)


@login_required
@require_POST
def deadline_extend(request, pk):
    """OE 50.6 gives a body more time; the draft page shows the new deadline."""
    consultation_request = _load_request(pk)
    if not can_view_statements(request.user, consultation_request.version):
        raise Http404
    if not can_extend_deadline(request.user):
        raise PermissionDenied
    form = DeadlineForm(request.POST, prefix=f"deadline-{consultation_request.pk}")
    if form.is_valid():
        try:
            extend_deadline(
                request=consultation_request,
                deadline=form.cleaned_data["deadline"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The deadline of %(body)s has been extended.")
                % {"body": consultation_request.committee.name},
            )
            return redirect(consultation_request.version.draft)
    return draft_page(request, load_draft(consultation_request.version.draft_id), failed=form)
