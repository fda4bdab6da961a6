"""The benchmark behind `make bench` (issue "Speed"): every public page against a bare page.

Run with the project's python (.venv/bin/python bench/run.py [--memory] [--small]). It
    1. creates a fresh database: PostgreSQL when DATABASE_URL is set (dropped and created anew,
       so its name must contain "bench"), else a SQLite file in a temporary folder;
    2. migrates, loads the structure, builds the data (manage.py bench_data), collects the static
       files into a temporary folder;
    3. serves it with gunicorn (2 sync workers, production settings, REDIS_URL passed on) and,
       as the TLS proxy in front of it would, sends X-Forwarded-Proto and X-Real-IP;
    4. drives each page with wrk at 16 connections for BENCH_SECONDS (default 10) after a
       warm-up, and signed-in /fortschritt/ with the session of a login through the form;
    5. prints a Markdown table (throughput as a share of the bare page's, p50, p95, bytes per
       response, goal met) with the workers' memory, and writes it to docs/bench-latest.md.
--memory adds 100,000 requests at the start page and the memory growth of each worker.
"""

# It starts only our own tools (manage.py, gunicorn, wrk, apt-get) with arguments it builds itself.
# ruff: noqa: S603, S607

import argparse
import datetime
import gzip
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
OUTPUT = ROOT / "docs" / "bench-latest.md"
BARE_PATH = "/_bench/bare/"
CONNECTIONS = 16
WORKERS = 2
MEMORY_REQUESTS = 100_000
# The goals of the issue "Speed".
MIN_RATIO = 50  # percent of the bare page's throughput, every anonymous public page
MAX_P95_PUBLIC_MS = 50
MAX_P95_SIGNED_IN_MS = 100
# As in lip/management/commands/seed_demo.py STRUCTURE_FIXTURES.
STRUCTURE_FIXTURES = ["structure", "structure_etappen", "structure_beteiligung"]
SMALL_DATA = ["--sections", "30", "--comments", "300", "--drafts", "50", "--events", "50"]

# wrk calls done() once at the end; latency in microseconds. bytes: everything read, headers too.
REPORT_LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH-RESULT %d %d %d %d %d %d %d %d %d %d\\n",
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(95),
    e.status, e.connect, e.read, e.write, e.timeout))
end
"""


class BenchError(Exception):
    """A step failed; the message says which and what to do."""


@dataclass
class Page:
    label: str
    path: str
    signed_in: bool = False
    bare: bool = False


@dataclass
class Result:
    page: Page
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    bytes_per_response: float
    errors: int
    cache: str  # "hit" when the second warm-up request came from the page cache
    note: str = ""
    ratio: float | None = None  # percent of the bare page's throughput, measured right before
    reference: float | None = None  # that throughput

    def goal(self) -> tuple[bool | None, str]:
        """Whether the page meets its goal, and the goal in words."""
        if self.page.bare:
            return None, "Maßstab"
        if self.page.signed_in:
            return not self.misses(), f"p95 < {MAX_P95_SIGNED_IN_MS} ms"
        return not self.misses(), f"≥ {MIN_RATIO} %, p95 < {MAX_P95_PUBLIC_MS} ms"

    def misses(self) -> list[str]:
        """What the page missed of its goal, in words."""
        if self.page.bare:
            return []
        missed = []
        if not self.page.signed_in and (self.ratio is None or self.ratio < MIN_RATIO):
            missed.append(f"Anteil {number(self.ratio or 0)} % < {MIN_RATIO} %")
        limit = MAX_P95_SIGNED_IN_MS if self.page.signed_in else MAX_P95_PUBLIC_MS
        if self.p95_ms >= limit:
            missed.append(f"p95 {number(self.p95_ms)} ms ≥ {limit} ms")
        if self.errors:
            missed.append(f"{self.errors} Fehler")
        return missed


# The database


def fresh_database(tmp: Path) -> tuple[str, str]:
    """A new, empty database: its URL and a name for the report."""
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        return f"sqlite:///{tmp / 'bench.sqlite3'}", "SQLite"
    import dj_database_url
    import psycopg2

    config = dj_database_url.parse(url)
    if "postgresql" not in config["ENGINE"]:
        raise BenchError("DATABASE_URL: der Benchmark kennt nur PostgreSQL (oder ohne: SQLite).")
    name = config["NAME"]
    if "bench" not in name:
        raise BenchError(
            f"Der Benchmark löscht die Datenbank {name!r} und legt sie neu an; ihr Name muss "
            "'bench' enthalten, z. B. DATABASE_URL=postgres://postgres@127.0.0.1:5432/lip_bench."
        )
    connection = psycopg2.connect(
        dbname="postgres",
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
        cursor.execute("SHOW server_version")
        (version,) = cursor.fetchone()
    connection.close()
    return url, f"PostgreSQL {version.split()[0]}"


def manage(env: dict, *args: str) -> None:
    command = [sys.executable, str(ROOT / "manage.py"), *args]
    completed = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if completed.returncode:
        raise BenchError(f"manage.py {' '.join(args)} schlug fehl:\n{completed.stderr[-3000:]}")


# The server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def worker_pids(master: int) -> list[int]:
    """The gunicorn workers: the processes whose parent is the master."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            pids.append(int(stat.parent.name))
    return sorted(pids)


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


class Server:
    """gunicorn on a free port, with the headers the TLS proxy in front of it would send."""

    def __init__(self, env: dict, log: Path):
        self.port = free_port()
        self.headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "X-Real-IP": "127.0.0.1",
            "Accept-Encoding": "gzip",
        }
        self.log = log.open("w")
        self.process = subprocess.Popen(
            [
                str(VENV_BIN / "gunicorn"),
                "lip.wsgi",
                "--workers",
                str(WORKERS),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--error-logfile",
                "-",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_until_up(self, path: str, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn endete gleich nach dem Start; siehe {self.log.name}")
            try:
                if self.get(path).status == 200 and len(self.workers()) == WORKERS:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise BenchError(f"gunicorn antwortet nicht; siehe {self.log.name}")

    def workers(self) -> list[int]:
        return worker_pids(self.process.pid)

    def memory(self) -> dict[int, int]:
        return {pid: rss_kib(pid) for pid in self.workers()}

    def request(self, method: str, path: str, body: str = "", headers: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        connection.request(method, path, body=body or None, headers={**self.headers, **headers})
        response = connection.getresponse()
        response.body = response.read()
        connection.close()
        if response.headers.get("Content-Encoding") == "gzip":
            response.body = gzip.decompress(response.body)
        return response

    def get(self, path: str, headers: dict | None = None):
        return self.request("GET", path, headers=headers or {})

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


def cookies_of(response) -> dict[str, str]:
    jar = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}


def log_in(server: Server, username: str, password: str) -> str:
    """Sign in through the login form; the Cookie header of the signed-in session."""
    form = server.get("/konto/anmelden/")
    cookies = cookies_of(form)
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.body)
    if form.status != 200 or not match or "csrftoken" not in cookies:
        raise BenchError(f"Anmeldeseite: Status {form.status}, kein CSRF-Token gefunden.")
    origin = f"https://127.0.0.1:{server.port}"
    response = server.request(
        "POST",
        "/konto/anmelden/",
        body=urlencode(
            {
                "csrfmiddlewaretoken": match.group(1).decode(),
                "username": username,
                "password": password,
            }
        ),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookies['csrftoken']}",
            "Origin": origin,
            "Referer": f"{origin}/konto/anmelden/",
        },
    )
    cookies.update(cookies_of(response))
    if response.status != 302 or "sessionid" not in cookies:
        raise BenchError(f"Anmeldung fehlgeschlagen (Status {response.status}).")
    header = "; ".join(f"{name}={value}" for name, value in cookies.items())
    account = server.get("/konto/", headers={"Cookie": header})
    if account.status != 200:
        raise BenchError(f"Angemeldet, aber /konto/ antwortet mit {account.status}.")
    return header


# The load generator


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0:
        raise BenchError(
            "wrk fehlt (Lastgenerator aus Debian): sudo apt-get install wrk, dann make bench."
        )
    print("wrk fehlt, wird installiert: apt-get install -y wrk", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-qq", "wrk"]
    if subprocess.run(install, env=env, capture_output=True).returncode:
        subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True)
        if subprocess.run(install, env=env, capture_output=True).returncode:
            raise BenchError("apt-get install wrk schlug fehl; wrk bitte von Hand installieren.")
    found = shutil.which("wrk")
    if not found:
        raise BenchError("wrk ist nach der Installation nicht zu finden.")
    return found


def wrk(wrk_path, server, path, *, seconds, script: Path, headers: dict | None = None) -> dict:
    """Run wrk against one path; its figures from the done() line."""
    command = [
        wrk_path,
        "--threads",
        "2",
        "--connections",
        str(CONNECTIONS),
        "--duration",
        f"{seconds}s",
        "--timeout",
        "10s",
        "--script",
        str(script),
    ]
    for name, value in {**server.headers, **(headers or {})}.items():
        if name != "Host":
            command += ["--header", f"{name}: {value}"]
    command.append(f"http://127.0.0.1:{server.port}{path}")
    completed = subprocess.run(command, capture_output=True, text=True)
    line = next(
        (line for line in completed.stdout.splitlines() if line.startswith("BENCH-RESULT")), None
    )
    if completed.returncode or line is None:
        raise BenchError(f"wrk schlug fehl für {path}:\n{completed.stdout}{completed.stderr}")
    values = [int(value) for value in line.split()[1:]]
    requests, duration, size, p50, p95, *errors = values
    return {
        "requests": requests,
        "requests_per_second": requests / (duration / 1_000_000) if duration else 0.0,
        "bytes_per_response": size / requests if requests else 0.0,
        "p50_ms": p50 / 1000,
        "p95_ms": p95 / 1000,
        "errors": sum(errors),
    }


def measure(wrk_path, server, page: Page, *, seconds, script, cookie: str = "") -> Result:
    """Warm up (the second request shows whether the page cache stores it), then drive it."""
    headers = {"Cookie": cookie} if cookie else {}
    first = server.get(page.path, headers)
    second = server.get(page.path, headers)
    if second.status != 200:
        raise BenchError(f"{page.path} antwortet mit {second.status}.")
    note = ""
    if not page.bare and second.headers.get("X-Page-Cache") != "hit" and not page.signed_in:
        reasons = []
        set_cookies = sorted(cookies_of(first)) + sorted(cookies_of(second))
        if set_cookies:
            reasons.append(f"setzt Cookie {', '.join(sorted(set(set_cookies)))}")
        if b"csrfmiddlewaretoken" in second.body:
            reasons.append("Formular mit CSRF-Token")
        if second.headers.get("Cache-Control") and "ETag" not in second.headers:
            reasons.append(f"Cache-Control: {second.headers['Cache-Control']}")
        note = "nicht aus dem Seiten-Cache" + (f" ({'; '.join(reasons)})" if reasons else "")
    figures = wrk(wrk_path, server, page.path, seconds=seconds, script=script, headers=headers)
    return Result(
        page=page,
        requests_per_second=figures["requests_per_second"],
        p50_ms=figures["p50_ms"],
        p95_ms=figures["p95_ms"],
        bytes_per_response=figures["bytes_per_response"],
        errors=figures["errors"],
        cache="hit" if second.headers.get("X-Page-Cache") == "hit" else "–",
        note=note,
    )


def memory_run(wrk_path, server, script: Path) -> list[tuple[str, dict[int, int]]]:
    """RSS of each worker after a warm-up, then after about each half of MEMORY_REQUESTS at "/"
    (wrk runs for a time, not a count: it runs in 10-second rounds until the count is reached)."""

    def drive(total: int) -> int:
        done = 0
        while done < total:
            done += wrk(wrk_path, server, "/", seconds=10, script=script)["requests"]
        return done

    drive(5_000)
    points = [("nach dem Aufwärmen (mindestens 5.000 Anfragen)", server.memory())]
    done = 0
    for _half in range(2):
        done += drive(MEMORY_REQUESTS // 2)
        points.append((f"nach {number(done)} Anfragen", server.memory()))
    return points


# The report


def number(value: float, digits: int = 0) -> str:
    return f"{value:,.{digits}f}".replace(",", "\u202f").replace(".", ",")


def report(results, memory_before, memory_after, memory_points, context) -> str:
    lines = [
        "# Benchmark: letzte Messung",
        "",
        "Erzeugt von `make bench` (bench/run.py); nicht von Hand bearbeiten. Was gemessen wird und "
        "wie: README, Abschnitt „Benchmark“.",
        "",
        "Jede Seite wird nach zwei Aufwärm-Abrufen mit 16 gleichzeitigen Verbindungen abgerufen. "
        "„Anteil“ ist ihr Durchsatz im Verhältnis zur einfachen Seite `/_bench/bare/` (eine "
        "Abfrage `SELECT 1`, sonst nichts), die unmittelbar davor gemessen wird (halb so lange; "
        "„von“ nennt deren Anfragen/s): Der Rechner wird geteilt, zählen "
        "sollen die Verhältnisse, nicht die absoluten Zahlen. p50/p95: Antwortzeit, die die Hälfte "
        "bzw. 95 % der Anfragen unterschreiten. Bytes je Antwort: mit Kopfzeilen, gzip angefragt "
        "wie von Browsern. Seiten-Cache „hit“: Der zweite Aufwärm-Abruf kam ganz aus dem "
        "Seiten-Cache (lip/pagecache.py). Ziele (Issue „Speed“): jede öffentliche Seite ohne "
        f"Anmeldung ≥ {MIN_RATIO} % der einfachen Seite und p95 < {MAX_P95_PUBLIC_MS} ms; "
        f"/fortschritt/ angemeldet p95 < {MAX_P95_SIGNED_IN_MS} ms.",
        "",
        f"- Zeitpunkt: {context['when']}",
        f"- Datenbank: {context['database']}; Cache: {context['cache']}",
        f"- Server: gunicorn, {WORKERS} sync-Worker, Produktionseinstellungen; Last: wrk, "
        f"{CONNECTIONS} Verbindungen, {context['seconds']} s je Seite, gzip angefragt",
        f"- Daten: {context['data']}",
        f"- Rechner: {context['machine']}",
        "",
        "| Seite | Anfragen/s | Anteil an der einfachen Seite (Anfragen/s) | p50 ms | p95 ms "
        "| Bytes je Antwort | Seiten-Cache | Ziel | erreicht |",
        "|---|---:|---:|---:|---:|---:|---|---|---|",
    ]
    for result in results:
        met, goal = result.goal()
        mark = "–" if met is None else ("✓" if met else "✗")
        if result.page.bare:
            ratio = "–"
        else:
            ratio = f"{number(result.ratio)} % von {number(result.reference)}"
        errors = f" ({result.errors} Fehler)" if result.errors else ""
        lines.append(
            f"| {result.page.label} `{result.page.path}` | {number(result.requests_per_second)}"
            f"{errors} | {ratio} | {number(result.p50_ms, 1)} | {number(result.p95_ms, 1)} "
            f"| {number(result.bytes_per_response)} | {result.cache} | {goal} | {mark} |"
        )
    lines += ["", "Speicher der Worker (VmRSS):", ""]
    lines += ["| Worker | vor der Messung | nach der Messung |", "|---|---:|---:|"]
    for pid in sorted(memory_before):
        after = memory_after.get(pid)
        after_text = f"{number(after / 1024, 1)} MiB" if after else "beendet"
        lines.append(f"| {pid} | {number(memory_before[pid] / 1024, 1)} MiB | {after_text} |")
    if memory_points:
        lines += [
            "",
            f"Speicher über {number(MEMORY_REQUESTS)} Anfragen an `/` (--memory):",
            "",
            "| Zeitpunkt | " + " | ".join(f"Worker {pid}" for pid in memory_points[0][1]) + " |",
            "|---|" + "---:|" * len(memory_points[0][1]),
        ]
        for label, values in memory_points:
            cells = " | ".join(
                f"{number(values.get(pid, 0) / 1024, 1)} MiB" for pid in memory_points[0][1]
            )
            lines.append(f"| {label} | {cells} |")
        first, last = memory_points[0][1], memory_points[-1][1]
        growth = ", ".join(
            f"Worker {pid}: {number((last.get(pid, 0) - first[pid]) / 1024, 1)} MiB"
            for pid in first
        )
        lines += ["", f"Zuwachs vom Aufwärmen bis zur letzten Messung: {growth}."]
    missed = [r for r in results if r.goal()[0] is False or r.note]
    if missed:
        lines += ["", "Anmerkungen:", ""]
        for result in missed:
            misses = result.misses()
            text = f"Ziel verfehlt ({', '.join(misses)})" if misses else "Ziel erreicht"
            lines.append(
                f"- {result.page.label}: {text}" + (f"; {result.note}." if result.note else ".")
            )
    return "\n".join(lines) + "\n"


# The run


def pages(urls: dict) -> list[Page]:
    return [
        Page("Einfache Seite (eine Abfrage)", BARE_PATH, bare=True),
        Page("Startseite", "/"),
        Page("Fortschritt", "/fortschritt/"),
        Page("Gremien", "/gremien/"),
        Page("Ein Gremium", urls["committee"]),
        Page("Etappen", "/etappen/"),
        Page("Etappe 1", "/etappen/1/"),
        Page("Beteiligung", "/beteiligung/"),
        Page("Fassung (300 Abschnitte, 3.000 Kommentare)", urls["version"]),
        Page("Veranstaltung", urls["event"]),
        Page("Wahlen", "/wahlen/"),
        Page("Impressum", "/impressum/"),
        Page("Fortschritt-Feed", "/fortschritt/feed/"),
        Page("Fortschritt, angemeldet (Ausschuss)", "/fortschritt/", signed_in=True),
        Page("Einfache Seite, am Ende noch einmal", BARE_PATH, bare=True),
    ]


def run(args) -> str:
    seconds = int(os.environ.get("BENCH_SECONDS", "10"))
    wrk_path = ensure_wrk()
    tmp = Path(tempfile.mkdtemp(prefix="lip-bench-"))
    server = None
    try:
        database_url, database = fresh_database(tmp)
        password = secrets.token_urlsafe(18)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "lip.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1",
            "BENCHMARK_BARE_PAGE": "true",
            "DATABASE_URL": database_url,
            "STATIC_ROOT": str(tmp / "static"),
            "MEDIA_ROOT": str(tmp / "media"),
            "BENCH_PASSWORD": password,
            "LOG_LEVEL": "WARNING",
        }
        print(f"Datenbank: {database}; Daten werden angelegt …", flush=True)
        manage(env, "migrate", "--verbosity", "0")
        manage(env, "createcachetable")
        manage(env, "loaddata", *STRUCTURE_FIXTURES, "--verbosity", "0")
        data_args = SMALL_DATA if args.small else []
        manage(env, "bench_data", "--output", str(tmp / "urls.json"), *data_args)
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        urls = json.loads((tmp / "urls.json").read_text())

        server = Server(env, tmp / "gunicorn.log")
        server.wait_until_up(BARE_PATH)
        cookie = log_in(server, urls["username"], password)
        script = tmp / "report.lua"
        script.write_text(REPORT_LUA)
        memory_before = server.memory()
        results = []
        for page in pages(urls):
            print(f"  {page.label} {page.path} …", flush=True)
            reference = None
            if not page.bare:
                # The bare page right before each page: both see the same load on the machine.
                reference = wrk(
                    wrk_path, server, BARE_PATH, seconds=max(3, seconds // 2), script=script
                )["requests_per_second"]
            result = measure(
                wrk_path,
                server,
                page,
                seconds=seconds,
                script=script,
                cookie=cookie if page.signed_in else "",
            )
            result.reference = reference
            if reference:
                result.ratio = 100 * result.requests_per_second / reference
            results.append(result)
        memory_after = server.memory()
        memory_points = memory_run(wrk_path, server, script) if args.memory else []
        context = {
            "when": datetime.datetime.now().astimezone().strftime("%d.%m.%Y %H:%M %Z"),
            "database": database,
            "cache": "Redis" if os.environ.get("REDIS_URL") else "Datenbank",
            "seconds": seconds,
            "data": "eine Fassung mit 30 Abschnitten und 300 Kommentaren, 50 Entwürfe, "
            "50 Veranstaltungen, 30 Mitglieder je Gremium (--small)"
            if args.small
            else "eine Fassung mit 300 Abschnitten und 3.000 Kommentaren (Kommentarfenster "
            "offen), 500 Entwürfe, 500 Veranstaltungen, 30 Mitglieder je Gremium",
            "machine": f"{os.cpu_count()} Kerne, Last (1 min) "
            f"{number(os.getloadavg()[0], 2)} am Ende, Python {platform.python_version()}",
        }
        return report(results, memory_before, memory_after, memory_points, context)
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark der öffentlichen Seiten (make bench)")
    parser.add_argument(
        "--memory", action="store_true", help=f"dazu {MEMORY_REQUESTS:,} Anfragen an /"
    )
    parser.add_argument("--small", action="store_true", help="kleine Daten, zum Ausprobieren")
    parser.add_argument("--no-write", action="store_true", help="docs/bench-latest.md nicht ändern")
    args = parser.parse_args()
    try:
        text = run(args)
    except BenchError as error:
        print(f"Benchmark abgebrochen: {error}", file=sys.stderr)
        return 1
    print()
    print(text)
    if not args.no_write and not args.small:
        OUTPUT.write_text(text, encoding="utf-8")
        print(f"Geschrieben: {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
