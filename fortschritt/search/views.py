"""The search page /suche/: the best hits of every kind, or all hits of one kind page by page."""

from django.db import connection
from django.shortcuts import render
from django.utils.translation import gettext as _

from lip.text import strip_control_characters

from .kinds import KINDS, KINDS_BY_SLUG
from .query import search as run_search
from .query import search_kind

MAX_QUERY_LENGTH = 200
# The overview shows the best hits of each kind; "all hits" of a kind come page by page.
HITS_PER_KIND = 5
PAGE_SIZE = 20
# Far beyond any real result; keeps the offset a number every database accepts.
MAX_PAGE = 1000


def _page_number(value: str | None) -> int:
    try:
        return min(max(int(value or 1), 1), MAX_PAGE)
    except ValueError:
        return 1


def search(request):
    """Search what everyone may read; one query per kind (overview) or one (one kind)."""
    text = " ".join(strip_control_characters(request.GET.get("q", "")).split())
    kind = KINDS_BY_SLUG.get(request.GET.get("typ", ""))
    context = {
        "q": text,
        "kind": kind,
        "kinds": KINDS,
        "max_length": MAX_QUERY_LENGTH,
        "results": None,
        # Stemming, phrases and "-word" only with PostgreSQL's full-text search.
        "full_text": connection.vendor == "postgresql",
    }
    if len(text) > MAX_QUERY_LENGTH:
        context["error"] = _(
            "The search term is too long: at most %(max)s characters, yours has %(length)s. "
            "Please shorten it."
        ) % {"max": MAX_QUERY_LENGTH, "length": len(text)}
    elif text and kind is not None:
        number = _page_number(request.GET.get("seite"))
        result = search_kind(kind, text, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE)
        pages = max((result.total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
        context.update(
            results=[result],
            total=result.total,
            page={
                "number": number,
                "count": pages,
                "previous": number - 1 if number > 1 else None,
                "next": number + 1 if number < pages and result.hits else None,
            },
            # Asked for a page behind the last one: no rows, so the total is unknown.
            past_the_end=number > 1 and not result.hits,
        )
    elif text:
        results = run_search(text, limit=HITS_PER_KIND)
        context.update(results=results, total=sum(result.total for result in results))
    return render(request, "fortschritt/search.html", context)
