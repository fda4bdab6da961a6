"""The URL parameters of a list: the date filters, the page size and the page."""

import datetime
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Q
from django.utils.translation import gettext as _

PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000

# Parameter -> lookup on the annotations every part adds (sources.base.Part).
FILTERS = {
    "created_since": "oparl_created__gte",
    "created_until": "oparl_created__lte",
    "modified_since": "oparl_modified__gte",
    "modified_until": "oparl_modified__lte",
}


class ParameterError(ValueError):
    """A parameter the client got wrong; the message is for them (HTTP 400)."""


def parse_datetime(name: str, raw: str) -> datetime.datetime:
    """An ISO 8601 date-time with offset, with or without fractions of a second."""
    value = raw.strip()
    # A "+" the client did not encode arrives as a space: 2024-05-01T12:00:00 02:00.
    value = re.sub(r" (\d\d:?\d\d)$", r"+\1", value)
    try:
        if "T" not in value.upper():
            raise ValueError
        parsed = datetime.datetime.fromisoformat(value)
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise ParameterError(
            _(
                "%(name)s must be a date and time with a time zone offset, "
                "e.g. 2024-05-01T12:00:00+02:00."
            )
            % {"name": name}
        )
    return parsed


def parse_number(name: str, raw: str, *, low: int, high: int | None) -> int:
    try:
        number = int(raw)
    except ValueError:
        number = None
    if number is None or number < low or (high is not None and number > high):
        if high is None:
            message = _("%(name)s must be a whole number from %(low)s.")
        else:
            message = _("%(name)s must be a whole number from %(low)s to %(high)s.")
        raise ParameterError(message % {"name": name, "low": low, "high": high})
    return number


@dataclass
class ListParams:
    filters: dict[str, datetime.datetime] = field(default_factory=dict)
    limit: int = PAGE_SIZE
    page: int = 1
    limit_given: bool = False

    @classmethod
    def parse(cls, query) -> "ListParams":
        params = cls(limit=PAGE_SIZE)
        for name in FILTERS:
            if query.get(name):
                params.filters[name] = parse_datetime(name, query[name])
        # OParl names the page size elementsPerPage; "limit" is the common short form.
        for name in ("limit", "elementsPerPage"):
            if query.get(name):
                params.limit = parse_number(name, query[name], low=1, high=MAX_PAGE_SIZE)
                params.limit_given = True
        if query.get("page"):
            params.page = parse_number("page", query["page"], low=1, high=None)
        return params

    def q(self) -> Q:
        return Q(**{FILTERS[name]: value for name, value in self.filters.items()})

    def query(self, page: int) -> str:
        """The query string of a page: the same filters and size, another page."""
        items = [(name, value.isoformat()) for name, value in self.filters.items()]
        if self.limit_given:
            items.append(("limit", self.limit))
        items.append(("page", page))
        return urlencode(items)
