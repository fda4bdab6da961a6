"""The office's stage pages: the plan, the drafts of a stage, the council paper and its results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms import CouncilResultForm, PaperForm, StagePlanForm
from ..models import CouncilConsultation, Draft, Stage
from ..permissions import can_manage_stage
from ..services import (
    change_stage_plan,
    compile_council_paper,
    create_drafts_for_stage,
    record_council_result,
)
from .public import paper_page


def _stage_to_manage(request, number: int) -> Stage:
    if not can_manage_stage(request.user):
        raise PermissionDenied
    return get_object_or_404(Stage, number=number)


@login_required
def stage_plan_form(request, number):
    stage = _stage_to_manage(request, number)
    form = StagePlanForm(
        initial={
            "planned_start": stage.planned_start,
            "planned_end": stage.planned_end,
            "planned_council": stage.planned_council,
            "actual_start": stage.actual_start,
            "actual_end": stage.actual_end,
        }
    )
    return render(request, "etappen/stage_plan_form.html", {"stage": stage, "form": form})


@login_required
@require_POST
def stage_plan_change(request, number):
    stage = _stage_to_manage(request, number)
    form = StagePlanForm(request.POST)
    if form.is_valid():
        try:
            change_stage_plan(stage=stage, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The schedule has been changed."))
            return redirect(stage)
    return render(
        request, "etappen/stage_plan_form.html", {"stage": stage, "form": form}, status=400
    )


@login_required
@require_POST
def drafts_create(request, number):
    stage = _stage_to_manage(request, number)
    try:
        drafts = create_drafts_for_stage(stage=stage, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("%(count)s drafts have been created.") % {"count": len(drafts)})
    return redirect(stage)


def _paper_form_page(request, stage: Stage, form: PaperForm, *, status=200):
    drafts = list(stage.drafts.select_related("committee").order_by("committee__position"))
    context = {
        "stage": stage,
        "form": form,
        "pending": [d for d in drafts if d.state != Draft.State.ACCEPTED],
        "has_drafts": bool(drafts),
    }
    return render(request, "etappen/paper_form.html", context, status=status)


@login_required
def paper_form(request, number):
    stage = _stage_to_manage(request, number)
    return _paper_form_page(request, stage, PaperForm())


@login_required
@require_POST
def paper_compile(request, number):
    stage = _stage_to_manage(request, number)
    form = PaperForm(request.POST)
    if form.is_valid():
        try:
            paper = compile_council_paper(
                stage=stage,
                number=form.cleaned_data["number"],
                title=form.cleaned_data["title"],
                date=form.cleaned_data["date"],
                further_committees=list(form.cleaned_data["further_committees"]),
                text=form.cleaned_data["text"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The council paper %(number)s has been compiled.") % {"number": paper.number},
            )
            return redirect(paper)
    return _paper_form_page(request, stage, form, status=400)


@login_required
@require_POST
def council_result(request, pk):
    if not can_manage_stage(request.user):
        raise PermissionDenied
    step = get_object_or_404(
        CouncilConsultation.objects.select_related("paper", "committee"), pk=pk
    )
    form = CouncilResultForm(request.POST, prefix=f"step-{step.pk}")
    if form.is_valid():
        try:
            record_council_result(
                consultation=step,
                meeting_date=form.cleaned_data["meeting_date"],
                result=form.cleaned_data["result"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The result of %(body)s has been recorded.") % {"body": step.committee.name},
            )
            return redirect(step.paper)
    return paper_page(request, step.paper, failed=form)
