"""Screenshots of the start page, /beteiligung/, a published version and /fortschritt/ at phone and
desktop width, for the README (`make screenshots`; docs/barrierefreiheit-technik.md).

Needs Playwright (a dev dependency) and Chromium. Without --base-url the command starts
`runserver` on a free port with the current settings and database, so the database must hold
the demo data (`make screenshots` prepares a throwaway one).
"""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

CHROMIUM = "/usr/bin/chromium"
VIEWPORTS = {360: 800, 1280: 900}
# A published version, as /beteiligung/ links it.
VERSION_LINK = re.compile(r"^/beteiligung/fassung/\d+/$")
SERVER_START_SECONDS = 60


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise CommandError("Der Entwicklungsserver hat sich beendet, bevor er antwortete.")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own local server
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    raise CommandError(f"Der Entwicklungsserver antwortet nicht unter {url}.")


class Command(BaseCommand):
    help = (
        "Erstellt Bildschirmfotos (360 und 1280 px breit) von Startseite, Beteiligung, einer "
        "Fassung und Fortschritt in docs/screenshots/."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            help="Adresse einer laufenden Instanz mit Demodaten, z. B. http://127.0.0.1:8000",
        )
        parser.add_argument(
            "--output",
            default=str(Path(settings.BASE_DIR) / "docs" / "screenshots"),
            help="Zielordner (Vorgabe: docs/screenshots)",
        )
        parser.add_argument("--chromium", default=CHROMIUM, help="Pfad zu Chromium")
        parser.add_argument(
            "--full-page", action="store_true", help="die ganze Seite statt des ersten Bildschirms"
        )

    def handle(self, *args, **options):
        try:
            from playwright.sync_api import sync_playwright
        except ImportError as error:
            raise CommandError(
                "Playwright fehlt: die Entwicklungsabhängigkeiten installieren (make install)."
            ) from error
        output = Path(options["output"])
        output.mkdir(parents=True, exist_ok=True)
        server = None
        base_url = (options["base_url"] or "").rstrip("/")
        if not base_url:
            port = _free_port()
            base_url = f"http://127.0.0.1:{port}"
            server = subprocess.Popen(  # noqa: S603 - our own manage.py with fixed arguments
                [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
                cwd=settings.BASE_DIR,
                env=os.environ.copy(),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        try:
            if server is not None:
                _wait_until_up(base_url + "/", server)
            with sync_playwright() as playwright:
                launch = {"args": ["--no-sandbox", "--disable-gpu"]}
                if Path(options["chromium"]).exists():
                    launch["executable_path"] = options["chromium"]
                browser = playwright.chromium.launch(**launch)
                try:
                    written = self.take(browser, base_url, output, options["full_page"])
                finally:
                    browser.close()
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=10)
        for path in written:
            self.stdout.write(str(path))

    def take(self, browser, base_url: str, output: Path, full_page: bool) -> list[Path]:
        """Photograph every page at every width; return the files written."""
        written = []
        for width, height in VIEWPORTS.items():
            context = browser.new_context(
                locale="de-DE",
                viewport={"width": width, "height": height},
                reduced_motion="reduce",
            )
            page = context.new_page()
            for name, path in self.pages(page, base_url):
                page.goto(base_url + path, wait_until="networkidle")
                target = output / f"{name}-{width}.png"
                page.screenshot(path=str(target), full_page=full_page)
                written.append(target)
            context.close()
        return written

    def pages(self, page, base_url: str) -> list[tuple[str, str]]:
        """The pages to photograph; the version is the first one /beteiligung/ links."""
        page.goto(base_url + "/beteiligung/")
        links = page.eval_on_selector_all("main a[href]", "links => links.map(a => a.pathname)")
        version = next((link for link in links if VERSION_LINK.match(link)), None)
        if version is None:
            raise CommandError(
                "Keine veröffentlichte Fassung auf /beteiligung/: Demodaten laden (seed_demo)."
            )
        return [
            ("start", "/"),
            ("beteiligung", "/beteiligung/"),
            ("fassung", version),
            ("fortschritt", "/fortschritt/"),
        ]
