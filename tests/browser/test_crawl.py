"""Every page, for every demo role, at 360×800 and 1280×900: no horizontal page scroll, axe clean
(WCAG 2.1 A/AA and the 2.2 AA rules axe has), every control reachable by keyboard.

The demo data of `make run` (seed_demo) is loaded once for the module. A crawler follows the
links from the start page (signed in: from /konto/ and the role's own areas). Pages of one kind
(one URL name) share their template, so that the crawl stays within CI's time:
- at most PAGES_PER_ROUTE of each kind are opened (width and keyboard checked on each), axe runs
  on the first of each kind per width;
- a role's crawl opens the kinds the public does not reach, and of SIGNED_IN_VIEWS (public pages
  that show a signed-in person more: buttons, internal links) the first one.
See docs/barrierefreiheit-technik.md.
"""

import re
import threading
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import axe_playwright_python
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import Resolver404, resolve

from lip.management.commands.seed_demo import DEMO_PASSWORD
from lip.roles import Role
from tests.browser.conftest import AXE_OPTIONS

# Each test runs in a transaction that is rolled back; the demo data underneath is committed
# once for the module (demo_site).
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

VIEWPORTS = [(360, 800), (1280, 900)]
CRAWL_AXE_OPTIONS = {
    **AXE_OPTIONS,
    "runOnly": {"type": "tag", "values": [*AXE_OPTIONS["runOnly"]["values"], "wcag22aa"]},
}
AXE_SCRIPT = Path(axe_playwright_python.__file__).with_name("axe.min.js")
PAGES_PER_ROUTE = 2
MAX_PAGES = 250

# Not pages: downloads, feeds, the admin (Django's own), sign-out (a POST), one-time links.
SKIPPED_PATH = re.compile(
    r"^/(admin|static|media)/|^/konto/abmelden/|/feed/|/abbestellen/|\.(ics|xlsx|csv|pdf|xml)$"
)
PAGINATION = re.compile(r"(page|seite)=\d+")

# Public pages that show a signed-in person more than the public: checked again for each role.
SIGNED_IN_VIEWS = {
    "home",
    "etappen:index",
    "etappen:version-detail",
    "beteiligung:version-comments",
    "gremien:committee-detail",
    "wahlen:index",
    "wahlen:election-detail",
}
# The kinds of pages each crawl must reach; guards the crawler against silently shrinking.
EXPECTED_ROUTES = {
    None: {
        "home",
        "gremien:index",
        "gremien:committee-detail",
        "gremien:nomination-create",
        "etappen:index",
        "etappen:stage-detail",
        "beteiligung:index",
        "beteiligung:version-comments",
        "beteiligung:section-comments",
        "beteiligung:event-detail",
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
    },
    "geschaeftsstelle": {
        "account",
        "gremien:staffing-overview",
        "gremien:staffing",
        "etappen:draft-detail",
        "etappen:decision-form",
        "beteiligung:office",
        "beteiligung:moderation",
        "beteiligung:consideration-list",
        "wahlen:manage",
        "wahlen:round",
        "wahlen:protocol",
    },
    "dezernat3": {"account", "gremien:staffing"},
    "expertin": {"account", "etappen:draft-detail", "etappen:section-list"},
    "beirat": {"account", "etappen:statement-form"},
    "ausschuss": {"account"},
}
# Areas of a role that need not be linked from /konto/: the crawl starts there too.
ROLE_STARTS = {
    "geschaeftsstelle": [
        "/gremien/besetzung/",
        "/beteiligung/geschaeftsstelle/",
        "/beteiligung/moderation/",
    ],
}

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
  // Controls a keyboard cannot reach: negative tabindex, or inside aria-hidden/inert.
  const visible = (el) =>
    el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  const controls = document.querySelectorAll(
    "a[href], button, input:not([type=hidden]), select, textarea, summary"
  );
  const unreachable = Array.from(controls)
    .filter((el) => !el.disabled && visible(el))
    .filter((el) => el.tabIndex < 0 || el.closest("[aria-hidden=true], [inert]"))
    .map(describe);
  return {width, scrollWidth, wide: wide.slice(0, 5), unreachable};
}"""

# Marks every control the keyboard must reach; a radio group counts once (arrow keys move in it).
MARK_CONTROLS = """() => {
  const visible = (el) =>
    el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  const controls = Array.from(document.querySelectorAll(
    "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex='0']"
  )).filter((el) => !el.disabled && visible(el));
  const keys = {};
  controls.forEach((el, index) => {
    const key = el.type === "radio" && el.name ? "radio " + el.name : String(index);
    el.dataset.tabKey = key;
    const text = String(el.innerText || el.value || el.getAttribute("aria-label") || "").trim();
    keys[key] = el.tagName.toLowerCase() + (text ? ` "${text.slice(0, 40)}"` : "");
  });
  return keys;
}"""


@dataclass(frozen=True)
class Page:
    path: str
    route: str


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def _route(path: str) -> str:
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


def discover(client: Client, starts: list[str], follow=None) -> tuple[list[Page], list[str]]:
    """Follow the links of the pages the client may see, up to PAGES_PER_ROUTE of each kind, and
    only into the kinds follow(route) accepts (all if None).

    Returns the pages (HTML, status 200) and the links that end in an error.
    """
    queued = dict.fromkeys(starts)
    per_route: dict[str, int] = {}
    queue = list(starts)
    pages, errors = [], []
    while queue and len(pages) < MAX_PAGES:
        path = queue.pop(0)
        response = client.get(path)
        if response.status_code >= 400:
            errors.append(f"{path}: HTTP {response.status_code}")
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue  # redirects (e.g. to the second factor), downloads
        pages.append(Page(path, _route(path)))
        links = _Links()
        links.feed(response.content.decode())
        for href in links.hrefs:
            target = _same_site_path(path, href)
            if target is None or target in queued:
                continue
            queued[target] = None
            route = _route(target)
            if follow is not None and not follow(route):
                continue
            if per_route.get(route, 0) < PAGES_PER_ROUTE:
                per_route[route] = per_route.get(route, 0) + 1
                queue.append(target)
    return pages, errors


def _wait_for_open_requests(timeout: float = 5.0) -> None:
    """Let the server's request threads end (the browser's keep-alive connections close with
    their context) before the server stops sharing the database connection with them."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(
        thread.name.endswith("(process_request_thread)") for thread in threading.enumerate()
    ):
        time.sleep(0.05)


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """The demo data of `make run` behind a live server, shared by every test of this module.

    pytest-django's live_server flushes the database after each test and seeding takes
    seconds, so this module commits the demo data once and flushes at its end, as a
    transactional test does. The browser signs in through the login form, so that the session
    is committed where the server sees it (also on PostgreSQL).
    """
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        # Transactional tests before this one may have flushed the groups the migration made.
        for role in Role:
            Group.objects.get_or_create(name=role.value)
        with override_settings(DEBUG=True):  # seed_demo refuses to run without it
            call_command("seed_demo", stdout=StringIO())
        server = LiveServer("localhost")
        try:
            yield server.url
        finally:
            _wait_for_open_requests()
            server.stop()
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(scope="module")
def public_pages(demo_site):
    starts = ["/"]
    if _route("/suche/") == "search":
        starts.append("/suche/?q=Integration")
    pages, errors = discover(Client(), starts)
    assert not errors, "Links auf Fehlerseiten:\n" + "\n".join(errors)
    return pages


def _signed_in_client(username: str) -> Client:
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


def _new_page(browser, base_url: str, viewport: tuple[int, int], username: str | None):
    """A tab of its own browser context, signed in through the login form if username is set."""
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


def check_pages(browser, base_url: str, pages: list[Page], username: str | None) -> list[str]:
    """Open every page at both widths; return one line per problem."""
    problems = []
    own_host = urlsplit(base_url).netloc
    for viewport in VIEWPORTS:
        width = viewport[0]
        context, page = _new_page(browser, base_url, viewport, username)
        requested: list[str] = []
        page.on("request", lambda request, requested=requested: requested.append(request.url))
        axe_done: set[str] = set()
        for item in pages:
            response = page.goto(base_url + item.path)
            where = f"{width} px {item.path}"
            if response is None or response.status != 200:
                problems.append(f"{where}: HTTP {response and response.status}")
                continue
            result = page.evaluate(PAGE_CHECK)
            if result["scrollWidth"] > result["width"]:
                problems.append(
                    f"{where}: {result['scrollWidth']} px breit – " + "; ".join(result["wide"])
                )
            if result["unreachable"]:
                problems.append(f"{where}: per Tastatur nicht erreichbar: {result['unreachable']}")
            if item.route in axe_done:
                continue
            axe_done.add(item.route)
            axe = page.evaluate("options => axe.run(document, options)", CRAWL_AXE_OPTIONS)
            for violation in axe["violations"]:
                targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
                problems.append(f"{where}: axe {violation['id']} – {targets}")
        context.close()
        foreign = {url for url in requested if urlsplit(url).netloc not in {own_host, ""}}
        problems.extend(f"{width} px: lädt von fremdem Host {url}" for url in sorted(foreign))
    return problems


def test_every_public_page_fits_is_accessible_and_keyboard_usable(browser, demo_site, public_pages):
    routes = {page.route for page in public_pages}
    assert EXPECTED_ROUTES[None] <= routes, EXPECTED_ROUTES[None] - routes

    problems = check_pages(browser, demo_site, public_pages, username=None)

    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "username", ["geschaeftsstelle", "dezernat3", "expertin", "beirat", "ausschuss"]
)
def test_every_page_of_a_role_fits_is_accessible_and_keyboard_usable(
    browser, demo_site, public_pages, username
):
    public_routes = {page.route for page in public_pages}

    def own_or_signed_in_view(route: str) -> bool:
        return route not in public_routes or route in SIGNED_IN_VIEWS

    client = _signed_in_client(username)
    starts = ["/konto/", *ROLE_STARTS.get(username, [])]
    reached, errors = discover(client, starts, follow=own_or_signed_in_view)
    pages, seen_public = [], set()
    for page in reached:
        if page.route in public_routes:
            if page.route in seen_public:
                continue
            seen_public.add(page.route)
        pages.append(page)
    routes = {page.route for page in pages}
    assert EXPECTED_ROUTES[username] <= routes, EXPECTED_ROUTES[username] - routes

    problems = errors + check_pages(browser, demo_site, pages, username)

    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("route", ["home", "beteiligung:version-comments", "progress"])
def test_tab_key_reaches_every_control(browser, demo_site, public_pages, route):
    """A real walk with the Tab key on three pages that have many kinds of controls."""
    path = next(page.path for page in public_pages if page.route == route)
    context, page = _new_page(browser, demo_site, (1280, 900), username=None)
    page.goto(demo_site + path)
    expected = page.evaluate(MARK_CONTROLS)

    reached: list[str] = []
    for _press in range(len(expected) * 2 + 10):
        page.keyboard.press("Tab")
        key = page.evaluate("document.activeElement && document.activeElement.dataset.tabKey")
        if key and reached and key == reached[0]:
            break  # round the page once
        if key:
            reached.append(key)
    context.close()

    missing = [label for key, label in expected.items() if key not in reached]
    assert len(expected) > 10
    assert not missing, f"{path}: Tab erreicht nicht {missing}"


# The promises of the visual identity that axe does not check (README "Gestaltung").

CONTROL_STYLES = """() => {
  const rgb = (text) => {
    const [r, g, b, a = 1] = text.match(/[\\d.]+/g).map(Number);
    return {r, g, b, a};
  };
  const luminance = ({r, g, b}) => {
    const linear = (c) => (c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  };
  const ratio = (x, y) => {
    const [light, dark] = [luminance(x), luminance(y)].sort((p, q) => q - p);
    return (light + 0.05) / (dark + 0.05);
  };
  const backgroundAround = (el) => {
    for (let node = el.parentElement; node; node = node.parentElement) {
      const colour = rgb(getComputedStyle(node).backgroundColor);
      if (colour.a > 0) return colour;
    }
    return {r: 255, g: 255, b: 255, a: 1};
  };
  const controls = document.querySelectorAll(
    "main input:not([type=hidden]), main select, main textarea"
  );
  return Array.from(controls).filter((el) => el.getClientRects().length).map((el) => {
    el.focus();
    const style = getComputedStyle(el);
    const around = backgroundAround(el);
    const inside = rgb(style.backgroundColor);
    const border = rgb(style.borderTopColor);
    const box = el.getBoundingClientRect();
    return {
      control: `${el.tagName.toLowerCase()} ${el.type} ${el.name}`,
      type: el.type,
      border: Math.min(ratio(border, around), inside.a > 0 ? ratio(border, inside) : 99),
      outlineStyle: style.outlineStyle,
      outlineWidth: parseFloat(style.outlineWidth),
      outline: ratio(rgb(style.outlineColor), around),
      width: box.width,
      height: box.height,
    };
  });
}"""


def test_form_controls_have_strong_borders_a_visible_focus_and_large_checkboxes(browser, demo_site):
    context, page = _new_page(browser, demo_site, (360, 800), username=None)
    page.goto(demo_site + "/beteiligung/vorschlag/")
    controls = page.evaluate(CONTROL_STYLES)
    context.close()

    assert {"select-one", "text", "email", "textarea", "checkbox"} <= {c["type"] for c in controls}
    for control in controls:
        assert control["border"] >= 3, control  # WCAG 1.4.11
        assert control["outlineStyle"] == "solid", control  # WCAG 2.4.7
        assert control["outlineWidth"] >= 2, control
        assert control["outline"] >= 3, control
        if control["type"] in {"checkbox", "radio"}:
            assert min(control["width"], control["height"]) >= 24, control  # WCAG 2.5.8


def test_wordmark_names_the_start_page_and_the_favicon_is_our_own(browser, demo_site):
    context, page = _new_page(browser, demo_site, (360, 800), username=None)
    page.goto(demo_site + "/etappen/")

    brand = page.get_by_role("link", name="LIP-Plattform – Startseite")
    assert brand.get_attribute("href") == "/"
    wordmark = brand.locator("img")
    assert wordmark.get_attribute("src").endswith("/img/wordmark.svg")
    assert page.evaluate("img => img.complete && img.naturalWidth > 0", wordmark.element_handle())
    icon = page.locator("link[rel=icon]").get_attribute("href")
    response = page.request.get(demo_site + icon)
    context.close()

    assert response.status == 200
    assert response.headers["content-type"].startswith("image/svg+xml")


def test_print_shows_the_content_black_on_white_with_link_addresses(browser, demo_site):
    context, page = _new_page(browser, demo_site, (1280, 900), username=None)
    page.goto(demo_site + "/")
    page.emulate_media(media="print")
    printed = page.evaluate("""() => {
      const link = document.querySelector("main a[href^='/']:not(.btn)");
      return {
        header: getComputedStyle(document.querySelector(".lip-header")).display,
        footer: getComputedStyle(document.querySelector(".lip-footer")).display,
        buttons: Array.from(document.querySelectorAll("main .btn, main button"))
          .map((button) => getComputedStyle(button).display),
        text: getComputedStyle(document.querySelector("main p")).color,
        after: getComputedStyle(link, "::after").content,
        href: link.getAttribute("href"),
      };
    }""")
    context.close()

    assert printed["header"] == printed["footer"] == "none"
    assert printed["buttons"]
    assert set(printed["buttons"]) == {"none"}
    assert printed["text"] == "rgb(0, 0, 0)"
    assert printed["href"] in printed["after"]


def test_the_outcome_of_the_abwaegung_is_in_view_on_a_phone(browser, demo_site, public_pages):
    path = next(p.path for p in public_pages if p.route == "beteiligung:consideration-table")
    context, page = _new_page(browser, demo_site, (360, 800), username=None)
    page.goto(demo_site + path)

    region = page.get_by_role("region", name=re.compile(r"\d+ Kommentare?"))
    assert region.get_attribute("tabindex") == "0"  # scrolls by keyboard too
    outcome = region.get_by_role("columnheader", name="Ergebnis").bounding_box()
    context.close()

    assert outcome["x"] + outcome["width"] <= 360


def test_screenshots_command_photographs_four_pages_at_both_widths(demo_site, tmp_path):
    # In a thread of its own: the command starts Playwright, whose sync API refuses to run in
    # the thread where the session's browser already runs an event loop.
    failures = []

    def take_screenshots():
        try:
            call_command("screenshots", base_url=demo_site, output=str(tmp_path), stdout=StringIO())
        except Exception as error:  # reported in the test's thread below
            failures.append(error)

    worker = threading.Thread(target=take_screenshots)
    worker.start()
    worker.join(timeout=180)

    assert not worker.is_alive()
    assert not failures, failures

    written = sorted(path.name for path in tmp_path.iterdir())
    assert written == sorted(
        f"{name}-{width}.png"
        for name in ["start", "beteiligung", "fassung", "fortschritt"]
        for width in (360, 1280)
    )
    for path in tmp_path.iterdir():
        header = path.read_bytes()[:24]
        assert header.startswith(b"\x89PNG")
        width = int.from_bytes(header[16:20], "big")  # the IHDR chunk: width, then height
        assert width == int(path.stem.rsplit("-", 1)[1])
