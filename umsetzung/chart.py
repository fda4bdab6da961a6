"""An indicator's values over time as a line chart drawn on the server (SVG, no script).

The chart is an image with a title and a description in words; the values themselves are in a
table next to it (the text alternative), so nothing is only visible in the drawing. The chart
scales through its viewBox; its labels are few and large enough to stay legible at 360 px.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import date_format, number_format

WIDTH = 600
HEIGHT = 260
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 40


@dataclass
class Point:
    x: str
    y: str
    label: str


@dataclass
class Guide:
    y: str
    label: str
    kind: str  # "baseline" or "target"


@dataclass
class Tick:
    x: str = ""
    y: str = ""
    label: str = ""


@dataclass
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    points: list[Point] = field(default_factory=list)
    path: str = ""
    guides: list[Guide] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM


def format_number(value: Decimal) -> str:
    """German number: "1.250" for whole numbers, "12,50" otherwise."""
    value = Decimal(value)
    whole = value == value.to_integral()
    return number_format(value, decimal_pos=0 if whole else 2, use_l10n=True, force_grouping=True)


def _coord(value: float) -> str:
    # Formatted here: the template would localise a float to "12,5".
    return f"{value:.1f}"


def indicator_chart(values, *, baseline: Decimal | None, target: Decimal | None) -> Chart | None:
    """The chart of ``values`` (IndicatorValue rows in date order); None without any value."""
    values = list(values)
    if not values:
        return None
    numbers = [v.value for v in values] + [x for x in (baseline, target) if x is not None]
    low, high = min(numbers), max(numbers)
    low = min(low, Decimal(0))
    if high == low:
        high = low + 1
    first, last = values[0].date, values[-1].date
    span = max((last - first).days, 1)
    chart = Chart()
    plot_width = chart.right - chart.left
    plot_height = chart.bottom - chart.top

    def x_of(day: datetime.date) -> float:
        if first == last:
            return chart.left + plot_width / 2
        return chart.left + plot_width * (day - first).days / span

    def y_of(number: Decimal) -> float:
        return chart.bottom - plot_height * float((number - low) / (high - low))

    for entry in values:
        chart.points.append(
            Point(
                x=_coord(x_of(entry.date)),
                y=_coord(y_of(entry.value)),
                label=f"{date_format(entry.date, 'SHORT_DATE_FORMAT')}: "
                f"{format_number(entry.value)}",
            )
        )
    chart.path = "M " + " L ".join(f"{p.x} {p.y}" for p in chart.points)
    for number, kind in ((baseline, "baseline"), (target, "target")):
        if number is not None:
            chart.guides.append(
                Guide(y=_coord(y_of(number)), label=format_number(number), kind=kind)
            )
    for number in (low, (low + high) / 2, high):
        chart.y_ticks.append(Tick(y=_coord(y_of(number)), label=format_number(Decimal(number))))
    days = sorted({first, last})
    for day in days:
        chart.x_ticks.append(Tick(x=_coord(x_of(day)), label=date_format(day, "SHORT_DATE_FORMAT")))
    return chart
