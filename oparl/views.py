"""The OParl endpoints: read-only JSON for everyone, the same for every visitor.

Nothing here looks at the user: what is public is decided in sources/ alone. Answers are kept
in the page cache's fragment store (lip.pagecache.cached) until a write in gremien or etappen
changes them, so a crawler that fetches every page again costs no queries (docs/oparl.md).
"""

import datetime
import json

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from lip import pagecache

from .lists import page_of, single
from .params import ListParams, ParameterError
from .sources import LEGISLATIVE_TERMS, LISTS, PARTS
from .sources.base import SCHEMA, Context, compact
from .timestamps import BEFORE_HISTORY, iso

AREAS = (pagecache.GREMIEN, pagecache.ETAPPEN)
AGS_HANNOVER = "03241001"
CITY_WEBSITE = "https://www.hannover.de/"


def _respond(content: str, status: int = 200) -> HttpResponse:
    """JSON in UTF-8 (not escaped), readable from any origin (OParl: CORS for GET)."""
    response = HttpResponse(
        content.encode(), content_type="application/json; charset=utf-8", status=status
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _error(message: str, status: int) -> HttpResponse:
    return _respond(json.dumps({"error": message}, ensure_ascii=False), status)


def _answer(request, build) -> HttpResponse:
    """Run ``build(ctx)`` in German (labels are data here) through the fragment cache; an
    unknown object or page is a 404 with a German message."""
    with translation.override("de"):
        ctx = Context(request)
        try:
            content = pagecache.cached(
                f"oparl:{request.get_full_path()}",
                AREAS,
                lambda: json.dumps(build(ctx), ensure_ascii=False),
                vary=[request.build_absolute_uri("/")],
            )
        except Http404:
            return _error(_("There is no such object or page."), 404)
    return _respond(content)


def _contact_name() -> str:
    return _("Landeshauptstadt Hannover, Migration and Integration (OE 50.6)")


def system_data(ctx: Context) -> dict:
    return compact(
        {
            "id": ctx.url("system"),
            "type": SCHEMA + "System",
            "oparlVersion": "https://schema.oparl.org/1.1/",
            "name": _("LIP platform: Lokaler Integrationsplan of the Landeshauptstadt Hannover"),
            "body": ctx.url("body-list"),
            "contactName": _contact_name(),
            "website": ctx.absolute(reverse("home")),
            "vendor": CITY_WEBSITE,
            "product": ctx.absolute(reverse("home")),
            "web": ctx.absolute(reverse("home")),
            "created": iso(BEFORE_HISTORY),
            "modified": iso(BEFORE_HISTORY),
        }
    )


def body_data(ctx: Context) -> dict:
    """The one body: the Landeshauptstadt Hannover, in the context of its LIP."""
    terms = list(LEGISLATIVE_TERMS.live().order_by("pk"))
    modified = max([BEFORE_HISTORY, *(term.oparl_modified for term in terms)])
    return compact(
        {
            "id": ctx.url("body"),
            "type": SCHEMA + "Body",
            "system": ctx.url("system"),
            "name": "Landeshauptstadt Hannover",
            "shortName": "Hannover",
            "website": CITY_WEBSITE,
            "ags": AGS_HANNOVER,
            "contactName": _contact_name(),
            "classification": _("City (Landeshauptstadt)"),
            "keyword": [_("Lokaler Integrationsplan (LIP)")],
            "organization": ctx.url("organization-list"),
            "person": ctx.url("person-list"),
            "meeting": ctx.url("meeting-list"),
            "paper": ctx.url("paper-list"),
            "agendaItem": ctx.url("agenda-item-list"),
            "consultation": ctx.url("consultation-list"),
            "file": ctx.url("file-list"),
            "membership": ctx.url("membership-list"),
            "locationList": ctx.url("location-list"),
            "legislativeTermList": ctx.url("legislative-term-list"),
            "legislativeTerm": [LEGISLATIVE_TERMS.serialize(term, ctx) for term in terms],
            "web": ctx.absolute(reverse("home")),
            "created": iso(BEFORE_HISTORY),
            "modified": iso(modified),
        }
    )


@require_safe
def system(request):
    return _answer(request, system_data)


@require_safe
def body(request):
    return _answer(request, body_data)


def _params(request) -> ListParams | HttpResponse:
    with translation.override("de"):
        try:
            return ListParams.parse(request.GET)
        except ParameterError as error:
            return _error(str(error), 400)


@require_safe
def body_list(request):
    """The list of bodies: one, filtered like every list."""
    params = _params(request)
    if isinstance(params, HttpResponse):
        return params

    def build(ctx: Context) -> dict:
        data = body_data(ctx)
        dates = {"created": data["created"], "modified": data["modified"]}
        keep = all(
            _matches(dates[name.split("_")[0]], name.split("_")[1], value)
            for name, value in params.filters.items()
        )
        if params.page > 1:
            raise Http404
        link = ctx.absolute(f"{request.path}?{params.query(1)}")
        return {
            "data": [data] if keep else [],
            "pagination": {
                "totalElements": int(keep),
                "elementsPerPage": params.limit,
                "currentPage": 1,
                "totalPages": 1,
            },
            "links": {"first": link, "self": link, "last": link},
        }

    return _answer(request, build)


def _matches(stamp: str, direction: str, value) -> bool:
    moment = datetime.datetime.fromisoformat(stamp)
    return moment >= value if direction == "since" else moment <= value


@require_safe
def object_list(request, name: str):
    params = _params(request)
    if isinstance(params, HttpResponse):
        return params
    return _answer(request, lambda ctx: page_of(LISTS[name], params, ctx, request.path))


@require_safe
def object_detail(request, route: str, pk: int):
    return _answer(request, lambda ctx: single(PARTS[route], pk, ctx))
