"""Signed-in /fortschritt/: its body is rendered once per state of the content and kept as HTML
in the fragment cache (lip/pagecache.py), keyed by the generations and the two flags that change
what it shows, never by the person. A write shows on the next request; a hit runs a fixed number
of queries, whatever the number of drafts."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from etappen.models import Draft
from fortschritt import views
from lip.events import record_event
from lip.roles import Role
from tests.conftest import user_with_role
from tests.etappen.factories import DraftFactory, ExpertGroupFactory, StageFactory

from .test_progress_page import build

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


def signed_in(username: str, role: Role = Role.COMMITTEE) -> Client:
    client = Client()
    client.force_login(user_with_role(role, username=username))
    return client


def page(client) -> str:
    response = client.get("/fortschritt/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    return response.content.decode()


def test_the_body_is_built_once_and_shared_by_people_with_the_same_view(monkeypatch):
    build(2)
    anna, ben = signed_in("anna-beispiel"), signed_in("ben-beispiel")
    first = page(anna)
    assert 'id="intern"' in first and "Vorgabe 1" in first

    def rebuilt(*args, **kwargs):
        raise AssertionError("rendered again although nothing was written")

    monkeypatch.setattr(views, "_progress_context", rebuilt)
    second = page(ben)

    assert "Vorgabe 1" in second and 'id="intern"' in second
    assert "ben-beispiel" in second and "anna-beispiel" not in second
    assert "anna-beispiel" in first and "ben-beispiel" not in first
    assert "csrfmiddlewaretoken" not in first.split("<main", 1)[1].split("</main>", 1)[0]


def test_the_internal_detail_never_reaches_a_reader_without_it():
    build(1)
    internal = page(signed_in("ausschuss-mitglied"))
    assert 'id="intern"' in internal
    anonymous = Client().get("/fortschritt/").content.decode()
    assert 'id="intern"' not in anonymous and "Intern 0" not in anonymous


@pytest.mark.parametrize(
    "write",
    ["draft", "state", "process_event"],
)
def test_a_write_changes_the_body_on_the_next_request(write):
    stage = StageFactory()
    draft = DraftFactory(stage=stage, committee=ExpertGroupFactory(name="Gesundheit"))
    client = signed_in("ausschuss-schreiben")
    before = page(client)
    assert "Gesundheit" in before

    if write == "draft":
        DraftFactory(stage=stage, committee=ExpertGroupFactory(name="Wohnen und Quartier"))
        assert "Wohnen und Quartier" in page(client)
    elif write == "state":
        label = str(Draft.State.ACCEPTED.label)
        assert label not in row_of("Gesundheit", before)
        draft.state = Draft.State.ACCEPTED
        draft.save()
        assert label in row_of("Gesundheit", page(client))
    else:
        record_event(kind="draft_submitted", summary="Schritt nach dem ersten Abruf", public=True)
        assert "Schritt nach dem ersten Abruf" in page(client)


def row_of(name: str, html: str) -> str:
    """The table row of the drafts table whose expert group is ``name``."""
    rows = (row.split("</tr>", 1)[0] for row in html.split("<tr>"))
    return next(row for row in rows if f'<th scope="row">{name}</th>' in row)


def queries_of_a_hit(client) -> int:
    page(client)  # builds the body (or finds it)
    with CaptureQueriesContext(connection) as hit:
        page(client)
    return len(hit)


def test_a_hit_runs_a_fixed_number_of_queries_whatever_the_number_of_drafts():
    client = signed_in("ausschuss-zaehlen")
    build(3)
    small = queries_of_a_hit(client)

    build(60)
    large = queries_of_a_hit(client)

    assert large == small
    # The person's row only: the session, the roles and memberships behind the two flags come
    # from the cache, the session is not written again within a minute (lip/middleware.py),
    # and nothing about drafts, statements or events is read.
    assert small == 1, small
