"""Recording the steering group's decision on a version (OE 50.6)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms import DecisionForm
from ..models import Decision, DraftVersion, Requirement, SectionKind
from ..permissions import can_record_decision
from ..services import accept_draft, return_draft_for_revision, steering_group_votes


def _load_version(request, pk: int) -> DraftVersion:
    if not can_record_decision(request.user):
        raise PermissionDenied
    return get_object_or_404(
        DraftVersion.objects.select_related("draft__stage", "draft__committee"), pk=pk
    )


def _measures(version: DraftVersion) -> list:
    if not version.draft.stage.structured:
        return []
    return list(version.sections.filter(kind=SectionKind.MEASURE).order_by("position"))


def _decision_page(request, version: DraftVersion, form: DecisionForm, *, status=200):
    context = {
        "version": version,
        "draft": version.draft,
        "form": form,
        "votes_available": steering_group_votes(),
        "earlier_requirements": Requirement.objects.filter(decision__version__draft=version.draft)
        .select_related("decision__version")
        .prefetch_related("addressed_by"),
        "decided": Decision.objects.filter(version=version).exists(),
    }
    return render(request, "etappen/decision_form.html", context, status=status)


@login_required
def decision_form(request, pk):
    version = _load_version(request, pk)
    return _decision_page(request, version, DecisionForm(measures=_measures(version)))


@login_required
@require_POST
def decision_record(request, pk):
    version = _load_version(request, pk)
    form = DecisionForm(request.POST, measures=_measures(version))
    if form.is_valid():
        common = {
            "version": version,
            "decided_on": form.cleaned_data["decided_on"],
            "votes": form.votes(),
            "measure_outcomes": form.measure_outcomes(),
            "note": form.cleaned_data["note"],
            "by": request.user,
        }
        try:
            if form.cleaned_data["outcome"] == Decision.Outcome.ACCEPTED:
                accept_draft(**common)
            else:
                return_draft_for_revision(requirements=form.requirement_texts(), **common)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The decision has been recorded."))
            return redirect(version)
    return _decision_page(request, version, form, status=400)
