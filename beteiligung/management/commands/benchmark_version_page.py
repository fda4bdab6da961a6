"""Benchmark: the heaviest public page, a published version with many sections and comments.

Builds the data inside a transaction that is rolled back, serves the page repeatedly through
Django's test client and compares it with a page without database work (the Impressum). The
query count is asserted by the tests (tests/beteiligung); this measures time:
    python manage.py benchmark_version_page [--sections 300] [--comments 3000] [--requests 50]
"""

import datetime
import statistics
import time
import uuid

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from etappen.models import Draft, DraftVersion, Stage, VersionSection
from gremien.models import Committee

from ...models import CommentWindow, Contribution


class Command(BaseCommand):
    help = "Misst die Seite einer veröffentlichten Fassung mit vielen Abschnitten und Kommentaren."

    def add_arguments(self, parser):
        parser.add_argument("--sections", type=int, default=300)
        parser.add_argument("--comments", type=int, default=3000)
        parser.add_argument("--requests", type=int, default=50)

    def handle(self, *args, sections, comments, requests, **options):
        # The test client keeps the connection, so its requests see the unsaved benchmark data.
        cold, heavy, bare = self._measure(Client(), sections, comments, requests)
        self.stdout.write(
            f"Fassung mit {sections} Abschnitten und {comments} Kommentaren: "
            f"erster Aufruf {cold * 1000:.1f} ms (Text wird gerendert und zwischengespeichert), "
            f"danach Median {heavy * 1000:.1f} ms je Aufruf.\n"
            f"Seite ohne Datenbank (Impressum): Median {bare * 1000:.1f} ms. "
            f"Verhältnis: {bare / heavy:.0%} der Geschwindigkeit der einfachen Seite."
        )

    def _measure(self, client: Client, sections: int, comments: int, requests: int):
        with transaction.atomic():
            version = self._version(sections=sections, comments=comments)
            page = reverse("beteiligung:version-comments", kwargs={"pk": version.pk})
            # A new version is not cached yet: the first request renders it, later ones reuse it.
            start = time.perf_counter()
            response = client.get(page, HTTP_HOST="localhost")
            cold = time.perf_counter() - start
            if response.status_code != 200:
                raise AssertionError(f"{page} answered {response.status_code}")
            heavy = self._time(client, page, requests)
            bare = self._time(client, reverse("imprint"), requests)
            transaction.set_rollback(True)
        return cold, heavy, bare

    def _time(self, client: Client, path: str, requests: int) -> float:
        timings = []
        for _ in range(requests):
            start = time.perf_counter()
            client.get(path, HTTP_HOST="localhost")
            timings.append(time.perf_counter() - start)
        return statistics.median(timings)

    def _version(self, *, sections: int, comments: int) -> DraftVersion:
        now = timezone.now()
        user = get_user_model().objects.create(username=f"benchmark-{uuid.uuid4().hex[:8]}")
        stage = Stage.objects.create(
            number=90,
            name="Benchmark",
            planned_start=datetime.date(2020, 1, 1),
            planned_end=datetime.date(2020, 12, 31),
        )
        group = Committee.objects.create(
            name="Benchmark", slug=f"benchmark-{uuid.uuid4().hex[:8]}", kind="expertengruppe"
        )
        draft = Draft.objects.create(stage=stage, committee=group, state=Draft.State.SUBMITTED)
        version = DraftVersion.objects.create(
            draft=draft, number=1, created_by=user, published_at=now
        )
        rows = VersionSection.objects.bulk_create(
            VersionSection(
                version=version,
                key=uuid.uuid4(),
                position=position,
                heading=f"Abschnitt {position}",
                text="Hannover ist eine moderne Einwanderungsstadt. " * 8,
            )
            for position in range(1, sections + 1)
        )
        CommentWindow.objects.create(
            version=version,
            opens_at=now - datetime.timedelta(days=1),
            closes_at=now + datetime.timedelta(days=14),
            moderation=CommentWindow.Moderation.POST,
            created_by=user,
        )
        Contribution.objects.bulk_create(
            Contribution(
                kind=Contribution.Kind.COMMENT,
                version=version,
                section=rows[number % len(rows)] if rows else None,
                text="Mehr Sprachkurse im Stadtteil, bitte auch am Abend.",
                author_name=f"Mitdenkerin {number}",
                email=f"benchmark{number}@example.org",
                consent_at=now,
                consent_version="2020-01",
                status=Contribution.Status.PUBLISHED,
                confirmed_at=now,
                published_at=now,
            )
            for number in range(comments)
        )
        return version
