"""Benchmark: tally a round with many ballots (default 10,000) in the database.

Runs inside a transaction that is rolled back, so it leaves no trace:
    python manage.py benchmark_tally [--ballots 10000] [--candidates 4] [--repeat 5]
"""

import statistics
import time

from django.core.management.base import BaseCommand
from django.db import transaction

from gremien.models import Committee, Organization, Person

from ...counting import tally
from ...models import Ballot, Candidacy, Election, EligibleOrganization, VotingRound


class Command(BaseCommand):
    requires_system_checks = []
    help = "Misst die Auszählung eines Wahlgangs mit vielen Stimmen (nichts wird gespeichert)."

    def add_arguments(self, parser):
        parser.add_argument("--ballots", type=int, default=10_000)
        parser.add_argument("--candidates", type=int, default=4)
        parser.add_argument("--repeat", type=int, default=5)

    def handle(self, *args, ballots, candidates, repeat, **options):
        with transaction.atomic():
            voting_round, expected = self._round(ballots=ballots, candidates=candidates)
            timings = []
            for _ in range(repeat):
                start = time.perf_counter()
                result = tally(voting_round)
                timings.append(time.perf_counter() - start)
            counted = result.valid_votes + result.abstentions
            transaction.set_rollback(True)
        if counted != expected:
            raise AssertionError(f"counted {counted} of {expected} ballots")
        self.stdout.write(
            f"{expected} Stimmen, {candidates} Kandidaturen: Auszählung im Median "
            f"{statistics.median(timings) * 1000:.1f} ms, schnellste "
            f"{min(timings) * 1000:.1f} ms ({repeat} Läufe)"
        )

    def _round(self, *, ballots: int, candidates: int):
        committee = Committee.objects.create(
            name="Benchmark", slug="benchmark-wahl-gremium", kind=Committee.Kind.STEERING_GROUP
        )
        election = Election.objects.create(
            title="Benchmark",
            slug="benchmark-wahl",
            committee=committee,
            nomination_deadline="2000-01-01T00:00:00Z",
            status=Election.Status.RUNNING,
            register_frozen_at="2000-01-01T00:00:00Z",
        )
        organizations = Organization.objects.bulk_create(
            Organization(
                name=f"Benchmark-MSO {number}",
                slug=f"benchmark-mso-{number}",
                kind=Organization.Kind.MIGRANT_ORGANIZATION,
            )
            for number in range(ballots)
        )
        EligibleOrganization.objects.bulk_create(
            EligibleOrganization(election=election, organization=organization)
            for organization in organizations
        )
        candidacies = [
            Candidacy.objects.create(
                election=election,
                organization=organizations[number],
                person=Person.objects.create(given_name="Kandidat*in", family_name=str(number)),
            )
            for number in range(candidates)
        ]
        voting_round = VotingRound.objects.create(
            election=election, number=1, status=VotingRound.Status.COUNTED
        )
        voting_round.candidacies.set(candidacies)
        choices = [*candidacies, None]
        Ballot.objects.bulk_create(
            (
                Ballot(voting_round=voting_round, candidacy=choices[number % len(choices)])
                for number in range(ballots)
            ),
            batch_size=2000,
        )
        return voting_round, ballots
