"""Data for the benchmark (bench/run.py, `make bench`), written to the configured database.

Runs on a fresh database after the structure (``loaddata structure structure_etappen
structure_beteiligung``) and builds what the issue "Speed" asks the pages to bear:
    one published version with 300 sections and 3,000 published comments, comment window open;
    500 drafts (over the stages of the structure; more expert groups where the structure's six
    are too few, since a group has one draft per stage); 500 published public events ahead;
    30 members (Person + Membership) in every body; one public process step per event;
    a signed-in account with the Ausschuss role (sees the internal part of /fortschritt/),
    password from the environment variable BENCH_PASSWORD.
Rows are written with bulk_create (no history rows, no signals), so the page cache's generations
are bumped at the end. The pages it made are written as JSON for the runner:
    manage.py bench_data --output urls.json [--sections 300 --comments 3000 --drafts 500 ...]
"""

import datetime
import json
import math
import os
import uuid

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from beteiligung.models import CommentWindow, Contribution, Event
from etappen.models import Draft, DraftVersion, Stage, VersionSection
from gremien.models import Committee, Membership, Person
from gremien.models.committees import Role as SeatRole
from lip import pagecache
from lip.models import ProcessEvent
from lip.roles import Role

PASSWORD_VARIABLE = "BENCH_PASSWORD"  # noqa: S105 - the name of the variable, not a password


class Command(BaseCommand):
    help = "Legt die Daten für den Benchmark (make bench) in einer frischen Datenbank an."

    def add_arguments(self, parser):
        parser.add_argument("--sections", type=int, default=300)
        parser.add_argument("--comments", type=int, default=3000)
        parser.add_argument("--drafts", type=int, default=500)
        parser.add_argument("--events", type=int, default=500)
        parser.add_argument("--members", type=int, default=30, help="je Gremium")
        parser.add_argument("--username", default="bench-ausschuss")
        parser.add_argument("--output", help="Datei für die Adressen der Seiten (JSON)")

    def handle(self, *args, **options):
        password = os.environ.get(PASSWORD_VARIABLE, "")
        if not password:
            raise CommandError(f"Das Passwort des Benchmark-Kontos fehlt: {PASSWORD_VARIABLE}.")
        stages = list(Stage.objects.order_by("number"))
        if not stages:
            raise CommandError(
                "Erst die Strukturdaten laden: "
                "manage.py loaddata structure structure_etappen structure_beteiligung"
            )
        if Draft.objects.exists():
            raise CommandError(
                "Die Datenbank enthält schon Entwürfe; bench_data braucht eine frische Datenbank "
                "mit nur den Strukturdaten."
            )
        if min(options[name] for name in ("sections", "drafts", "events", "members")) < 1:
            raise CommandError(
                "Abschnitte, Entwürfe, Veranstaltungen und Mitglieder: je mindestens 1."
            )
        with transaction.atomic():
            urls = self.build(stages=stages, password=password, **options)
            # bulk_create sends no signals: every page shown before is stale now.
            pagecache.bump()
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as file:
                json.dump(urls, file, indent=2)
        self.stdout.write(json.dumps(urls, indent=2))

    def build(self, *, stages, password, **options) -> dict:
        now = timezone.now()
        author = get_user_model().objects.create(username="bench-autor", is_active=False)
        groups = self._expert_groups(count=math.ceil(options["drafts"] / len(stages)))
        drafts = self._drafts(stages=stages, groups=groups, count=options["drafts"], now=now)
        heavy = drafts[0]  # the first group's draft in the first stage
        version = self._heavy_version(
            draft=heavy,
            author=author,
            sections=options["sections"],
            comments=options["comments"],
            now=now,
        )
        events = self._events(count=options["events"], now=now)
        self._members(count=options["members"])
        self._process_steps(events=events, version=version, now=now)
        user = self._account(username=options["username"], password=password)
        return {
            "version": reverse("beteiligung:version-comments", kwargs={"pk": version.pk}),
            "event": events[0].get_absolute_url(),
            "committee": heavy.committee.get_absolute_url(),
            "username": user.get_username(),
        }

    def _expert_groups(self, *, count: int) -> list[Committee]:
        """The structure's expert groups, and numbered benchmark groups where they are too few."""
        groups = list(Committee.objects.filter(kind=Committee.Kind.EXPERT_GROUP))
        steering = Committee.objects.filter(kind=Committee.Kind.STEERING_GROUP).first()
        Committee.objects.bulk_create(
            Committee(
                name=f"Benchmark-Expert*innengruppe {number}",
                slug=f"bench-gruppe-{number}",
                kind=Committee.Kind.EXPERT_GROUP,
                position=100 + number,
                topic_field=f"Themenfeld {number}",
                reports_to=steering,
            )
            for number in range(1, count - len(groups) + 1)
        )
        return list(Committee.objects.filter(kind=Committee.Kind.EXPERT_GROUP))[:count]

    def _drafts(self, *, stages, groups, count: int, now) -> list[Draft]:
        """One draft per group and stage, each group through every stage before the next."""
        pairs = [(stage, group) for group in groups for stage in stages][:count]
        Draft.objects.bulk_create(
            Draft(
                stage=stage,
                committee=group,
                state=Draft.State.SUBMITTED if index == 0 else Draft.State.IN_WORK,
                created_at=now,
                state_changed_at=now,
            )
            for index, (stage, group) in enumerate(pairs)
        )
        return list(Draft.objects.select_related("committee").order_by("pk"))  # as created

    def _heavy_version(
        self, *, draft: Draft, author, sections: int, comments: int, now
    ) -> DraftVersion:
        """The heaviest public page: a published version, many sections, many comments, and
        its comment window open."""
        version = DraftVersion.objects.create(
            draft=draft, number=1, created_by=author, published_at=now
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
            created_by=author,
        )
        Contribution.objects.bulk_create(
            Contribution(
                kind=Contribution.Kind.COMMENT,
                version=version,
                section=rows[number % len(rows)],
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

    def _events(self, *, count: int, now) -> list[Event]:
        """Published public events, one a day from tomorrow; every other one takes
        registrations (the first one does: its page has the registration form)."""
        today = timezone.localdate()
        kinds = list(Event.Kind)
        return Event.objects.bulk_create(
            Event(
                title=f"Veranstaltung {number + 1}",
                kind=kinds[number % len(kinds)],
                description="Austausch zum Lokalen Integrationsplan im Stadtteil.",
                starts_on=today + datetime.timedelta(days=number + 1),
                start_time=datetime.time(18, 0),
                end_time=datetime.time(20, 0),
                location="Neues Rathaus, Trammplatz 2, 30159 Hannover",
                accessibility="Stufenloser Zugang, Induktionsschleife",
                registration_open=number % 2 == 0,
                capacity=40 if number % 2 == 0 else None,
                published_at=now,
                created_at=now,
            )
            for number in range(count)
        )

    def _members(self, *, count: int) -> None:
        """``count`` current members in every body, in the roles of its seat rules."""
        committees = list(Committee.objects.prefetch_related("seat_rules"))
        persons = Person.objects.bulk_create(
            Person(
                given_name=f"Mitglied {number % count + 1}",
                family_name=f"Gremium {committee.pk}",
                listed_publicly=number % 2 == 0,
            )
            for committee in committees
            for number in range(count)
        )
        start = timezone.localdate() - datetime.timedelta(days=100)
        memberships = []
        for index, committee in enumerate(committees):
            rules = list(committee.seat_rules.all())
            for number in range(count):
                rule = rules[number % len(rules)] if rules else None
                memberships.append(
                    Membership(
                        person=persons[index * count + number],
                        committee=committee,
                        role=rule.role if rule else SeatRole.MEMBER,
                        organization=rule.organization if rule else None,
                        has_vote=rule.has_vote if rule else True,
                        start_date=start,
                    )
                )
        Membership.objects.bulk_create(memberships)

    def _process_steps(self, *, events: list[Event], version: DraftVersion, now) -> None:
        """Public steps for the feed and /fortschritt/: each event's publication, the version's."""
        event_type = ContentType.objects.get_for_model(Event)
        steps = [
            ProcessEvent(
                kind="event_published",
                occurred_at=now - datetime.timedelta(minutes=len(events) - index),
                subject_type=event_type,
                subject_id=event.pk,
                summary=f"Veranstaltung veröffentlicht: {event.title}",
                url=event.get_absolute_url(),
                is_public=True,
            )
            for index, event in enumerate(events)
        ]
        steps.append(
            ProcessEvent(
                kind="version_published",
                occurred_at=now,
                subject_type=ContentType.objects.get_for_model(DraftVersion),
                subject_id=version.pk,
                summary="Fassung zur Kommentierung veröffentlicht",
                url=reverse("beteiligung:version-comments", kwargs={"pk": version.pk}),
                is_public=True,
            )
        )
        ProcessEvent.objects.bulk_create(steps)

    def _account(self, *, username: str, password: str):
        """A signed-in member of the Ausschuss: sees the internal part of /fortschritt/."""
        user, _created = get_user_model().objects.get_or_create(username=username)
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=Role.COMMITTEE.value)])
        return user
