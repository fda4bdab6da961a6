"""The yearly report to the Internationaler Ausschuss, built from the measures and their
approved reports: one function for the page, the PDF and the spreadsheet, so all three agree."""

import datetime
import io
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from .models import AnnualReport, Measure, Status, StatusReport

# Spreadsheet programs run cells that start like a formula; quote them (as beteiligung does).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Row:
    measure: Measure
    status: str
    status_label: str
    previous: str | None  # status in the last issued report; None: not in it (or no report)
    previous_label: str = ""
    latest: StatusReport | None = None

    @property
    def changed(self) -> bool:
        return self.previous is not None and self.previous != self.status


@dataclass
class Total:
    status: str
    label: str
    count: int


@dataclass
class AnnualReportData:
    report: AnnualReport
    previous: AnnualReport | None
    rows: list[Row] = field(default_factory=list)
    totals: list[Total] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def changed(self) -> list[Row]:
        return [row for row in self.rows if row.changed]

    @property
    def new(self) -> list[Row]:
        if self.previous is None:
            return []
        return [row for row in self.rows if row.previous is None]


def build_annual_report(report: AnnualReport) -> AnnualReportData:
    """Each measure with its status (as issued, or as now while the report is open), its status
    in the previous issued report and its latest approved report of the year. Four queries."""
    # Plain strings, not lazy ones: the spreadsheet writer takes only str.
    labels = {value: str(label) for value, label in Status.choices}
    previous = (
        AnnualReport.objects.filter(year__lt=report.year, issued_at__isnull=False)
        .order_by("-year")
        .first()
    )
    end_of_year = datetime.date(report.year, 12, 31)
    measures = Measure.objects.for_list().prefetch_related(
        Prefetch(
            "reports",
            queryset=StatusReport.objects.approved()
            .filter(reported_on__lte=end_of_year)
            .order_by("-reported_on", "-pk"),
            to_attr="approved_reports",
        )
    )
    data = AnnualReportData(report=report, previous=previous)
    for measure in measures:
        key = str(measure.pk)
        if report.is_issued:
            if key not in report.snapshot:
                continue  # tracked after the report was issued
            status = report.snapshot[key]
        else:
            status = measure.status
        before = previous.snapshot.get(key) if previous is not None else None
        data.rows.append(
            Row(
                measure=measure,
                status=status,
                status_label=labels.get(status, status),
                previous=before,
                previous_label=labels.get(before, "") if before else "",
                latest=measure.approved_reports[0] if measure.approved_reports else None,
            )
        )
    counts = Counter(row.status for row in data.rows)
    data.totals = [
        Total(status=value, label=labels[value], count=counts[value]) for value in Status.values
    ]
    return data


def _safe(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def annual_report_xlsx(data: AnnualReportData) -> bytes:
    """All measures of the report in one sheet, the totals per status in a second."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Measures")[:31]
    headers = [
        _("No."),
        _("Topic field"),
        _("Goal"),
        _("Intermediate goal"),
        _("Measure"),
        _("Target group"),
        _("Districts"),
        _("Responsible unit"),
        _("Partners"),
        _("Time frame"),
        _("Cost estimate (euro)"),
        _("Funding source"),
        _("Status"),
        _("Status in the previous report"),
        _("Changed since the previous report"),
        _("Reason"),
        _("Latest approved report"),
        _("Report as of"),
    ]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in data.rows:
        measure = row.measure
        sheet.append(
            [
                measure.pk,
                _safe(measure.topic.name),
                _safe(measure.goal),
                _safe(measure.intermediate_goal),
                _safe(measure.title),
                _safe(measure.target_group),
                ", ".join(str(d) for d in measure.districts.all()),
                _safe(str(measure.responsible_unit or measure.responsible_unit_text)),
                _safe(measure.partners),
                _safe(measure.time_frame),
                measure.cost_estimate,
                _safe(measure.funding_source),
                row.status_label,
                row.previous_label,
                _("yes") if row.changed else _("no"),
                _safe(measure.status_reason),
                _safe(row.latest.text if row.latest else ""),
                row.latest.reported_on if row.latest else None,
            ]
        )
    for column in sheet.iter_cols(min_row=2):
        for cell in column:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    totals = workbook.create_sheet(_("Totals")[:31])
    totals.append([_("Status"), _("Number of measures")])
    for cell in totals[1]:
        cell.font = Font(bold=True)
    for total in data.totals:
        totals.append([total.label, total.count])
    totals.append([_("All measures"), data.total])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
