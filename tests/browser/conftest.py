"""Chromium through Playwright against pytest-django's live server, with axe-core on every page."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Without V8's optimising compilers: each page's scripts (axe-core above all) run for a
    # moment only, and compiling them again for speed on every page cost a fifth of the
    # browser's CPU time (docs/barrierefreiheit-technik.md, "Zeit").
    "--js-flags=--no-opt --no-maglev",
]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
AXE_VIOLATIONS = "options => axe.run(document, options).then((results) => results.violations)"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI: /usr/bin/chromium fehlt, Browser-Tests dürfen hier nicht fehlen.")
        pytest.skip("Browser-Tests übersprungen: kein Chromium unter /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


class Visitor:
    """A browser tab that records every request and checks each page it opens with axe-core."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.requested: list[str] = []
        page.on("request", lambda request: self.requested.append(request.url))

    def open(self, path: str):
        response = self.page.goto(self.base_url + path)
        self.check()
        return response

    def check(self) -> None:
        """Assert the current page is in its language (English under /en/, else German),
        axe-clean and loads nothing from another host."""
        from axe_playwright_python.base import AXE_SCRIPT, AxeResults

        self.page.wait_for_load_state("load")
        language = "en" if urlsplit(self.page.url).path.startswith("/en/") else "de"
        assert self.page.locator("html").get_attribute("lang") == language
        # axe-core into the page once (not again for each check of the same page), and only
        # the violations back: the whole result of every rule costs more to copy than to make.
        if not self.page.evaluate("() => typeof axe !== 'undefined'"):
            self.page.evaluate(AXE_SCRIPT)
        violations = self.page.evaluate(AXE_VIOLATIONS, AXE_OPTIONS)
        results = AxeResults({"violations": violations})
        assert not violations, f"{self.page.url}: {results.generate_report()}"
        own_host = urlsplit(self.base_url).netloc
        foreign = [
            url
            for url in self.requested
            if urlsplit(url).scheme in {"http", "https"} and urlsplit(url).netloc != own_host
        ]
        assert not foreign, f"{self.page.url} lädt von fremden Hosts: {foreign}"

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def visitor(browser, live_server):
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    yield Visitor(page, live_server.url)
    context.close()
