"""The pieces both diagrams are made of: boxes with a title, short lines and a list."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _


@dataclass
class Entry:
    """One item of a box's list, with the page it leads to if there is one."""

    text: str
    url: str = ""


@dataclass
class Box:
    """A body or a step. ``kind`` picks its colours; ``status`` is also said in words."""

    title: str
    kind: str = "body"
    url: str = ""
    lines: list[str] = field(default_factory=list)
    items: list[Entry] = field(default_factory=list)
    status: str = ""  # "", "current" or "done"
    wide: bool = False

    @property
    def status_label(self) -> str:
        return {"current": _("in progress"), "done": _("completed")}.get(self.status, "")


def day(value: datetime.date | datetime.datetime | None) -> str:
    """A date as German readers write it ("17. Januar 2020"); local day of a date-time."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localdate(value)
    return date_format(value)


def period(start, end) -> str:
    """ "17. Januar 2020 – 18. Januar 2020", or one day when both are the same."""
    if end is None or end == start:
        return day(start)
    return f"{day(start)} – {day(end)}"
