"""Run a search: one query per kind of result, each returning its hits and their total."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Window
from django.utils.safestring import SafeString

from .backends import backend_for, marked_to_html
from .kinds import KINDS, Kind


@dataclass(frozen=True)
class Hit:
    url: str
    title: SafeString
    snippet: SafeString
    context: str
    language: str = ""


@dataclass(frozen=True)
class KindResult:
    kind: Kind
    hits: list[Hit]
    total: int


def search_kind(kind: Kind, text: str, *, offset: int = 0, limit: int) -> KindResult:
    """The best hits of one kind from ``offset`` on, and how many there are: one query (the
    total comes along as a window count)."""
    backend = backend_for(connection.vendor)
    rows = list(
        backend.ranked(kind, text)
        .annotate(search_total=Window(Count("pk")))
        .order_by("-search_rank", "pk")[offset : offset + limit]
    )
    hits = []
    for row in rows:
        description = kind.describe(row)
        if kind.title_fields:
            title = marked_to_html(backend.mark(row.search_title, text, whole=True))
        else:
            title = marked_to_html(description.title)
        if not title:  # a Vorschlag may have no title
            title = marked_to_html(description.title)
        snippet = ""
        if kind.snippet_field:
            snippet = marked_to_html(backend.mark(row.search_snippet, text, whole=False))
        hits.append(Hit(description.url, title, snippet, description.context, description.language))
    return KindResult(kind, hits, rows[0].search_total if rows else 0)


def search(text: str, *, limit: int, kinds: tuple[Kind, ...] = KINDS) -> list[KindResult]:
    """The best ``limit`` hits of every kind, in the order of ``kinds``."""
    return [search_kind(kind, text, limit=limit) for kind in kinds]
