"""Pages of umsetzung: public lists and measure pages, the units' report forms, the office's
approval queue and the yearly report (HTML, PDF, XLSX)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from etappen.models import Requirement, VersionSection
from gremien.models import Committee, District
from lip.pdf import pdf_response, render_pdf

from .annual import annual_report_xlsx, build_annual_report
from .chart import indicator_chart
from .forms import IndicatorValueForm, ReturnForm, StatusReportForm
from .models import AnnualReport, Indicator, IndicatorValue, Measure, Status, StatusReport
from .origins import measure_origins
from .permissions import (
    can_approve_reports,
    can_report_on,
    can_view_unit_pages,
    reportable_measures,
)
from .services import (
    approve_report,
    create_measures_from_catalogue,
    issue_annual_report,
    record_indicator_value,
    return_report,
    save_report,
)


def _filters(request) -> dict:
    """The chosen filters of the list, each checked against what exists (else ignored)."""
    return {
        "themenfeld": request.GET.get("themenfeld", ""),
        "zielgruppe": request.GET.get("zielgruppe", "")[:300],
        "stadtteil": request.GET.get("stadtteil", ""),
        "status": request.GET.get("status", ""),
    }


def index(request):
    """All tracked measures, filtered by Themenfeld, Zielgruppe, Stadtbezirk and status."""
    chosen = _filters(request)
    topics = list(
        Committee.objects.filter(measures__isnull=False).distinct().order_by("position", "name")
    )
    districts = list(District.objects.all())
    target_groups = list(
        Measure.objects.exclude(target_group="")
        .order_by("target_group")
        .values_list("target_group", flat=True)
        .distinct()
    )
    measures = Measure.objects.for_list()
    topic = next((t for t in topics if t.slug == chosen["themenfeld"]), None)
    if topic is not None:
        measures = measures.filter(topic=topic)
    if chosen["zielgruppe"] in target_groups:
        measures = measures.filter(target_group=chosen["zielgruppe"])
    district = next((d for d in districts if str(d.number) == chosen["stadtteil"]), None)
    if district is not None:
        measures = measures.filter(districts=district)
    if chosen["status"] in Status.values:
        measures = measures.filter(status=chosen["status"])
    measures = list(measures)
    counts = dict(Measure.objects.values_list("status").annotate(n=Count("pk")).order_by())
    context = {
        "measures": measures,
        "topics": topics,
        "districts": districts,
        "target_groups": target_groups,
        "statuses": Status.choices,
        "chosen": chosen,
        "filtered": any(chosen.values()),
        "status_counts": [(value, label, counts.get(value, 0)) for value, label in Status.choices],
        "total": sum(counts.values()),
        "annual_reports": list(AnnualReport.objects.filter(issued_at__isnull=False)),
        "may_report": request.user.is_authenticated and can_view_unit_pages(request.user),
        "may_approve": request.user.is_authenticated and can_approve_reports(request.user),
    }
    return render(request, "umsetzung/index.html", context)


def _indicators(measure: Measure) -> list[Indicator]:
    indicators = list(
        measure.indicators.prefetch_related(
            Prefetch("values", queryset=IndicatorValue.objects.order_by("date"))
        )
    )
    for indicator in indicators:
        indicator.chart = indicator_chart(
            indicator.values.all(), baseline=indicator.baseline, target=indicator.target
        )
    return indicators


def measure_detail(request, pk):
    """A measure: its source in the catalogue and the participation, its approved reports and
    its indicators. A fixed number of queries."""
    measure = get_object_or_404(
        Measure.objects.select_related(
            "topic",
            "responsible_unit",
            "paper",
            "draft__stage",
            "source_version",
            "introduced_in",
        ).prefetch_related("districts"),
        pk=pk,
    )
    appearances = list(
        VersionSection.objects.filter(version__draft=measure.draft_id, key=measure.section_key)
        .select_related("version")
        .order_by("version__number")
    )
    requirements = list(
        Requirement.objects.filter(decision__version__draft=measure.draft_id)
        .select_related("decision__version")
        .order_by("decision__decided_on", "position")
    )
    context = {
        "measure": measure,
        "appearances": appearances,
        "requirements": requirements,
        "reports": list(measure.reports.approved().order_by("-reported_on", "-pk")),
        "indicators": _indicators(measure),
        "origins": measure_origins(measure),
        "can_report": request.user.is_authenticated and can_report_on(request.user, measure),
    }
    return render(request, "umsetzung/measure_detail.html", context)


# --- the responsible units -------------------------------------------------------------------


@login_required
def unit_measures(request):
    """The measures the user reports on, with their open report."""
    if not can_view_unit_pages(request.user):
        raise PermissionDenied
    measures = list(
        reportable_measures(request.user)
        .for_list()
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=StatusReport.objects.filter(state__in=StatusReport.OPEN_STATES),
                to_attr="open_reports",
            )
        )
    )
    return render(request, "umsetzung/unit_measures.html", {"measures": measures})


def _measure_to_report_on(user, pk) -> Measure:
    """A measure the user reports on: 404 if there is none, 403 if it is not theirs."""
    measure = get_object_or_404(Measure.objects.select_related("topic", "responsible_unit"), pk=pk)
    if not can_report_on(user, measure):
        raise PermissionDenied
    return measure


@login_required
def report_form(request, pk):
    """Write the unit's report on a measure (save as draft or submit) and enter indicator
    values."""
    measure = _measure_to_report_on(request.user, pk)
    report = measure.reports.filter(state__in=StatusReport.OPEN_STATES).first()
    initial = {
        "reported_on": timezone.localdate(),
        "proposed_status": measure.status,
        "proposed_reason": measure.status_reason,
    }
    if report is not None:
        initial = {
            "reported_on": report.reported_on,
            "text": report.text,
            "proposed_status": report.proposed_status,
            "proposed_reason": report.proposed_reason,
        }
    form = StatusReportForm(request.POST or None, initial=initial, prefix="bericht")
    value_form = IndicatorValueForm(measure=measure, prefix="wert")
    if request.method == "POST":
        if report is not None and not report.is_editable:
            messages.error(
                request,
                _("The report has been submitted; it can be changed once the office returns it."),
            )
            return redirect("umsetzung:report-form", pk=measure.pk)
        if form.is_valid():
            data = form.cleaned_data
            try:
                save_report(
                    measure=measure,
                    by=request.user,
                    reported_on=data["reported_on"],
                    text=data["text"],
                    proposed_status=data["proposed_status"],
                    proposed_reason=data["proposed_reason"],
                    submit="einreichen" in request.POST,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if "einreichen" in request.POST:
                    messages.success(
                        request, _("The report has been submitted to the office for approval.")
                    )
                else:
                    messages.success(request, _("The report has been saved as a draft."))
                return redirect("umsetzung:report-form", pk=measure.pk)
    context = {
        "measure": measure,
        "report": report,
        "form": form,
        "value_form": value_form,
        "indicators": list(measure.indicators.prefetch_related("values")),
    }
    return render(
        request, "umsetzung/report_form.html", context, status=400 if form.errors else 200
    )


@login_required
@require_POST
def indicator_value_add(request, pk):
    """Enter a value of one of the measure's indicators."""
    measure = _measure_to_report_on(request.user, pk)
    form = IndicatorValueForm(request.POST, measure=measure, prefix="wert")
    if form.is_valid():
        try:
            record_indicator_value(
                indicator=form.cleaned_data["indicator"],
                by=request.user,
                date=form.cleaned_data["date"],
                value=form.cleaned_data["value"],
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("The value has been saved."))
    else:
        errors = [e for field_errors in form.errors.values() for e in field_errors]
        messages.error(request, " ".join(errors))
    return redirect("umsetzung:report-form", pk=measure.pk)


# --- OE 50.6 ---------------------------------------------------------------------------------


@login_required
def approval_queue(request):
    """The submitted reports, oldest first, each with approve and return."""
    if not can_approve_reports(request.user):
        raise PermissionDenied
    reports = list(
        StatusReport.objects.filter(state=StatusReport.State.SUBMITTED)
        .select_related("measure__topic", "measure__responsible_unit", "written_by", "unit")
        .order_by("submitted_at", "pk")
    )
    for report in reports:
        report.return_form = ReturnForm(prefix=f"r{report.pk}")
    context = {
        "reports": reports,
        "annual_reports": list(AnnualReport.objects.all()),
    }
    return render(request, "umsetzung/approval_queue.html", context)


def _report_to_decide(user, pk) -> StatusReport:
    if not can_approve_reports(user):
        raise PermissionDenied
    return get_object_or_404(StatusReport.objects.select_related("measure"), pk=pk)


@login_required
@require_POST
def report_approve(request, pk):
    report = _report_to_decide(request.user, pk)
    try:
        approve_report(report=report, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The report has been approved and is now public."))
    return redirect("umsetzung:approval-queue")


@login_required
@require_POST
def report_return(request, pk):
    report = _report_to_decide(request.user, pk)
    form = ReturnForm(request.POST, prefix=f"r{report.pk}")
    if not form.is_valid():
        messages.error(request, _("Please say what the unit should change."))
        return redirect("umsetzung:approval-queue")
    try:
        return_report(report=report, by=request.user, note=form.cleaned_data["note"])
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The report has been returned to the unit."))
    return redirect("umsetzung:approval-queue")


@login_required
@require_POST
def track_measures(request):
    """Take the measures of the adopted catalogue into tracking (idempotent)."""
    if not can_approve_reports(request.user):
        raise PermissionDenied
    created = create_measures_from_catalogue(by=request.user)
    messages.success(request, _("%(count)s measures newly tracked.") % {"count": len(created)})
    return redirect("umsetzung:approval-queue")


# --- the yearly report -----------------------------------------------------------------------


def _annual(year: int) -> AnnualReport:
    return get_object_or_404(AnnualReport, year=year)


def annual_report(request, year):
    """The yearly report to the Internationaler Ausschuss as a web page."""
    report = _annual(year)
    return render(
        request,
        "umsetzung/annual_report.html",
        {
            "data": build_annual_report(report),
            "can_issue": can_approve_reports(request.user) and not report.is_issued,
        },
    )


def annual_report_pdf(request, year):
    report = _annual(year)
    return pdf_response(
        request,
        lambda: render_pdf(
            "umsetzung/annual_report_pdf.html", {"data": build_annual_report(report)}
        ),
        filename=f"umsetzungsbericht-{report.year}.pdf",
        html_url=report.get_absolute_url(),
    )


def annual_report_xlsx_view(request, year):
    report = _annual(year)
    response = HttpResponse(
        annual_report_xlsx(build_annual_report(report)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="umsetzungsbericht-{report.year}.xlsx"'
    return response


@login_required
@require_POST
def annual_report_issue(request, year):
    if not can_approve_reports(request.user):
        raise PermissionDenied
    report = _annual(year)
    try:
        issue_annual_report(report=report, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The annual report has been issued."))
    return redirect(report)
