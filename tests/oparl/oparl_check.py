"""Checking OParl answers against the official 1.1 schemas, and walking the whole interface."""

import json
from collections import deque
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from jsonschema import Draft4Validator, FormatChecker

SCHEMA_DIR = Path(__file__).parent / "schema"
PREFIX = "https://schema.oparl.org/1.1/"
SERVER = "http://testserver"

checker = FormatChecker()  # date-time through rfc3339-validator, date built in


@checker.checks("url")
def is_url(value) -> bool:
    """OParl's own format: an absolute http(s) URL."""
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


assert "date-time" in checker.checkers, "rfc3339-validator is needed to check date-times"

VALIDATORS = {
    path.stem: Draft4Validator(json.loads(path.read_text()), format_checker=checker)
    for path in SCHEMA_DIR.glob("*.json")
}


def objects_in(value, *, embedded: bool = False):
    """Every OParl object in an answer, the embedded ones included (dicts with an id)."""
    if isinstance(value, dict):
        if "id" in value:
            yield value, embedded
        for key, item in value.items():
            if key not in ("links", "pagination"):
                yield from objects_in(item, embedded=embedded or "id" in value)
    elif isinstance(value, list):
        for item in value:
            yield from objects_in(item, embedded=embedded)


def strings_in(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)
    elif isinstance(value, str):
        yield value


def check_answer(data) -> list[str]:
    """What is wrong with one answer: schema errors, objects without type or dates, empties."""
    problems = []
    for obj, _embedded in objects_in(data):
        kind = obj.get("type", "")
        if not kind.startswith(PREFIX):
            problems.append(f"object without OParl type: {obj.get('id')}")
            continue
        validator = VALIDATORS[kind.removeprefix(PREFIX)]
        problems += [
            f"{obj['id']}: {'/'.join(map(str, error.path))}: {error.message}"
            for error in validator.iter_errors(obj)
        ]
        # The spec's text (not the schema) wants both dates on every object, embedded too.
        problems += [f"{obj['id']}: no {key}" for key in ("created", "modified") if key not in obj]
    problems += ["empty string" for value in strings_in(data) if value == ""]
    return problems


def walk(client, start: str = "/oparl/v1.1/"):
    """Fetch every OParl URL reachable from the system object, check each answer, and fetch
    every other URL found in them (web pages, files). Returns (answers by URL, other URLs)."""
    answers: dict[str, object] = {}
    others: dict[str, int] = {}
    queue = deque([SERVER + start])
    seen = set(queue)
    while queue:
        url = queue.popleft()
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        if "/oparl/v1.1/" not in url:
            others[url] = response.status_code
            continue
        assert response["Content-Type"] == "application/json; charset=utf-8", url
        assert response["Access-Control-Allow-Origin"] == "*", url
        data = json.loads(response.content.decode("utf-8"))
        answers[url] = data
        problems = check_answer(data)
        assert not problems, (url, problems)
        if "data" in data:  # a list page: next on every page but the last
            pagination = data["pagination"]
            assert ("next" in data["links"]) == (
                pagination["currentPage"] < pagination["totalPages"]
            ), url
        for value in strings_in(data):
            if value.startswith(SERVER):
                target = urldefrag(value)[0]
                if target not in seen:
                    seen.add(target)
                    queue.append(target)
    return answers, others
