"""The structure fixture holds the real Auftakt; the demo loads on top and shows every state."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from beteiligung.models import CommentWindow, Concern, Consideration, Contribution, Event
from etappen.models import DraftVersion

pytestmark = pytest.mark.django_db

DEMO_USERNAMES = [
    "geschaeftsstelle",
    "dezernat3",
    "dezernat4",
    "dezernat5",
    "dezernat6",
    "expertin",
    "beirat",
    "ausschuss",
    "admin",
]


def test_structure_has_the_two_day_auftakt_in_the_haus_der_jugend(client):
    call_command("loaddata", "structure", "structure_etappen", "structure_beteiligung", verbosity=0)

    event = Event.objects.get()
    assert event.kind == Event.Kind.KICKOFF
    assert (event.starts_on, event.ends_on) == (
        datetime.date(2020, 1, 17),
        datetime.date(2020, 1, 18),
    )
    assert "Haus der Jugend" in event.location
    assert event.is_public and event.published_at
    assert event.committees.count() == 6
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Freitag, 17. Januar 2020 – Samstag, 18. Januar 2020" in html


def test_demo_loads_on_top_and_its_pages_work(client):
    for username in DEMO_USERNAMES:
        get_user_model().objects.create(username=username)
    call_command("loaddata", "structure", "structure_etappen", "structure_beteiligung", verbosity=0)
    call_command("loaddata", "demo", "demo_etappen", "demo_beteiligung", verbosity=0)

    assert CommentWindow.objects.count() == 3  # the third: Etappe 2, open
    for window in CommentWindow.objects.all():
        assert window.version.is_public
    assert Contribution.objects.in_queue().exists()
    assert Consideration.objects.filter(later_section__isnull=False).exists()
    assert Concern.objects.filter(status=Concern.Status.RECEIVED).exists()
    full = Event.objects.get(title__startswith="Werkstatt")
    assert full.registrations.filter(status="warteliste").exists()
    version = DraftVersion.objects.get(pk=1001)
    for url in [
        reverse("beteiligung:index"),
        reverse("beteiligung:version-comments", args=[version.pk]),
        reverse("beteiligung:consideration-table", args=[version.pk]),
        reverse("beteiligung:topic-detail", args=["soziales"]),
        reverse("beteiligung:calendar"),
    ]:
        assert client.get(url).status_code == 200, url
    table = client.get(reverse("beteiligung:consideration-table", args=[version.pk]))
    assert "Das Leitbild nennt jetzt ausdrücklich alle Stadtteile." in table.content.decode()
