"""The crawl of every page (issue #11, docs/barrierefreiheit-technik.md): find and check pages.

Used by the test modules of this package; each module is one share of the crawl, so that
pytest-xdist (``--dist loadfile``) runs the shares on different workers.
"""

import hashlib
import re
import threading
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import axe_playwright_python
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import Resolver404, resolve

from lip.management.commands.seed_demo import DEMO_PASSWORD
from tests.browser.conftest import AXE_OPTIONS

VIEWPORTS = [(360, 800), (1280, 900)]
CRAWL_AXE_OPTIONS = {
    **AXE_OPTIONS,
    "runOnly": {"type": "tag", "values": [*AXE_OPTIONS["runOnly"]["values"], "wcag22aa"]},
}
AXE_SCRIPT = Path(axe_playwright_python.__file__).with_name("axe.min.js")
# Only what a report needs goes back to Python: axe's whole result (every rule's passes and
# inapplicable entries) costs more to copy out of the page than the rules cost to run.
AXE_VIOLATIONS = """options => axe.run(document, options).then((results) =>
  results.violations.map((violation) => ({
    id: violation.id,
    targets: violation.nodes.slice(0, 3).map((node) => node.target.join(" ")),
  })))"""
# A guard against a crawler running away (a link that makes new pages); the demo data has fewer
# than 250 pages for the role that sees most.
MAX_PAGES = 600

# Not pages: downloads, feeds, the admin (Django's own), sign-out (a POST), one-time links.
SKIPPED_PATH = re.compile(
    r"^/(admin|static|media)/|^/konto/abmelden/|/feed/|/abbestellen/|\.(ics|xlsx|csv|pdf|xml)$"
)
PAGINATION = re.compile(r"(page|seite)=\d+")

ROLES = ["geschaeftsstelle", "dezernat3", "expertin", "beirat", "ausschuss"]
# The kinds of pages (URL names) each crawl must reach; guards the crawler against silently
# shrinking. A role reaches the public pages too, so its set names only its own kinds.
EXPECTED_ROUTES = {
    None: {
        "home",
        "search",
        "gremien:index",
        "gremien:committee-detail",
        "gremien:meeting-detail",
        "gremien:nomination-create",
        "etappen:index",
        "etappen:stage-detail",
        "etappen:version-detail",
        "etappen:paper-detail",
        "beteiligung:index",
        "beteiligung:version-comments",
        "beteiligung:section-comments",
        "beteiligung:general-comments",
        "beteiligung:topic-detail",
        "beteiligung:event-detail",
        "beteiligung:event-register",
        "beteiligung:suggestion-create",
        "beteiligung:concern-create",
        "beteiligung:consideration-table",
        "wahlen:index",
        "wahlen:election-detail",
        "progress",
        "imprint",
        "privacy",
        "accessibility",
        "login",
        "password_reset",
    },
    "geschaeftsstelle": {
        "account",
        "password_change",
        "notifications:preferences",
        "gremien:staffing-overview",
        "gremien:staffing",
        "gremien:meeting-create",
        "gremien:agenda",
        "gremien:attendance",
        "gremien:minutes",
        "etappen:draft-detail",
        "etappen:section-list",
        "etappen:section-edit",
        "etappen:decision-form",
        "etappen:statement-form",
        "etappen:synopsis",
        "beteiligung:office",
        "beteiligung:moderation",
        "beteiligung:consideration-list",
        "beteiligung:consideration-form",
        "beteiligung:event-registrations",
        "wahlen:manage",
        "wahlen:round",
        "wahlen:protocol",
    },
    "dezernat3": {"account", "gremien:staffing", "gremien:meeting-create"},
    "expertin": {"account", "etappen:draft-detail", "etappen:section-edit"},
    "beirat": {"account", "etappen:statement-form"},
    "ausschuss": {"account", "etappen:draft-detail"},
}
# Areas of a role that need not be linked from /konto/: the crawl starts there too.
ROLE_STARTS = {
    "geschaeftsstelle": [
        "/gremien/besetzung/",
        "/beteiligung/geschaeftsstelle/",
        "/beteiligung/moderation/",
    ],
}

# Width and keyboard, on the page as it is (both widths: the test resizes between the calls).
PAGE_CHECK = """() => {
  const width = window.innerWidth;
  const scrollWidth = document.documentElement.scrollWidth;
  const describe = (el) => {
    const id = el.id ? "#" + el.id : "";
    const cls = typeof el.className === "string" && el.className.trim()
      ? "." + el.className.trim().split(/\\s+/).join(".") : "";
    const text = String(el.innerText || el.value || el.getAttribute("aria-label") || "").trim();
    return el.tagName.toLowerCase() + id + cls + (text ? ` "${text.slice(0, 40)}"` : "");
  };
  // The elements that stick out of the page, not counting those inside a scrolling box.
  const wide = [];
  if (scrollWidth > width) {
    for (const el of document.body.querySelectorAll("*")) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.right <= width + 1) continue;
      // An absolutely positioned box is clipped only by scrolling boxes around its containing
      // block (Bootstrap's .visually-hidden inside a table region without position: relative).
      const absolute = ["absolute", "fixed"].includes(getComputedStyle(el).position);
      let scroller = absolute ? el.offsetParent : el.parentElement;
      const scrolls = (box) =>
        ["auto", "scroll", "hidden"].includes(getComputedStyle(box).overflowX);
      while (scroller && !scrolls(scroller)) {
        scroller = scroller.parentElement;
      }
      if (scroller) continue;
      const sticksOut = (child) => child.getBoundingClientRect().right > width + 1;
      const child = Array.from(el.children).some(sticksOut);
      if (!child) wide.push(describe(el) + " → " + Math.round(box.right) + " px");
    }
  }
  // Controls a keyboard cannot reach: negative tabindex, inside aria-hidden or inert, or not
  // focusable at all (the browser refuses to focus it).
  // checkVisibility: not hidden by CSS, nor inside a closed <details> (content-visibility).
  const visible = (el) =>
    el.getClientRects().length > 0 && el.checkVisibility({visibilityProperty: true});
  const controls = document.querySelectorAll(
    "a[href], button, input:not([type=hidden]), select, textarea, summary"
  );
  const unreachable = [];
  for (const el of controls) {
    if (el.matches(":disabled") || !visible(el)) continue;
    let reachable = el.tabIndex >= 0 && !el.closest("[aria-hidden=true], [inert]");
    if (reachable) {
      el.focus({preventScroll: true});
      reachable = document.activeElement === el;
    }
    if (!reachable) unreachable.push(describe(el));
  }
  if (document.activeElement) document.activeElement.blur();
  return {width, scrollWidth, wide: wide.slice(0, 5), unreachable};
}"""

# Marks every control the keyboard must reach; a radio group counts once (arrow keys move in it).
# Records, from then on, which marked control receives the focus.
MARK_CONTROLS = """() => {
  // checkVisibility: not hidden by CSS, nor inside a closed <details> (content-visibility).
  const visible = (el) =>
    el.getClientRects().length > 0 && el.checkVisibility({visibilityProperty: true});
  const controls = Array.from(document.querySelectorAll(
    "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex='0']"
  )).filter((el) => !el.matches(":disabled") && visible(el));
  const keys = {};
  controls.forEach((el, index) => {
    const key = el.type === "radio" && el.name ? "radio " + el.name : String(index);
    el.dataset.tabKey = key;
    const text = String(el.innerText || el.value || el.getAttribute("aria-label") || "").trim();
    keys[key] = el.tagName.toLowerCase() + (text ? ` "${text.slice(0, 40)}"` : "");
  });
  window.lipFocused = [];
  document.addEventListener("focusin", (event) => {
    const key = event.target.dataset && event.target.dataset.tabKey;
    if (key) window.lipFocused.push(key);
  });
  return keys;
}"""


@dataclass(frozen=True)
class Page:
    path: str
    route: str
    main: str = ""  # a digest of the page's <main>, to tell a role's pages from the public ones


CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def main_digest(html: str) -> str:
    start, end = html.find("<main"), html.rfind("</main>")
    return hashlib.sha256(CSRF_TOKEN.sub("", html[start:end]).encode()).hexdigest()


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def route_of(path: str) -> str:
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return "?"


def _same_site_path(page_path: str, href: str) -> str | None:
    """The path (and a page number) of a link worth following, or None."""
    url = urlsplit(urljoin("http://testserver" + page_path, href))
    if url.scheme not in {"http", "https"} or url.netloc != "testserver":
        return None
    if SKIPPED_PATH.search(url.path) or (url.query and not PAGINATION.fullmatch(url.query)):
        return None
    return url.path + (f"?{url.query}" if url.query else "")


def language_prefix(path: str) -> str:
    """The language prefix of a path ("en" for /en/…), "" for the default language (German)."""
    first = path.split("/", 2)[1] if path.count("/") >= 2 else ""
    other = {code for code, _name in settings.LANGUAGES} - {settings.LANGUAGE_CODE}
    return first if first in other else ""


def discover(
    client: Client, starts: list[str], every_translation: bool = True
) -> tuple[list[Page], list[str]]:
    """Follow every link of the pages the client may see, breadth first from starts.

    With every_translation False, of the pages in another language than German (the same
    views and templates under /en/…) only the first of each kind and language is followed.
    Returns the pages (HTML, status 200) and the links that end in an error.
    """
    queued = dict.fromkeys(starts)
    queue = list(starts)
    translated: set[tuple[str, str]] = set()
    pages, errors = [], []
    while queue:
        assert len(pages) < MAX_PAGES, f"mehr als {MAX_PAGES} Seiten – läuft der Crawl weg?"
        path = queue.pop(0)
        response = client.get(path)
        if response.status_code >= 400:
            errors.append(f"{path}: HTTP {response.status_code}")
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue  # redirects (e.g. to the second factor), downloads
        html = response.content.decode()
        pages.append(Page(path, route_of(path), main_digest(html)))
        links = _Links()
        links.feed(html)
        for href in links.hrefs:
            target = _same_site_path(path, href)
            if target is None or target in queued:
                continue
            queued[target] = None
            language = language_prefix(target)
            if language and not every_translation:
                kind = (language, route_of(target))
                if kind in translated:
                    continue
                translated.add(kind)
            queue.append(target)
    return pages, errors


def public_starts() -> list[str]:
    return ["/", "/suche/?q=Integration"]


def signed_in_client(username: str) -> Client:
    """A test client of the role, for finding its pages.

    Without writing ``last_login``: that UPDATE would hold the user's row lock in this test's
    open transaction, and on PostgreSQL the browser's own login through the live server (which
    writes the same row) would wait for it until the test ends.
    """
    from django.contrib.auth.models import update_last_login
    from django.contrib.auth.signals import user_logged_in

    client = Client()
    user = get_user_model().objects.get(username=username)
    user_logged_in.disconnect(dispatch_uid="update_last_login")
    try:
        client.force_login(user)
    finally:
        user_logged_in.connect(update_last_login, dispatch_uid="update_last_login")
    return client


def role_pages(username: str) -> tuple[list[Page], list[str]]:
    """Every page the role reaches from /konto/ and its own areas, and of the translations the
    first page of each kind (the public crawl checks every translated public page).

    A public page whose <main> the role sees exactly as the public does is the public page
    (which test_public.py checks) under the signed-in header (which every other page of the
    role shows): of those only the first of each kind is kept. Every page that shows the role
    anything else (a button, a form, a draft) is kept.
    """
    starts = ["/konto/", *ROLE_STARTS.get(username, [])]
    pages, errors = discover(signed_in_client(username), starts, every_translation=False)
    public, _errors = discover(Client(), public_starts(), every_translation=False)
    public_main = {page.path: page.main for page in public}
    kept, seen_kinds = [], set()
    for page in pages:
        if public_main.get(page.path) == page.main:
            if page.route in seen_kinds:
                continue
            seen_kinds.add(page.route)
        kept.append(page)
    return kept, errors


def new_page(browser, base_url: str, viewport: tuple[int, int], username: str | None):
    """A tab of its own browser context with axe-core loaded into every page, signed in through
    the login form if username is set."""
    width, height = viewport
    context = browser.new_context(locale="de-DE", viewport={"width": width, "height": height})
    context.add_init_script(path=str(AXE_SCRIPT))
    page = context.new_page()
    if username is not None:
        page.goto(base_url + "/konto/anmelden/")
        page.get_by_label("Benutzername").fill(username)
        page.get_by_label("Passwort").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Anmelden").click()
        page.wait_for_url("**/konto/")
    return context, page


def _check_view(page, where: str) -> list[str]:
    problems = []
    result = page.evaluate(PAGE_CHECK)
    if result["scrollWidth"] > result["width"]:
        problems.append(f"{where}: {result['scrollWidth']} px breit – " + "; ".join(result["wide"]))
    if result["unreachable"]:
        problems.append(f"{where}: per Tastatur nicht erreichbar: {result['unreachable']}")
    for violation in page.evaluate(AXE_VIOLATIONS, CRAWL_AXE_OPTIONS):
        problems.append(f"{where}: axe {violation['id']} – {violation['targets']}")
    return problems


def check_pages(browser, base_url: str, pages: list[Page], username: str | None) -> list[str]:
    """Open every page once and check it at both widths (the same page resized: the site's
    layout is CSS only, media queries apply on resize); return one line per problem.

    A page opens at the width the page before ended with and is checked there first, then at
    the other width: one resize per page instead of two."""
    problems = []
    own_host = urlsplit(base_url).netloc
    context, page = new_page(browser, base_url, VIEWPORTS[0], username)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for item in pages:
        response = page.goto(base_url + item.path)
        if response is None or response.status != 200:
            problems.append(f"{item.path}: HTTP {response and response.status}")
            continue
        widths = VIEWPORTS if page.viewport_size["width"] == VIEWPORTS[0][0] else VIEWPORTS[::-1]
        for width, height in widths:
            if page.viewport_size["width"] != width:
                page.set_viewport_size({"width": width, "height": height})
            problems.extend(_check_view(page, f"{width} px {item.path}"))
    context.close()
    foreign = {url for url in requested if urlsplit(url).netloc not in {own_host, ""}}
    problems.extend(f"lädt von fremdem Host {url}" for url in sorted(foreign))
    return problems


def tab_walk(page, path: str) -> list[str]:
    """Press Tab round the page once; return the controls it never reached."""
    expected = page.evaluate(MARK_CONTROLS)
    presses = 0
    while presses < len(expected) * 2 + 10:
        for _press in range(10):  # ask the page what got the focus only every ten presses
            page.keyboard.press("Tab")
        presses += 10
        focused = page.evaluate("window.lipFocused")
        if focused and focused[0] in focused[1:]:
            break  # round the page once
    reached = set(page.evaluate("window.lipFocused"))
    return [
        f"{path}: Tab erreicht nicht {label}"
        for key, label in expected.items()
        if key not in reached
    ]


def wait_for_open_requests(timeout: float = 5.0) -> None:
    """Let the server's request threads end (the browser's keep-alive connections close with
    their context) before the server stops sharing the database connection with them."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(
        thread.name.endswith("(process_request_thread)") for thread in threading.enumerate()
    ):
        time.sleep(0.05)


def check_role(browser, base_url: str, username: str) -> list[str]:
    """The crawl of one role: every page it reaches at both widths, and a Tab walk on the first
    page of each kind the public crawl does not walk."""
    pages, errors = role_pages(username)
    routes = {page.route for page in pages}
    missing = EXPECTED_ROUTES[username] - routes
    assert not missing, f"{username} erreicht nicht: {missing}"
    problems = errors + check_pages(browser, base_url, pages, username)
    problems += tab_walks(browser, base_url, pages, username, skip=EXPECTED_ROUTES[None])
    return [f"{username} {problem}" for problem in problems]


def tab_walks(browser, base_url, pages: list[Page], username, skip=frozenset()) -> list[str]:
    """A real walk with the Tab key on the first German page of each kind, at the wide layout
    (the narrow one hides the navigation behind its button; PAGE_CHECK covers it)."""
    firsts: dict[str, str] = {}
    for page in pages:
        if page.route not in skip and not language_prefix(page.path):
            firsts.setdefault(page.route, page.path)
    context, tab = new_page(browser, base_url, VIEWPORTS[1], username)
    missing = []
    for path in firsts.values():
        tab.goto(base_url + path)
        missing.extend(tab_walk(tab, path))
    context.close()
    return missing
