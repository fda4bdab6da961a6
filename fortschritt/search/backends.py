"""How the search finds and ranks: PostgreSQL full-text search, or a plain search on SQLite.

Both give each kind's queryset three annotations: ``search_rank`` (higher first),
``search_title`` and ``search_snippet``. The last two are plain text in which START and STOP
enclose the matches; ``marked_to_html`` escapes everything and only then turns those two
characters into ``<mark>``, so nothing a person wrote can become markup. (Every write path
strips control characters, lip.text, and so does the view for the query.)
"""

import re

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .kinds import Kind

START, STOP = "\x02", "\x03"
_MARKED = re.compile(f"{START}(.*?){STOP}", re.DOTALL)

# PostgreSQL: the configuration that stems German words ("Schulen" finds "Schule").
CONFIG = "german"
# The plain search: at most this many words of the query count, each at least this long.
MAX_TERMS = 8
MIN_TERM_LENGTH = 2
# Length of an excerpt (characters on SQLite, words on PostgreSQL).
SNIPPET_CHARACTERS = 240
SNIPPET_MAX_WORDS = 35
SNIPPET_MIN_WORDS = 15


def marked_to_html(marked: str) -> SafeString:
    """The text escaped, with each START…STOP pair as ``<mark>`` and stray markers dropped."""
    html = _MARKED.sub(r"<mark>\1</mark>", escape(marked))
    # Only our own <mark> tags are unescaped; everything else went through escape() above.
    return mark_safe(html.replace(START, "").replace(STOP, ""))  # noqa: S308


def _joined(fields: tuple[str, ...]):
    """The fields as one text expression, separated by spaces."""
    if len(fields) == 1:
        return F(fields[0])
    parts = []
    for field in fields:
        parts += [F(field), Value(" ")]
    return Concat(*parts[:-1])


class PostgresBackend:
    """Full-text search with the German configuration: weighted vectors (A headings, B text,
    C further fields), ``websearch`` queries ("quoted phrases", -without, or), ts_rank and
    ts_headline. Computed per query, without a stored vector: the public texts number in the
    thousands at most, and a stored column would need triggers or a write path in every app."""

    def ranked(self, kind: Kind, text: str) -> QuerySet:
        from django.contrib.postgres.search import (
            SearchHeadline,
            SearchQuery,
            SearchRank,
            SearchVector,
        )

        query = SearchQuery(text, search_type="websearch", config=kind.config)
        vector = None
        for fields, weight in ((kind.heading, "A"), (kind.body, "B"), (kind.more, "C")):
            if fields:
                part = SearchVector(*fields, weight=weight, config=kind.config)
                vector = part if vector is None else vector + part
        queryset = (
            kind.queryset()
            .alias(search_vector=vector)
            .filter(search_vector=query)
            .annotate(search_rank=SearchRank(F("search_vector"), query))
        )
        marks = {"config": kind.config, "start_sel": START, "stop_sel": STOP}
        if kind.title_fields:
            queryset = queryset.annotate(
                search_title=SearchHeadline(
                    _joined(kind.title_fields), query, highlight_all=True, **marks
                )
            )
        if kind.snippet_field:
            queryset = queryset.annotate(
                search_snippet=SearchHeadline(
                    F(kind.snippet_field),
                    query,
                    max_words=SNIPPET_MAX_WORDS,
                    min_words=SNIPPET_MIN_WORDS,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                    **marks,
                )
            )
        return queryset

    def mark(self, marked: str, text: str, *, whole: bool) -> str:
        return marked  # PostgreSQL has marked the matches itself


def terms_of(text: str) -> list[str]:
    """The words of a query for the plain search: quotes and operators dropped."""
    words = re.findall(r"\w[\w.@'’-]*\w|\w", text)
    return [word for word in words if len(word) >= MIN_TERM_LENGTH][:MAX_TERMS]


def highlight(text: str, terms: list[str], *, whole: bool) -> str:
    """The text (whole, or an excerpt around the first match) with START/STOP around every
    match of a term, case-insensitive."""
    if not text or not terms:
        return text[:SNIPPET_CHARACTERS] if not whole else text
    pattern = re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)
    if not whole and len(text) > SNIPPET_CHARACTERS:
        first = pattern.search(text)
        start = max((first.start() if first else 0) - SNIPPET_CHARACTERS // 3, 0)
        if start:
            # Begin at a word.
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < start + 20 else start
        end = min(start + SNIPPET_CHARACTERS, len(text))
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > start + SNIPPET_CHARACTERS // 2 else end
        text = ("… " if start else "") + text[start:end] + (" …" if end < len(text) else "")
    return pattern.sub(lambda match: f"{START}{match.group(0)}{STOP}", text)


class SimpleBackend:
    """SQLite (``make run``, tests): every word of the query must occur in one of the fields
    (``icontains``). The rank counts per word where it occurs: in a heading 4, in the text 2,
    in a further field 1. No stemming, and SQLite folds the case of ASCII letters only."""

    def ranked(self, kind: Kind, text: str) -> QuerySet:
        terms = terms_of(text)
        if not terms:
            return kind.queryset().none()

        def any_field(fields, term) -> Q:
            condition = Q()
            for field in fields:
                condition |= Q(**{f"{field}__icontains": term})
            return condition

        match = Q()
        rank = Value(0)
        for term in terms:
            match &= any_field(kind.fields, term)
            for fields, points in ((kind.heading, 4), (kind.body, 2), (kind.more, 1)):
                if fields:
                    rank = rank + Case(
                        When(any_field(fields, term), then=Value(points)),
                        default=Value(0),
                        output_field=IntegerField(),
                    )
        queryset = kind.queryset().filter(match).annotate(search_rank=rank)
        if kind.title_fields:
            queryset = queryset.annotate(search_title=_joined(kind.title_fields))
        if kind.snippet_field:
            queryset = queryset.annotate(search_snippet=F(kind.snippet_field))
        return queryset

    def mark(self, marked: str, text: str, *, whole: bool) -> str:
        return highlight(marked, terms_of(text), whole=whole)


def backend_for(vendor: str):
    return PostgresBackend() if vendor == "postgresql" else SimpleBackend()
