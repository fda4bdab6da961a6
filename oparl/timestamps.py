"""``created`` and ``modified`` of OParl objects, read from the change history.

Most models keep no timestamps of their own: django-simple-history records every save and every
deletion. An object was created at its first "+" record and modified at its newest record of
any kind. Rows loaded without history (the structure fixtures) get ``BEFORE_HISTORY``.
"""

import datetime
from zoneinfo import ZoneInfo

from django.db.models import DateTimeField, Max, Min, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

# The start of the LIP process on the platform: the time of rows that have no history record.
BEFORE_HISTORY = datetime.datetime(2020, 1, 1, tzinfo=ZoneInfo("Europe/Berlin"))


def _history(model):
    return model.history.model


def first_record(model, *, key: str = "id", ref: str = "id") -> Subquery:
    """When the row whose ``key`` equals the outer ``ref`` was created ("+" record)."""
    records = _history(model).objects.filter(**{key: OuterRef(ref)}, history_type="+")
    return Subquery(
        records.order_by().values(key).annotate(at=Min("history_date")).values("at")[:1],
        output_field=DateTimeField(),
    )


def last_record(model, *, key: str = "id", ref: str = "id") -> Subquery:
    """When rows whose ``key`` equals the outer ``ref`` were last saved or deleted."""
    records = _history(model).objects.filter(**{key: OuterRef(ref)})
    return Subquery(
        records.order_by().values(key).annotate(at=Max("history_date")).values("at")[:1],
        output_field=DateTimeField(),
    )


def last_published(rows, *, key: str, field: str, ref: str = "pk") -> Subquery:
    """When a Fassung among ``rows`` whose ``key`` equals the outer ``ref`` was last published;
    ``field`` leads from a row to the Fassung's ``published_at``."""
    rows = rows.filter(**{key: OuterRef(ref), f"{field}__isnull": False})
    return Subquery(
        rows.order_by().values(key).annotate(at=Max(field)).values("at")[:1],
        output_field=DateTimeField(),
    )


def fallback():
    return Value(BEFORE_HISTORY, output_field=DateTimeField())


def or_before(expression):
    """The expression, or the time of rows without history."""
    return Coalesce(expression, fallback(), output_field=DateTimeField())


def latest(*expressions):
    """The newest of the expressions; missing ones count as ``BEFORE_HISTORY`` (SQLite's
    GREATEST is NULL as soon as one argument is)."""
    if len(expressions) == 1:
        return or_before(expressions[0])
    return Greatest(*(or_before(e) for e in expressions), output_field=DateTimeField())


def iso(value: datetime.datetime) -> str:
    """ISO 8601 with the offset of Hannover's local time, as OParl wants it."""
    return timezone.localtime(value).isoformat()
