"""The bare page of the benchmark (bench/run.py, `make bench`): the yardstick for every other page.

It does what every page must do at least (go through the middleware, run one query, send a
little HTML) and nothing more, so the throughput of a real page as a share of this one tells how
much the page itself costs on the same machine in the same run. It exists only when the setting
BENCHMARK_BARE_PAGE is on (the benchmark's server); everywhere else it is a 404.
"""

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse

BARE_PAGE = (
    '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Benchmark</title></head>'
    "<body><main><h1>Benchmark</h1><p>{value}</p></main></body></html>"
)


def bare_page(request):
    """A tiny HTML page after exactly one trivial query."""
    if not getattr(settings, "BENCHMARK_BARE_PAGE", False):
        raise Http404
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        (value,) = cursor.fetchone()
    return HttpResponse(BARE_PAGE.format(value=value))
