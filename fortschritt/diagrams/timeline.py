"""The stages on one time axis: planned and actual period, planned council date, today.

Each stage is a row: its dates in words (the content) and a bar chart of them (decoration, hidden
from screen readers). Positions are percentages of the track, so the chart stretches with the
page and no text is ever scaled: on phones the bars give way to a vertical list of the stages.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..progress import StageProgress
from .boxes import day, period

# How far past the last date of the plan "today" still gets its line on the axis.
TODAY_MARGIN = datetime.timedelta(days=90)
# Year labels still apart on the narrowest track that shows bars (about 300 px at 576 px).
MAX_YEAR_LABELS = 8


@dataclass
class Bar:
    x: str  # from the left edge of the track, in percent ("12.50%")
    width: str


@dataclass
class Tick:
    x: str
    label: str
    anchor: str = "start"  # the label's text-anchor, so that it stays inside the track


@dataclass
class TimelineRow:
    title: str
    url: str
    lines: list[str]
    planned: Bar
    actual: Bar | None = None
    ongoing: bool = False
    council_x: str = ""
    status: str = ""  # "behind" when past the planned end with drafts not yet accepted


@dataclass
class Timeline:
    rows: list[TimelineRow] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    today_x: str = ""


def _percent(value: float) -> str:
    # Formatted here: the template would localise a float to "12,5".
    return f"{min(max(value, 0.0), 100.0):.2f}%"


def _next_month(value: datetime.date) -> datetime.date:
    return (value.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def _row(progress: StageProgress, position, today: datetime.date) -> TimelineRow:
    stage = progress.stage

    def bar(start: datetime.date, end: datetime.date) -> Bar:
        left = position(start)
        return Bar(_percent(left), _percent(max(position(end) - left, 0.6)))

    lines = [_("planned: %(period)s") % {"period": period(stage.planned_start, stage.planned_end)}]
    row = TimelineRow(
        str(stage), stage.get_absolute_url(), lines, bar(stage.planned_start, stage.planned_end)
    )
    if stage.actual_start:
        end = stage.actual_end or today
        row.actual = bar(stage.actual_start, max(end, stage.actual_start))
        row.ongoing = stage.actual_end is None
        if row.ongoing:
            lines.append(_("running since %(date)s") % {"date": day(stage.actual_start)})
        else:
            lines.append(
                _("actual: %(period)s") % {"period": period(stage.actual_start, stage.actual_end)}
            )
    else:
        lines.append(_("not started"))
    if stage.planned_council:
        row.council_x = _percent(position(stage.planned_council))
        month = date_format(stage.planned_council, "F Y")
        lines.append(_("to the council: planned for %(month)s") % {"month": month})
    if progress.is_behind_plan(today):
        row.status = "behind"
        lines.append(_("behind the plan"))
    return row


def timeline(stages: list[StageProgress], today: datetime.date) -> Timeline | None:
    """The stages against one axis from the first planned month to the last date (or today)."""
    dates = []
    for progress in stages:
        stage = progress.stage
        dates += [stage.planned_start, stage.planned_end]
        dates += [d for d in (stage.planned_council, stage.actual_start, stage.actual_end) if d]
    if not dates:
        return None
    first = min(dates).replace(day=1)
    last = max(dates)
    ongoing = any(p.stage.actual_start and not p.stage.actual_end for p in stages)
    show_today = first <= today and (ongoing or today <= last + TODAY_MARGIN)
    if show_today:
        last = max(last, today)
    end = _next_month(last)
    span = (end - first).days

    def position(value: datetime.date) -> float:
        return 100 * (value - first).days / span

    ticks = []
    # Every year while they fit a narrow track; on a long axis every second or third.
    step = 1 + (end.year - first.year) // MAX_YEAR_LABELS
    for year in range(first.year, end.year + 1, step):
        new_year = datetime.date(year, 1, 1)
        at = position(max(new_year, first))
        if first <= new_year < end or year == first.year:
            ticks.append(Tick(_percent(at), str(year), "end" if at > 90 else "start"))
    return Timeline(
        rows=[_row(progress, position, today) for progress in stages],
        ticks=ticks,
        today_x=_percent(position(today)) if show_today else "",
    )
