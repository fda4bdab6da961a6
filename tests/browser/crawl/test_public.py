"""The crawl's public share: every public page at 360×800 and 1280×900 (no horizontal page scroll,
axe WCAG 2.1 A/AA and the 2.2 AA rules axe has, every control reachable by keyboard), a real Tab
walk on one page of each kind, and the promises of the visual identity that axe does not check.

The roles' shares are the other modules of this package (one per xdist worker); how the crawl
works and why it fits in CI's time: docs/barrierefreiheit-technik.md.
"""

import re
import threading
from io import StringIO

import pytest
from django.core.management import call_command

from tests.browser.crawl.crawler import (
    EXPECTED_ROUTES,
    check_pages,
    new_page,
    tab_walks,
)

# Each test runs in a transaction that is rolled back; the demo data underneath is committed
# once for the module (demo_site in conftest.py).
pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_every_public_page_fits_is_accessible_and_keyboard_usable(browser, demo_site, public_pages):
    routes = {page.route for page in public_pages}
    assert EXPECTED_ROUTES[None] <= routes, EXPECTED_ROUTES[None] - routes

    problems = check_pages(browser, demo_site, public_pages, username=None)

    assert not problems, "\n".join(problems)


def test_tab_key_reaches_every_control_on_one_page_of_each_kind(browser, demo_site, public_pages):
    assert len({page.route for page in public_pages}) >= len(EXPECTED_ROUTES[None])

    missing = tab_walks(browser, demo_site, public_pages, username=None)

    assert not missing, "\n".join(missing)


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
    context, page = new_page(browser, demo_site, (360, 800), username=None)
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
    context, page = new_page(browser, demo_site, (360, 800), username=None)
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
    context, page = new_page(browser, demo_site, (1280, 900), username=None)
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
    context, page = new_page(browser, demo_site, (360, 800), username=None)
    page.goto(demo_site + path)

    region = page.get_by_role("region", name=re.compile(r"\d+ Kommentare?"))
    assert region.get_attribute("tabindex") == "0"  # scrolls by keyboard too
    outcome = region.get_by_role("columnheader", name="Ergebnis").bounding_box()
    context.close()

    assert outcome["x"] + outcome["width"] <= 360


def test_screenshots_command_photographs_four_pages_at_both_widths(browser, demo_site, tmp_path):
    # ``browser``: skipped like every browser test where no Chromium is installed (the command
    # needs it too). In a thread of its own: the command starts Playwright, whose sync API
    # refuses to run in the thread where the session's browser already runs an event loop.
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
