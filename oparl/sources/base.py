"""What every kind of OParl object shares: its public rows, the rows that must show as deleted,
and how one row becomes JSON."""

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models import Model as DjangoModel
from django.urls import reverse

from ..timestamps import first_record, iso, last_record, or_before

SCHEMA = "https://schema.oparl.org/1.1/"


class Context:
    """Builds absolute URLs for one request; objects name each other by these URLs."""

    def __init__(self, request):
        self.request = request

    def absolute(self, path: str) -> str:
        return self.request.build_absolute_uri(path)

    def url(self, route: str, **kwargs) -> str:
        return self.absolute(reverse(f"oparl:{route}", kwargs=kwargs))

    def body(self) -> str:
        return self.url("body")


def compact(data: dict) -> dict:
    """Leave out what has no value: OParl wants no empty strings, nulls or empty lists."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def stub(ctx: Context, route: str, type_name: str, pk: int, created, modified) -> dict:
    """What stays of a deleted or withdrawn object (OParl 1.1, "Gelöschte Objekte")."""
    return {
        "id": ctx.url(route, pk=pk),
        "type": SCHEMA + type_name,
        "created": iso(created),
        "modified": iso(modified),
        "deleted": True,
    }


class Part:
    """One kind of object with its own URLs, e.g. the Drucksachen among the papers.

    ``public()`` says which rows the API shows. A row that is gone (deleted, with a "-" history
    record) or withdrawn (no longer public) shows as deleted, but only if it ever was public
    (``ever_public``), so that nothing that never was public leaves a trace.
    """

    route: str
    type_name: str
    model: type[DjangoModel]

    # --- what subclasses say ----------------------------------------------------------------

    def public(self) -> Q | None:
        """Which rows are public; None: every row."""
        return None

    def ever_public(self) -> Q | None:
        """Whether the row (live or history, both have the same field names) was ever public;
        None: every row was."""
        return None

    def created(self):
        return first_record(self.model)

    def modified(self):
        return last_record(self.model)

    def withdrawn_modified(self):
        """``modified`` of a withdrawn row: the change that withdrew it may be elsewhere."""
        return self.modified()

    def deleted_created(self):
        """``created`` of a deleted row; its history row holds the last values of its fields."""
        return first_record(self.model)

    def stub_extra(self):
        """An integer a deleted object must still carry (the schema of AgendaItem wants order)."""
        return Value(0)

    def with_related(self, queryset: QuerySet) -> QuerySet:
        return queryset

    def serialize(self, obj, ctx: Context) -> dict:
        raise NotImplementedError

    # --- the querysets ----------------------------------------------------------------------

    def live(self) -> QuerySet:
        rows = self.model._default_manager.all()
        condition = self.public()
        if condition is not None:
            rows = rows.filter(condition)
        return rows.annotate(
            oparl_created=or_before(self.created()), oparl_modified=or_before(self.modified())
        )

    def gone(self) -> list[QuerySet]:
        """Querysets of rows to show as deleted, each annotated like ``live()``."""
        sets = [self._deleted()]
        condition = self.public()
        if condition is not None:
            withdrawn = self.model._default_manager.filter(~condition)
            ever = self.ever_public()
            if ever is not None:
                withdrawn = withdrawn.filter(ever)
            sets.append(
                withdrawn.annotate(
                    oparl_created=or_before(self.created()),
                    oparl_modified=or_before(self.withdrawn_modified()),
                )
            )
        return sets

    def _deleted(self) -> QuerySet:
        history = self.model.history.model
        later = history.objects.filter(id=OuterRef("id"), history_date__gt=OuterRef("history_date"))
        rows = (
            history.objects.filter(history_type="-")
            .exclude(Exists(later))  # the last deletion of a (reused) id only
            .exclude(id__in=self.model._default_manager.values("pk"))
        )
        ever = self.ever_public()
        if ever is not None:
            rows = rows.filter(ever)
        return rows.annotate(
            oparl_created=or_before(self.deleted_created()), oparl_modified=F("history_date")
        )

    def fetch(self, pks) -> dict[int, object]:
        """The public rows with these primary keys, ready to serialize."""
        return {obj.pk: obj for obj in self.with_related(self.live().filter(pk__in=pks))}

    def stamped(self, obj, ctx: Context, **fields) -> dict:
        """A row of this part with id, type and its created/modified annotations, the rest
        compacted; ``serialize()`` passes the fields of its kind."""
        return compact(
            {
                "id": ctx.url(self.route, pk=obj.pk),
                "type": SCHEMA + self.type_name,
                **fields,
                "created": iso(obj.oparl_created),
                "modified": iso(obj.oparl_modified),
            }
        )

    def stub(self, ctx: Context, pk: int, created, modified, extra: int = 0) -> dict:
        data = stub(ctx, self.route, self.type_name, pk, created, modified)
        if self.type_name == "File":
            # The schema requires accessUrl; the file itself is gone, its object answers.
            data["accessUrl"] = data["id"]
        return data

    def keys(self, index: int, filters: Q) -> list[QuerySet]:
        """(part, pk, created, modified, gone, extra) rows of this part, for the list's union."""
        columns = ("part", "id", "oparl_created", "oparl_modified", "gone", "oparl_extra")
        live = self.live().filter(filters)
        sets = [live.annotate(part=Value(index), gone=Value(False), oparl_extra=Value(0))]
        sets += [
            rows.filter(filters).annotate(
                part=Value(index), gone=Value(True), oparl_extra=self.stub_extra()
            )
            for rows in self.gone()
        ]
        return [rows.order_by().values_list(*columns) for rows in sets]
