"""Filing a body's assessment or statement, and extending a deadline (OE 50.6)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms import DeadlineForm, StatementForm
from ..models import ConsultationRequest, Decision, Statement
from ..permissions import can_extend_deadline, can_file_statement, can_view_version
from ..services import extend_deadline, file_statement
from ._access import not_visible
from .drafts import draft_page, load_draft


def _load_request(pk: int) -> ConsultationRequest:
    return get_object_or_404(
        ConsultationRequest.objects.select_related(
            "committee", "version__draft__stage", "version__draft__committee"
        ).prefetch_related("version__consultation_requests"),
        pk=pk,
    )


def _label(request: ConsultationRequest) -> str:
    if request.kind == ConsultationRequest.Kind.ASSESSMENT:
        return _("Assessment")
    return _("Statement")


def statement_form(request, pk):
    """The form a consulted body files on; the Delegiertenkonferenz reads the assessments here."""
    consultation_request = _load_request(pk)
    if not can_view_version(request.user, consultation_request.version):
        return not_visible(request)
    return _statement_page(request, consultation_request)


def _statement_page(request, consultation_request, *, form=None):
    user = request.user
    version = consultation_request.version
    filed = Statement.objects.filter(request=consultation_request).first()
    decided = Decision.objects.filter(version=version).exists()
    can_file = can_file_statement(user, consultation_request) and filed is None and not decided
    if can_file and form is None:
        form = StatementForm(label=_label(consultation_request))
    assessments = []
    if consultation_request.kind == ConsultationRequest.Kind.BUNDLED_STATEMENT:
        assessments = list(
            ConsultationRequest.objects.filter(
                version=version, kind=ConsultationRequest.Kind.ASSESSMENT
            )
            .select_related("committee", "statement")
            .order_by("committee__position", "committee__name")
        )
    context = {
        "consultation_request": consultation_request,
        "version": version,
        "filed": filed,
        "decided": decided,
        "form": form if can_file else None,
        "assessments": assessments,
        "may_file": can_file_statement(user, consultation_request),
        "late": consultation_request.is_overdue(timezone.localdate()),
    }
    status = 400 if form is not None and form.is_bound else 200
    return render(request, "etappen/statement_form.html", context, status=status)


@login_required
@require_POST
def statement_file(request, pk):
    consultation_request = _load_request(pk)
    if not can_view_version(request.user, consultation_request.version):
        raise Http404
    if not can_file_statement(request.user, consultation_request):
        raise PermissionDenied
    form = StatementForm(request.POST, label=_label(consultation_request))
    if form.is_valid():
        try:
            statement = file_statement(
                request=consultation_request, text=form.cleaned_data["text"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if statement.is_late:
                messages.warning(
                    request,
                    _("The text has been filed after the deadline and is marked as late."),
                )
            else:
                messages.success(request, _("The text has been filed. Thank you."))
            return redirect(consultation_request.version)
    return _statement_page(request, consultation_request, form=form)


@login_required
@require_POST
def deadline_extend(request, pk):
    """OE 50.6 gives a body more time; the draft page shows the new deadline."""
    consultation_request = _load_request(pk)
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
