"""The benchmark's parts (make bench): the bare page and the data builder bench_data."""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from beteiligung.models import CommentWindow, Contribution, Event
from etappen.models import Draft, DraftVersion, Stage
from fortschritt.permissions import can_see_internal_progress
from gremien.models import Committee, Membership
from lip.management.commands.seed_demo import STRUCTURE_FIXTURES
from lip.models import ProcessEvent

pytestmark = pytest.mark.django_db

SMALL = {"sections": 3, "comments": 10, "drafts": 20, "events": 4, "members": 2}
PASSWORD = "bench-test-passwort-2026"


def test_bare_page_is_404_unless_switched_on(client, settings):
    settings.BENCHMARK_BARE_PAGE = False
    assert client.get(reverse("bench-bare")).status_code == 404


def test_bare_page_runs_exactly_one_query(client, settings, django_assert_num_queries):
    settings.BENCHMARK_BARE_PAGE = True
    with django_assert_num_queries(1):
        response = client.get(reverse("bench-bare"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert b"<h1>Benchmark</h1>" in response.content


@pytest.fixture
def structure(db):
    call_command("loaddata", *STRUCTURE_FIXTURES, verbosity=0)


@pytest.fixture
def bench_password(monkeypatch):
    monkeypatch.setenv("BENCH_PASSWORD", PASSWORD)


def test_bench_data_builds_the_promised_counts(structure, bench_password, tmp_path):
    output = tmp_path / "urls.json"
    call_command("bench_data", output=str(output), stdout=io.StringIO(), **SMALL)

    version = DraftVersion.objects.get()
    assert version.published_at is not None
    assert version.sections.count() == 3
    comments = Contribution.objects.filter(
        version=version, kind=Contribution.Kind.COMMENT, status=Contribution.Status.PUBLISHED
    )
    assert comments.count() == 10
    assert CommentWindow.objects.get(version=version).closes_at > timezone.now()
    # 20 drafts, one per group and stage: the structure's 6 groups and 4 more for 2 stages.
    assert Stage.objects.count() == 2
    assert Draft.objects.count() == 20
    assert Committee.objects.filter(kind=Committee.Kind.EXPERT_GROUP).count() == 10
    assert Event.objects.public().upcoming().count() == 4
    for committee in Committee.objects.all():
        assert Membership.objects.current().filter(committee=committee).count() == 2
    assert ProcessEvent.objects.public().count() == 4 + 1

    urls = json.loads(output.read_text())
    assert urls["version"] == reverse("beteiligung:version-comments", kwargs={"pk": version.pk})
    anonymous = Client()
    for name in ("version", "event", "committee"):
        assert anonymous.get(urls[name]).status_code == 200, name

    user = get_user_model().objects.get(username=urls["username"])
    assert user.check_password(PASSWORD)
    assert not user.is_staff  # no second factor: the runner signs in with the form
    assert can_see_internal_progress(user)


def test_bench_data_needs_the_password(structure, monkeypatch):
    monkeypatch.delenv("BENCH_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="BENCH_PASSWORD"):
        call_command("bench_data", **SMALL)
    assert not Draft.objects.exists()


def test_bench_data_needs_the_structure(bench_password):
    with pytest.raises(CommandError, match="Strukturdaten"):
        call_command("bench_data", **SMALL)
    assert not Event.objects.exists()


def test_bench_data_refuses_a_database_with_drafts(structure, bench_password):
    call_command("bench_data", stdout=io.StringIO(), **SMALL)
    events = Event.objects.count()
    with pytest.raises(CommandError, match="frische Datenbank"):
        call_command("bench_data", **SMALL)
    assert Event.objects.count() == events
