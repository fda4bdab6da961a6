"""The staffing check, rule by rule."""

import datetime

import pytest
from django.core.management import call_command

from gremien.models import Committee, Membership, Organization, Person, SeatRule
from gremien.staffing import check_staffing, with_staffing_data
from tests.factories import ExpertGroupFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2020, 2, 1)


def staff(group, role, count, **person_kwargs):
    return [
        MembershipFactory(committee=group, role=role, person=PersonFactory(**person_kwargs))
        for _ in range(count)
    ]


def full_scheme(group, internal=2, external=4):
    staff(group, "intern", internal)
    staff(group, "extern", external)
    staff(group, "geschaeftsfuehrung", 1)
    staff(group, "fachberatung", 1)
    staff(group, "wissenschaft", 1)


def seat(report, role):
    return next(s for s in report.seats if s.rule.role == role)


def test_empty_expert_group_misses_every_minimum():
    group = ExpertGroupFactory()

    report = check_staffing(group, on=TODAY)

    assert not report.complete
    assert report.missing_count == 2 + 4 + 1 + 1 + 1
    assert [s.rule.role for s in report.missing] == [
        "intern",
        "extern",
        "geschaeftsfuehrung",
        "fachberatung",
        "wissenschaft",
    ]


def test_full_scheme_is_complete():
    group = ExpertGroupFactory()
    full_scheme(group)

    report = check_staffing(group, on=TODAY)

    assert report.complete
    assert report.missing == [] and report.exceeding == []
    assert report.member_count == 9


def test_internal_range_two_to_four():
    group = ExpertGroupFactory()
    full_scheme(group, internal=4)
    assert check_staffing(group, on=TODAY).complete

    staff(group, "intern", 1)
    report = check_staffing(group, on=TODAY)

    assert not report.complete
    assert seat(report, "intern").exceeding == 1
    assert [s.rule.role for s in report.exceeding] == ["intern"]


def test_missing_external_expert_is_reported():
    group = ExpertGroupFactory()
    full_scheme(group, external=3)

    report = check_staffing(group, on=TODAY)

    assert seat(report, "extern").missing == 1
    assert not report.complete


def test_purely_internal_staffing_only_where_allowed():
    allowed = ExpertGroupFactory(internal_staffing_allowed=True)
    not_allowed = ExpertGroupFactory()
    for group in (allowed, not_allowed):
        staff(group, "intern", 6)
        staff(group, "geschaeftsfuehrung", 1)
        staff(group, "fachberatung", 1)
        staff(group, "wissenschaft", 1)

    allowed_report = check_staffing(allowed, on=TODAY)
    not_allowed_report = check_staffing(not_allowed, on=TODAY)

    assert allowed_report.purely_internal
    assert allowed_report.complete
    assert not not_allowed_report.complete
    assert seat(not_allowed_report, "extern").missing == 4
    assert seat(not_allowed_report, "intern").exceeding == 2


def test_mixed_staffing_follows_the_scheme_even_where_internal_is_allowed():
    group = ExpertGroupFactory(internal_staffing_allowed=True)
    full_scheme(group, external=2)

    report = check_staffing(group, on=TODAY)

    assert not report.purely_internal
    assert seat(report, "extern").missing == 2


def test_ended_and_future_memberships_do_not_count():
    group = ExpertGroupFactory()
    full_scheme(group)
    member = Membership.objects.filter(committee=group, role="wissenschaft").get()
    member.end_date = TODAY - datetime.timedelta(days=1)
    member.save()
    MembershipFactory(
        committee=group, role="wissenschaft", start_date=TODAY + datetime.timedelta(days=1)
    )

    report = check_staffing(group, on=TODAY)

    assert seat(report, "wissenschaft").missing == 1
    assert not report.complete
    # The last day still counts.
    assert check_staffing(group, on=TODAY - datetime.timedelta(days=1)).complete


def test_member_outside_the_scheme_is_listed_and_blocks_completeness():
    group = ExpertGroupFactory()
    full_scheme(group)
    stray = MembershipFactory(committee=group, role="mitglied")

    report = check_staffing(group, on=TODAY)

    assert report.unassigned == [stray]
    assert not report.complete


def test_gender_figures_and_parity():
    group = ExpertGroupFactory()
    consent = {"demographics_consent_at": datetime.datetime(2019, 11, 1, tzinfo=datetime.UTC)}
    staff(group, "intern", 3, gender=Person.Gender.FEMALE, **consent)
    staff(group, "extern", 1, gender=Person.Gender.MALE, **consent)
    staff(group, "extern", 1)  # not stated

    report = check_staffing(group, on=TODAY)

    assert report.gender_counts == {"weiblich": 3, "maennlich": 1}
    assert report.gender_not_stated == 1
    assert report.parity is False

    staff(group, "extern", 1, gender=Person.Gender.MALE, **consent)
    assert check_staffing(group, on=TODAY).parity is True


def test_parity_unknown_while_nobody_stated_a_gender():
    group = ExpertGroupFactory()
    staff(group, "intern", 2)

    assert check_staffing(group, on=TODAY).parity is None


def test_international_history_share_against_target():
    group = ExpertGroupFactory(international_history_target=50)
    consent = {"demographics_consent_at": datetime.datetime(2019, 11, 1, tzinfo=datetime.UTC)}
    staff(group, "intern", 1, international_history=True, **consent)
    staff(group, "extern", 2, international_history=False, **consent)
    staff(group, "extern", 1)  # not stated counts as no

    report = check_staffing(group, on=TODAY)

    assert report.international_count == 1
    assert report.international_not_stated == 1
    assert report.international_share == 25
    assert report.international_target_met is False

    staff(group, "extern", 1, international_history=True, **consent)
    staff(group, "extern", 1, international_history=True, **consent)
    report = check_staffing(group, on=TODAY)
    assert report.international_share == 50
    assert report.international_target_met is True


@pytest.fixture
def steering_group():
    call_command("loaddata", "structure", verbosity=0)
    return Committee.objects.get(slug="lenkungsgruppe")


def fill_steering_group(group, skip=()):
    for rule in group.seat_rules.select_related("organization"):
        if rule.pk in skip:
            continue
        for _ in range(rule.max_count):
            MembershipFactory(committee=group, role=rule.role, organization=rule.organization)


def test_steering_group_has_24_seats_and_23_votes(steering_group):
    fill_steering_group(steering_group)

    report = check_staffing(steering_group, on=TODAY)

    assert report.member_count == 24
    assert report.votes_expected == 23
    assert report.votes_filled == 23
    assert report.all_votes_filled
    assert report.complete


def test_shared_vote_soziales_deputises_for_the_chair(steering_group):
    chair = steering_group.seat_rules.get(role="vorsitz")
    soziales = steering_group.seat_rules.get(organization__name="Fachbereich Soziales")
    assert soziales.shares_vote_with == chair

    fill_steering_group(steering_group, skip={chair.pk})
    report = check_staffing(steering_group, on=TODAY)

    # Without the chair the shared vote is still cast by Fachbereich Soziales ...
    assert report.votes_filled == 23
    # ... but the chair's seat is missing.
    assert [s.rule for s in report.missing] == [chair]


def test_shared_vote_lost_when_both_seats_are_empty(steering_group):
    chair = steering_group.seat_rules.get(role="vorsitz")
    soziales = steering_group.seat_rules.get(organization__name="Fachbereich Soziales")

    fill_steering_group(steering_group, skip={chair.pk, soziales.pk})
    report = check_staffing(steering_group, on=TODAY)

    assert report.votes_filled == 22
    assert not report.all_votes_filled


def test_empty_mso_seats_cost_two_votes(steering_group):
    mso = steering_group.seat_rules.get(role="mso_gewaehlt")

    fill_steering_group(steering_group, skip={mso.pk})
    report = check_staffing(steering_group, on=TODAY)

    assert report.votes_filled == 21
    assert [(s.rule, s.missing) for s in report.missing] == [(mso, 2)]


def test_member_without_voting_right_does_not_vote(steering_group):
    dgb = Organization.objects.get(short_name="DGB Hannover")
    fill_steering_group(steering_group)
    Membership.objects.filter(committee=steering_group, organization=dgb).update(has_vote=False)

    report = check_staffing(steering_group, on=TODAY)

    assert report.votes_filled == 22
    assert report.complete  # the seat is filled, only its vote is missing


def test_named_seat_needs_its_organisation(steering_group):
    # A second person from Fachbereich Kultur does not fill the empty Schule seat.
    kultur = SeatRule.objects.get(committee=steering_group, organization__name="Fachbereich Kultur")
    schule = SeatRule.objects.get(committee=steering_group, organization__name="Fachbereich Schule")
    fill_steering_group(steering_group, skip={schule.pk})
    MembershipFactory(committee=steering_group, role=kultur.role, organization=kultur.organization)

    report = check_staffing(steering_group, on=TODAY)

    assert [s.rule for s in report.missing] == [schule]
    assert [s.rule for s in report.exceeding] == [kultur]


def test_prefetched_check_runs_a_fixed_number_of_queries(django_assert_num_queries):
    for _ in range(3):
        group = ExpertGroupFactory()
        full_scheme(group)

    with django_assert_num_queries(3):
        committees = list(with_staffing_data(Committee.objects.all()))
        reports = [check_staffing(committee) for committee in committees]

    assert all(report.complete for report in reports)
