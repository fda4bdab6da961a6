"""Recording the steering group's decision on a version (OE 50.6).

The form shows where the consultation stands, body by body; recording goes through a
confirmation page that says what the decision will do (etappen.services.plan_decision).
"""

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gremien.models import Committee, Meeting

from ..forms import DecisionForm
from ..models import ConsultationRequest, Decision, DraftVersion, Requirement, SectionKind
from ..permissions import can_record_decision, can_view_statements
from ..services import (
    accept_draft,
    plan_decision,
    return_draft_for_revision,
    steering_group_votes,
)


def _load_version(request, pk: int) -> DraftVersion:
    """The version, for the office; a 404 for whoever may not read its consultation."""
    version = get_object_or_404(
        DraftVersion.objects.select_related("draft__stage", "draft__committee").prefetch_related(
            "consultation_requests"
        ),
        pk=pk,
    )
    if not can_view_statements(request.user, version):
        raise Http404
    if not can_record_decision(request.user):
        raise PermissionDenied
    return version


@dataclass
class BodyRow:
    """A consulted body on the decision page: where its text stands, and a link to read it."""

    request: ConsultationRequest
    status: str
    is_pending: bool


@dataclass
class DecisionSituation:
    """What the decision page needs to know, loaded once per request (a fixed number of queries)."""

    version: DraftVersion
    rows: list[BodyRow]
    measures: list
    open_requirements: list[Requirement]
    # Why no decision can be recorded on this version any more; "" while one can.
    blocked: str

    @property
    def pending(self) -> list[ConsultationRequest]:
        return [row.request for row in self.rows if row.is_pending]


def _situation(version: DraftVersion) -> DecisionSituation:
    today = timezone.localdate()
    requests = (
        version.consultation_requests.expecting_statement()
        .select_related("committee", "statement")
        .order_by("committee__position", "committee__name")
    )
    pending = {ConsultationRequest.Status.PENDING, ConsultationRequest.Status.OVERDUE}
    rows = []
    for consultation_request in requests:
        consultation_request.version = version  # the page knows it; no query per row
        status = consultation_request.status(today)
        rows.append(BodyRow(consultation_request, status, status in pending))
    draft = version.draft
    measures = []
    if draft.stage.structured:
        measures = list(version.sections.filter(kind=SectionKind.MEASURE).order_by("position"))
    return DecisionSituation(
        version=version,
        rows=rows,
        measures=measures,
        open_requirements=list(
            Requirement.objects.open_for(draft).select_related("decision__version").order_by("pk")
        ),
        blocked=_blocked(version),
    )


def _blocked(version: DraftVersion) -> str:
    """Why the page offers no form: the version is decided, superseded, or not up for decision."""
    if Decision.objects.filter(version=version).exists():
        return _("The steering group has already decided on this version.")
    if version.is_closed:
        return _(
            "A newer version of this draft has been submitted; the steering group decides on "
            "the latest version only."
        )
    if not version.draft.allows("accept"):
        return _("Only a submitted draft can be decided on; this draft is “%(state)s”.") % {
            "state": version.draft.get_state_display()
        }
    return ""


def _steering_group_meetings() -> list[Meeting]:
    """The steering group's planned and held meetings up to today, the latest first."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    return list(
        Meeting.objects.filter(
            committee__kind=Committee.Kind.STEERING_GROUP,
            status__in=[Meeting.Status.PLANNED, Meeting.Status.HELD],
            start__lt=timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time())),
        )
        .select_related("committee")
        .order_by("-start")[:50]
    )


def _form(situation: DecisionSituation, data=None) -> DecisionForm:
    return DecisionForm(
        data,
        measures=situation.measures,
        open_requirements=situation.open_requirements,
        pending=bool(situation.pending),
        meetings=_steering_group_meetings(),
    )


def _decision_page(request, situation: DecisionSituation, form, *, status=200):
    version = situation.version
    context = {
        "version": version,
        "draft": version.draft,
        "form": None if situation.blocked else form,
        "blocked": situation.blocked,
        "rows": situation.rows,
        "pending": situation.pending,
        "can_read_statements": can_view_statements(request.user, version),
        "votes_available": steering_group_votes(),
    }
    return render(request, "etappen/decision_form.html", context, status=status)


@login_required
def decision_form(request, pk):
    version = _load_version(request, pk)
    situation = _situation(version)
    return _decision_page(request, situation, _form(situation))


@login_required
@require_POST
def decision_record(request, pk):
    """Check the decision and show what it will do; record it once that page is confirmed."""
    version = _load_version(request, pk)
    situation = _situation(version)
    form = _form(situation, request.POST)
    if situation.blocked:
        # Nothing can be recorded on this version any more; say why, change nothing.
        return _decision_page(request, situation, form, status=400)
    if not form.is_valid():
        return _decision_page(request, situation, form, status=400)
    if request.POST.get("edit"):
        # Back from the confirmation page to the form, with everything entered.
        return _decision_page(request, situation, form)
    data = form.cleaned_data
    accepting = data["outcome"] == Decision.Outcome.ACCEPTED
    common = {
        "version": version,
        "decided_on": data["decided_on"],
        "votes": form.votes(),
        "measure_outcomes": form.measure_outcomes(),
        "pending_override_reason": data.get("pending_override_reason", ""),
        "note": data["note"],
        "procedure": form.procedure(),
        "meeting": form.chosen_meeting(),
    }
    try:
        if request.POST.get("confirmed") != "1":
            plan = plan_decision(
                outcome=data["outcome"],
                requirements=form.requirement_texts(),
                requirement_settlements=form.requirement_settlements(),
                **common,
            )
            return render(
                request,
                "etappen/decision_confirm.html",
                {"version": version, "draft": version.draft, "plan": plan, "form": form},
            )
        if accepting:
            accept_draft(
                requirement_settlements=form.requirement_settlements(), by=request.user, **common
            )
        else:
            return_draft_for_revision(
                requirements=form.requirement_texts(), by=request.user, **common
            )
    except ValidationError as error:
        form.add_error(None, error)
        return _decision_page(request, situation, form, status=400)
    messages.success(request, _("The decision has been recorded."))
    return redirect(version)
