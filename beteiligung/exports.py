"""CSV and XLSX exports of the Abwägung for OE 50.6."""

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from .models import Concern, Contribution

# Spreadsheet programs run cells that start like a formula (CSV injection); quote them.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _when(value) -> str:
    return timezone.localtime(value).strftime("%d.%m.%Y %H:%M") if value else ""


def headers() -> list[str]:
    return [
        _("No."),
        _("Kind"),
        _("Section"),
        _("Reply to"),
        _("Name or pseudonym"),
        _("Received"),
        _("Text"),
        _("Outcome"),
        _("Reason"),
        _("Taken up in"),
        _("Answered by"),
        _("Answered"),
    ]


def _later(consideration) -> str:
    section = consideration.later_section
    if section is None:
        return ""
    return _("Version %(number)s: %(heading)s") % {
        "number": section.version.number,
        "heading": section.heading,
    }


def rows(items) -> list[list[str]]:
    """One row per contribution or concern; its consideration is select_related."""
    result = []
    for item in items:
        consideration = getattr(item, "consideration", None)
        if isinstance(item, Concern):
            kind, place, reply_to, name = _("concern"), "", "", ""
            text = item.text
            received = item.created_at
        else:
            kind = item.get_kind_display()
            place = (
                item.section.heading
                if item.section_id
                else (item.committee.name if item.committee_id else _("whole version"))
            )
            reply_to = str(item.parent_id or "")
            name = item.display_name
            text = f"{item.title}\n{item.text}" if item.title else item.text
            received = item.confirmed_at or item.created_at
        result.append(
            [
                str(item.pk),
                kind,
                place,
                reply_to,
                name,
                _when(received),
                text,
                consideration.get_outcome_display() if consideration else _("not yet answered"),
                consideration.reason if consideration else "",
                _later(consideration) if consideration else "",
                consideration.committee.name if consideration else "",
                _when(consideration.answered_at) if consideration else "",
            ]
        )
    return result


def as_csv(items) -> bytes:
    """Semicolon-separated UTF-8 with BOM: what German spreadsheet programs open directly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(headers())
    for row in rows(items):
        writer.writerow([_safe(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def as_xlsx(items, *, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Abwägung")[:31]
    sheet.append(headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows(items):
        # openpyxl stores a string that starts with "=" as a formula: quote it as in the CSV.
        sheet.append([_safe(cell) for cell in row])
    widths = (8, 12, 30, 10, 20, 17, 60, 24, 60, 30, 24, 17)
    for column, width in zip("ABCDEFGHIJKL", widths, strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    workbook.properties.title = title
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def contribution_queryset():
    return Contribution.objects.select_related(
        "section",
        "committee",
        "consideration__committee",
        "consideration__later_section__version",
    )
