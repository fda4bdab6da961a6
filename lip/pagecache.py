"""One invalidation rule: pages depend on named content generations, bumped by every write.

What a public page shows comes from the rows of a few areas (``AREAS``). Each area has a
*generation*, a random token in the cache. Every committed write to a model of an area gives the
area a new token (``bump``: model signals for saves, deletes and many-to-many changes, and an
explicit call next to each ``QuerySet.update()`` in the services, which sends no signal).

Anonymous GETs of the pages in ``CACHED_PAGES`` are served whole from the cache, keyed by path,
query, language, the release and the tokens of the areas the page reads. Nothing expires by
time: a page changes on the request after the write that changes it, because its key changes.

Never shared: a request with a session cookie (a signed-in person, or anyone with messages
waiting) bypasses the cache, and a response is stored only when it used no CSRF token, set no
cookie and is a plain 200 HTML/feed/calendar page. Pages with a form for anonymous visitors (the
comment form while a window is open, the event registration page) therefore render fresh each
time; where a page is read far more than its form is used, the form has its own page (the event
page links to its registration page and is stored whole). docs/caching.md lists every page.

Some states change with the clock alone (days left, a comment window that opens or closes at a
set time): a stored page is used only until the next local midnight or the next moment an app's
registered clock names (``register_clock``), whichever comes first.

Stored pages carry an ``ETag`` (a hash of their key) and ``Last-Modified`` (the newest bump of
their areas); a matching ``If-None-Match`` gets a ``304``. Where the client accepts gzip, the
body compressed once at storing is sent (no secret is ever on a stored page, so compression
gives BREACH nothing to find).

How to add a page: name its URL in ``CACHED_PAGES`` with the areas it reads (when unsure, all of
them). docs/caching.md says more.
"""

import datetime
import gzip
import hashlib
import secrets
import threading
import time
from functools import cache as memoize
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_etags
from django.utils.translation import get_language

# The areas of content, by app label (and the process event log of the kernel).
GREMIEN = "gremien"
ETAPPEN = "etappen"
BETEILIGUNG = "beteiligung"
WAHLEN = "wahlen"
PROCESS = "process"
UMSETZUNG = "umsetzung"
AREAS = (GREMIEN, ETAPPEN, BETEILIGUNG, WAHLEN, PROCESS, UMSETZUNG)
ALL = AREAS

# Pages served whole to anonymous visitors, by URL name, with the areas each one reads.
CACHED_PAGES: dict[str, tuple[str, ...]] = {
    "home": ALL,
    "progress": ALL,
    "progress-feed": (PROCESS, ETAPPEN),
    "calendar": ALL,
    "imprint": (),
    "privacy": (),
    "accessibility": (),
    "gremien:index": (GREMIEN, ETAPPEN),
    "gremien:committee-detail": ALL,
    "etappen:index": ALL,
    "etappen:stage-detail": ALL,
    "etappen:paper-detail": (ETAPPEN, GREMIEN),
    "beteiligung:index": ALL,
    "beteiligung:version-comments": (ETAPPEN, BETEILIGUNG, GREMIEN),
    "beteiligung:general-comments": (ETAPPEN, BETEILIGUNG, GREMIEN),
    "beteiligung:section-comments": (ETAPPEN, BETEILIGUNG, GREMIEN),
    "beteiligung:consideration-table": (ETAPPEN, BETEILIGUNG, GREMIEN),
    "beteiligung:topic-detail": (ETAPPEN, BETEILIGUNG, GREMIEN),
    "beteiligung:event-detail": (BETEILIGUNG, GREMIEN),
    "beteiligung:event-ics": (BETEILIGUNG,),
    "beteiligung:calendar": (BETEILIGUNG,),
    "wahlen:index": (WAHLEN, GREMIEN),
    "wahlen:election-detail": (WAHLEN, GREMIEN),
    "wahlen:protocol": (WAHLEN, GREMIEN),
    "umsetzung:index": (UMSETZUNG, ETAPPEN, GREMIEN),
    "umsetzung:measure-detail": (UMSETZUNG, ETAPPEN, BETEILIGUNG, GREMIEN),
    "umsetzung:annual-report": (UMSETZUNG, ETAPPEN, GREMIEN),
}

# Functions an app registers (``register_clock``) that return the coming moments at which its
# pages change without a write: a comment window opens or closes, a nomination deadline passes.
CLOCKS: list = []

# Fields no page shows: a save that writes only these bumps nothing (every login writes
# last_login; the names of members come from the same row).
UNSHOWN_FIELDS = {"last_login"}
STORED_TYPES = ("text/html", "application/atom+xml", "text/calendar")
GENERATION_KEY = "pagecache:generation:{area}"
PAGE_KEY = "pagecache:page:{digest}"
_local = threading.local()


def _cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def _new_token() -> str:
    # The time of the bump (for Last-Modified) and a random part (unique across servers).
    return f"{time.time():.6f}-{secrets.token_hex(6)}"


def _set(areas) -> None:
    _cache().set_many({GENERATION_KEY.format(area=area): _new_token() for area in areas}, None)


def bump(*areas: str) -> None:
    """Give the areas new generations: now, and again when the transaction commits.

    The second bump closes the gap in which another request could render the old rows under
    the new token; the first one makes the change visible at once where no commit follows
    (tests, which roll back). A rolled-back write bumps for nothing: harmless.
    """
    areas = tuple(areas) or ALL
    _set(areas)
    transaction.on_commit(lambda: _set(areas), robust=True)


def generations(areas) -> dict[str, str]:
    """The current token of each area; an area without one (cache emptied) gets a new one,
    so no page stored before can match."""
    if not areas:
        return {}
    cache = _cache()
    keys = {GENERATION_KEY.format(area=area): area for area in areas}
    found = cache.get_many(list(keys))
    missing = [key for key in keys if key not in found]
    for key in missing:
        cache.add(key, _new_token(), None)
    if missing:
        found.update(cache.get_many(missing))
    return {keys[key]: value for key, value in found.items()}


def register_clock(function) -> None:
    """``function(now)`` returns datetimes after ``now`` at which pages change by time alone
    (one query at most; called only when a page or fragment is stored)."""
    if function not in CLOCKS:
        CLOCKS.append(function)


def valid_until(now: datetime.datetime | None = None) -> float:
    """Until when a page stored now is right: the next local midnight (days left, overdue
    counts, "today") or the next moment a registered clock names, whichever comes first."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    midnight = timezone.make_aware(
        datetime.datetime.combine(local.date() + datetime.timedelta(days=1), datetime.time())
    )
    moments = [midnight]
    for clock in CLOCKS:
        moments.extend(moment for moment in clock(now) if moment is not None and moment > now)
    return min(moments).timestamp()


@memoize
def release() -> str:
    """A hash of what renders the pages (templates, translations, static manifest), so that a
    deploy never serves a page stored by the code before it."""
    digest = hashlib.sha256()
    roots = [Path(directory) for directory in settings.TEMPLATES[0]["DIRS"]]
    roots += [Path(directory) for directory in getattr(settings, "LOCALE_PATHS", [])]
    static_root = getattr(settings, "STATIC_ROOT", None)
    files = []
    for root in roots:
        if root.is_dir():
            files.extend(sorted(p for p in root.rglob("*") if p.is_file()))
    if static_root and (Path(static_root) / "staticfiles.json").is_file():
        files.append(Path(static_root) / "staticfiles.json")
    for path in files:
        digest.update(str(path).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def connect_signals() -> None:
    """Bump an area whenever one of its models is saved or deleted (called from
    LipConfig.ready; models named by app label, so the kernel imports no app)."""
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for model in apps.get_models():
        area = _area_of(model)
        if area is None:
            continue

        def receiver(sender, area=area, **kwargs):
            if kwargs.get("update_fields") and set(kwargs["update_fields"]) <= UNSHOWN_FIELDS:
                return  # a login writes last_login: no page shows it
            bump(area)

        uid = f"pagecache:{model._meta.label}"
        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=uid)
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                receiver,
                sender=field.remote_field.through,
                weak=False,
                dispatch_uid=f"{uid}:{field.name}",
            )


def _area_of(model) -> str | None:
    label = model._meta.app_label
    name = model.__name__
    if name.startswith("Historical"):
        return None  # written together with the row it records
    if label == "lip":
        return PROCESS if name == "ProcessEvent" else None
    if label == "auth" and name == "User":
        return GREMIEN  # names of members come from accounts too
    return label if label in AREAS else None


def _anonymous_cookies_only(request) -> bool:
    """No session and no waiting messages: only the CSRF and language cookies, if any."""
    harmless = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
    return not (set(request.COOKIES) - harmless)


class PageCacheMiddleware:
    """Serve and store the pages of ``CACHED_PAGES`` for anonymous visitors (see above).

    Sits after the CSRF and session middleware, so it sees whether the view used a token.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_page_cache_key", None)
        if key is not None and self._storable(request, response):
            self._store(key, request, response)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(settings, "PAGE_CACHE_ENABLED", True):
            return None
        if request.method not in ("GET", "HEAD") or not _anonymous_cookies_only(request):
            return None
        match = request.resolver_match
        areas = CACHED_PAGES.get(match.view_name) if match else None
        if areas is None:
            return None
        tokens = generations(areas)
        material = "|".join(
            [
                release(),
                get_language() or "",
                request.get_full_path(),
                *(f"{area}={tokens[area]}" for area in sorted(tokens)),
            ]
        )
        key = PAGE_KEY.format(digest=hashlib.sha256(material.encode()).hexdigest())
        request._page_cache_key = key
        request._page_cache_modified = max(
            (float(token.split("-")[0]) for token in tokens.values()), default=None
        )
        stored = _cache().get(key)
        if stored is None or stored["until"] <= time.time():
            return None
        request._page_cache_key = None  # served from the cache: nothing to store
        return self._respond(request, stored)

    @staticmethod
    def _storable(request, response) -> bool:
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not request.META.get("CSRF_COOKIE_USED")
            and not response.has_header("Cache-Control")
            and response.get("Content-Type", "").split(";")[0] in STORED_TYPES
            and not getattr(getattr(request, "session", None), "modified", False)
        )

    def _store(self, key, request, response) -> None:
        # One copy, compressed: a hit reads (and unpickles) a third of the bytes; the rare
        # client without gzip gets it decompressed.
        stored = {
            "gzip": gzip.compress(response.content, 6, mtime=0),
            "content_type": response["Content-Type"],
            "headers": {
                name: response[name]
                for name in ("Content-Disposition", "Content-Language")
                if response.has_header(name)
            },
            "etag": '"' + key.rsplit(":", 1)[-1][:32] + '"',
            "modified": request._page_cache_modified,
            "until": valid_until(),
        }
        _cache().set(key, stored, None)
        self._decorate(response, stored)

    @staticmethod
    def _decorate(response, stored) -> None:
        response["ETag"] = stored["etag"]
        if stored["modified"] is not None:
            response["Last-Modified"] = http_date(stored["modified"])
        # Anyone may keep it, but must ask again each time (the ETag makes that cheap).
        response["Cache-Control"] = "public, no-cache"
        patch_vary_headers(response, ("Cookie", "Accept-Encoding", "Accept-Language"))

    def _respond(self, request, stored):
        from django.http import HttpResponse, HttpResponseNotModified

        if stored["etag"] in parse_etags(request.headers.get("If-None-Match", "")):
            response = HttpResponseNotModified()
            self._decorate(response, stored)
            return response
        accepts_gzip = "gzip" in request.headers.get("Accept-Encoding", "")
        response = HttpResponse(
            stored["gzip"] if accepts_gzip else gzip.decompress(stored["gzip"]),
            content_type=stored["content_type"],
        )
        if accepts_gzip:
            response["Content-Encoding"] = "gzip"
        for name, value in stored["headers"].items():
            response[name] = value
        self._decorate(response, stored)
        response["X-Page-Cache"] = "hit"
        return response


def cached(name: str, areas, build, *, vary=()):
    """A fragment (computed data or rendered HTML) under the same rule as whole pages: kept
    until an area it reads changes. For the expensive parts of pages that are not stored whole
    (signed-in visitors, pages with forms). ``vary`` adds what else the fragment depends on
    (today's date, whether internal parts are shown). A fragment about one account (its roles
    and memberships: lip/roles.py, etappen/permissions.py) has the account in ``vary`` and is
    only ever read for that account; a fragment shown to several people never varies by person.
    """
    if not getattr(settings, "PAGE_CACHE_ENABLED", True):
        return build()
    tokens = generations(areas)
    material = "|".join(
        [
            release(),
            get_language() or "",
            name,
            *(str(part) for part in vary),
            *(f"{area}={tokens[area]}" for area in sorted(tokens)),
        ]
    )
    key = "pagecache:fragment:" + hashlib.sha256(material.encode()).hexdigest()
    cache = _cache()
    stored = cache.get(key)
    if stored is None or stored[0] <= time.time():
        stored = (valid_until(), build())
        cache.set(key, stored, None)
    return stored[1]
