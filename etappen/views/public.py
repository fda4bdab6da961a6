"""Pages everyone may open: the stages with their plans and the drafts' states, council papers.

They show no text of a draft or version unless it is published (DraftVersion.is_public).
"""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from ..forms import CouncilResultForm
from ..models import CouncilConsultation, Draft, DraftVersion, Paper, Stage
from ..permissions import can_manage_stage, can_view_consolidated_paper, can_view_version
from ._access import draft_rows
from .papers import paper_annexes

DRAFTS = Draft.objects.select_related("committee").prefetch_related(
    Prefetch("versions", queryset=DraftVersion.objects.order_by("number")),
    "versions__consultation_requests",
)


def index(request):
    """Both stages: plan, the drafts' states, the council papers and the background papers."""
    stages = list(
        Stage.objects.prefetch_related(
            Prefetch("drafts", queryset=DRAFTS.order_by("committee__position", "committee__name")),
            "papers",
        )
    )
    for stage in stages:
        stage.rows = draft_rows(request.user, stage.drafts.all())
    # NNNN/YYYY: in order of year, then number.
    background = sorted(
        Paper.objects.filter(stage__isnull=True),
        key=lambda paper: (paper.number[5:], paper.number[:4]),
    )
    return render(
        request, "etappen/index.html", {"stages": stages, "background_papers": background}
    )


def stage_detail(request, number):
    """One stage: its plan and how it changed, every draft's state, the council paper."""
    stage = get_object_or_404(Stage, number=number)
    drafts = DRAFTS.filter(stage=stage).order_by("committee__position", "committee__name")
    rows = draft_rows(request.user, drafts)
    plan_changes = [
        record for record in stage.history.order_by("-history_date") if record.history_change_reason
    ]
    paper = stage.papers.first()
    all_accepted = bool(rows) and all(row.draft.state == Draft.State.ACCEPTED for row in rows)
    # An accepted draft's latest version is the accepted one (accepting ends the draft's way).
    accepted = [row.latest for row in rows if row.draft.state == Draft.State.ACCEPTED]
    context = {
        "stage": stage,
        "rows": rows,
        "plan_changes": plan_changes,
        "paper": paper,
        "can_manage": can_manage_stage(request.user),
        "all_accepted": all_accepted,
        "show_consolidated": bool(accepted) and can_view_consolidated_paper(request.user, accepted),
        "consolidated_complete": all_accepted,
        "state_counts": {
            state: sum(1 for row in rows if row.draft.state == state) for state in Draft.State
        },
    }
    return render(request, "etappen/stage_detail.html", context)


def paper_detail(request, pk):
    """A council paper with its Beratungsfolge; the office records the results here."""
    paper = get_object_or_404(Paper.objects.select_related("stage"), pk=pk)
    return paper_page(request, paper)


def paper_page(request, paper: Paper, *, failed: CouncilResultForm | None = None):
    """Render the paper page; a failed result form is shown again with what was entered."""
    steps = list(paper.consultations.select_related("committee"))
    versions = list(
        paper.versions.select_related("draft__committee").prefetch_related("consultation_requests")
    )
    can_manage = can_manage_stage(request.user)
    next_step = next(
        (
            step
            for step in steps
            if not step.result or step.result == CouncilConsultation.Result.POSTPONED
        ),
        None,
    )
    result_form = None
    if can_manage and next_step is not None:
        prefix = f"step-{next_step.pk}"
        if failed is not None and failed.prefix == prefix:
            result_form = failed
        else:
            result_form = CouncilResultForm(prefix=prefix)
    stray_errors = []
    if failed is not None and failed is not result_form:
        # The step was recorded meanwhile: the form is gone, its errors are not.
        stray_errors = [error for errors in failed.errors.values() for error in errors]
    context = {
        "stray_errors": stray_errors,
        "paper": paper,
        "steps": steps,
        "versions": [(version, can_view_version(request.user, version)) for version in versions],
        "next_step": next_step,
        "result_form": result_form,
        **paper_annexes(request.user, paper, versions),
    }
    return render(
        request, "etappen/paper_detail.html", context, status=200 if failed is None else 400
    )
