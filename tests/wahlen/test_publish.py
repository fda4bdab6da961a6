"""Publishing seats the elected persons in the Lenkungsgruppe in one service call."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection

from gremien.models import Committee, Membership, Role
from gremien.staffing import check_staffing
from tests.factories import MembershipFactory
from tests.wahlen.factories import CandidacyFactory, ElectionFactory
from tests.wahlen.helpers import open_round, run_round
from wahlen import services
from wahlen.counting import tally
from wahlen.models import Ballot, Election, Participation

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2020, 1, 11)


def mso_seat(report):
    return next(seat for seat in report.seats if seat.rule.role == Role.ELECTED_MSO)


def decided_election(wahlleitung, committee=None):
    """Four candidates; the runoff elects c[2] and c[0]."""
    kwargs = {"committee": committee} if committee else {}
    election = ElectionFactory(**kwargs)
    c = [CandidacyFactory(election=election) for _ in range(4)]
    run_round(election, dict.fromkeys(c, 1), by=wahlleitung)
    run_round(election, {c[2]: 3, c[0]: 1}, by=wahlleitung)
    return election, c


def test_publish_seats_both_elected_in_the_steering_group_of_the_structure(wahlleitung):
    call_command("loaddata", "structure", verbosity=0)
    steering_group = Committee.objects.get(pk=1)
    assert steering_group.slug == "lenkungsgruppe"
    election, c = decided_election(wahlleitung, committee=steering_group)
    before = check_staffing(steering_group, on=TODAY)
    assert mso_seat(before).rule.pk == 23
    assert mso_seat(before).filled == 0

    memberships = services.publish_result(election=election, by=wahlleitung, start_date=TODAY)

    after = check_staffing(steering_group, on=TODAY)
    assert mso_seat(after).filled == 2
    assert mso_seat(after).missing == 0
    assert after.votes_filled == before.votes_filled + 2
    assert {(m.person, m.organization) for m in memberships} == {
        (c[2].person, c[2].organization),
        (c[0].person, c[0].organization),
    }
    assert all(m.role == Role.ELECTED_MSO and m.start_date == TODAY for m in memberships)
    election.refresh_from_db()
    assert election.status == Election.Status.PUBLISHED
    assert election.published_by == wahlleitung


def test_publish_is_all_or_nothing(wahlleitung):
    election, c = decided_election(wahlleitung)
    # The second elected person already sits in the body: the service must refuse as a whole.
    MembershipFactory(committee=election.committee, person=c[0].person, role=Role.DELEGATE)

    with pytest.raises(ValidationError):
        services.publish_result(election=election, by=wahlleitung, start_date=TODAY)

    assert not Membership.objects.filter(role=Role.ELECTED_MSO).exists()
    election.refresh_from_db()
    assert election.status == Election.Status.RUNNING


def test_publish_refuses_while_the_seats_are_held(wahlleitung):
    election, _c = decided_election(wahlleitung)
    MembershipFactory(committee=election.committee, role=Role.ELECTED_MSO)

    with pytest.raises(ValidationError, match="noch besetzt"):
        services.publish_result(election=election, by=wahlleitung, start_date=TODAY)
    assert Membership.objects.filter(role=Role.ELECTED_MSO).count() == 1


def test_publish_once(wahlleitung):
    election, _c = decided_election(wahlleitung)
    services.publish_result(election=election, by=wahlleitung, start_date=TODAY)

    with pytest.raises(ValidationError):
        services.publish_result(election=election, by=wahlleitung, start_date=TODAY)
    assert Membership.objects.filter(role=Role.ELECTED_MSO).count() == 2


def test_publish_before_the_result_is_final_is_refused(wahlleitung):
    election = ElectionFactory()
    c = [CandidacyFactory(election=election) for _ in range(3)]
    run_round(election, {c[0]: 1}, by=wahlleitung)

    with pytest.raises(ValidationError):
        services.publish_result(election=election, by=wahlleitung)
    assert not Membership.objects.exists()


def test_tally_runs_a_fixed_number_of_queries(wahlleitung):
    from django.db import connection as conn
    from django.test.utils import CaptureQueriesContext

    small = ElectionFactory()
    few = [CandidacyFactory(election=small) for _ in range(2)]
    small_round = run_round(small, {few[0]: 1}, by=wahlleitung)
    large = ElectionFactory()
    many = [CandidacyFactory(election=large) for _ in range(12)]
    large_round = run_round(large, dict.fromkeys(many, 1), by=wahlleitung)

    with CaptureQueriesContext(conn) as small_queries:
        tally(small_round)
    with CaptureQueriesContext(conn) as large_queries:
        tally(large_round)

    assert len(small_queries) == len(large_queries)


def test_benchmark_command_tallies_in_the_database_and_leaves_no_trace():
    from io import StringIO

    out = StringIO()
    call_command("benchmark_tally", ballots=300, repeat=2, stdout=out)

    assert "300 Stimmen" in out.getvalue()
    assert not Election.objects.exists()
    assert not Ballot.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_code_at_the_same_moment_gives_exactly_one_ballot(office_user):
    election = ElectionFactory()
    c = [CandidacyFactory(election=election) for _ in range(2)]
    voting_round = open_round(election, by=office_user)
    code = services.generate_codes(voting_round=voting_round, by=office_user)[0].code
    threads_count = 8
    barrier = threading.Barrier(threads_count)
    results = []

    def submit(choice):
        try:
            barrier.wait()
            services.cast_ballot(election=election, code=code, candidacy=choice)
            results.append("accepted")
        except ValidationError:
            results.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=submit, args=(c[number % 2],)) for number in range(threads_count)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == ["accepted"] + ["refused"] * (threads_count - 1)
    assert Ballot.objects.filter(voting_round=voting_round).count() == 1
    assert Participation.objects.filter(voting_round=voting_round).count() == 1
