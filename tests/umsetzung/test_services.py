"""Tracking the adopted catalogue, the report workflow and the indicator values."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from etappen.models import CouncilConsultation, Decision, MeasureOutcome
from lip.models import ProcessEvent
from umsetzung.models import IndicatorValue, Measure, Status, StatusReport
from umsetzung.services import (
    approve_report,
    create_measures_from_catalogue,
    record_indicator_value,
    return_report,
    save_report,
)

from .factories import adopted_catalogue, unit

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today


def test_measures_come_from_the_adopted_catalogue(tracked):
    first, second = tracked.measures
    catalogue = tracked.catalogue
    assert Measure.objects.count() == 2
    assert first.title == "Elternlots*innen"
    assert first.goal == "Bildungsgerechtigkeit"
    assert first.intermediate_goal == "Eltern sind eingebunden"
    assert first.section_key == catalogue.measures[0].key
    assert first.source_version == catalogue.version
    # The first measure was already in version 1; the second came with version 2.
    assert first.introduced_in == catalogue.first_version
    assert second.introduced_in == catalogue.version
    assert first.responsible_unit == tracked.school
    assert first.paper == catalogue.paper
    assert first.status == Status.PLANNED
    assert [i.name for i in first.indicators.all()] == ["Zahl der begleiteten Familien"]
    assert ProcessEvent.objects.filter(kind="measures_tracked").count() == 1


def test_tracking_twice_creates_nothing_new(tracked):
    assert create_measures_from_catalogue() == []
    assert Measure.objects.count() == 2


def test_a_catalogue_the_council_did_not_adopt_is_not_tracked(db):
    adopted_catalogue(result=CouncilConsultation.Result.POSTPONED)
    assert create_measures_from_catalogue() == []


def test_struck_measures_are_not_tracked(db):
    catalogue = adopted_catalogue(measures=3)
    decision = Decision.objects.get(version=catalogue.version)
    MeasureOutcome.objects.create(
        decision=decision,
        section_key=catalogue.measures[2].key,
        outcome=MeasureOutcome.Outcome.DELETED,
    )
    created = create_measures_from_catalogue()
    assert {m.section_key for m in created} == {s.key for s in catalogue.measures[:2]}


def test_unknown_unit_text_leaves_the_unit_open(db):
    adopted_catalogue(unit_name="externer Träger")
    measure = create_measures_from_catalogue()[0]
    assert measure.responsible_unit is None
    assert measure.responsible_unit_text == "externer Träger"


def _report(measure, user, status=Status.STARTED, reason="", submit=True):
    return save_report(
        measure=measure,
        by=user,
        reported_on=TODAY(),
        text="Zwölf Lots*innen sind geschult.",
        proposed_status=status,
        proposed_reason=reason,
        submit=submit,
    )


def test_approval_publishes_and_sets_the_status(tracked, school_user, office_user):
    measure = tracked.measures[0]
    report = _report(measure, school_user, status=Status.DELAYED, reason="Personal fehlt.")
    assert report.state == StatusReport.State.SUBMITTED
    approve_report(report=report, by=office_user)
    report.refresh_from_db()
    measure.refresh_from_db()
    assert report.state == StatusReport.State.APPROVED
    assert report.decided_by == office_user
    assert measure.status == Status.DELAYED
    assert measure.status_reason == "Personal fehlt."
    assert measure.history.first().history_user == office_user
    assert ProcessEvent.objects.filter(kind="measure_report_approved", is_public=True).exists()


def test_only_a_submitted_report_can_be_approved(tracked, school_user, office_user):
    report = _report(tracked.measures[0], school_user, submit=False)
    with pytest.raises(ValidationError):
        approve_report(report=report, by=office_user)
    tracked.measures[0].refresh_from_db()
    assert tracked.measures[0].status == Status.PLANNED


def test_abandoning_needs_a_reason(tracked, school_user):
    with pytest.raises(ValidationError):
        _report(tracked.measures[0], school_user, status=Status.ABANDONED)
    assert not StatusReport.objects.exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        Measure.objects.filter(pk=tracked.measures[0].pk).update(status=Status.ABANDONED)


def test_returned_report_goes_back_and_can_be_resubmitted(tracked, school_user, office_user):
    measure = tracked.measures[0]
    report = _report(measure, school_user)
    with pytest.raises(ValidationError):
        return_report(report=report, by=office_user, note="  ")
    return_report(report=report, by=office_user, note="Bitte Zahlen nennen.")
    report.refresh_from_db()
    assert report.state == StatusReport.State.RETURNED
    again = _report(measure, school_user)
    assert again.pk == report.pk
    assert again.state == StatusReport.State.SUBMITTED
    assert StatusReport.objects.count() == 1


def test_a_submitted_report_cannot_be_rewritten(tracked, school_user):
    _report(tracked.measures[0], school_user)
    with pytest.raises(ValidationError):
        _report(tracked.measures[0], school_user)


def test_one_open_report_per_measure_in_the_database(tracked, school_user):
    _report(tracked.measures[0], school_user, submit=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusReport.objects.create(
            measure=tracked.measures[0],
            reported_on=TODAY(),
            text="Zweiter",
            proposed_status=Status.STARTED,
            written_by=school_user,
        )


def test_indicator_value_replaces_the_same_date(tracked, school_user):
    indicator = tracked.measures[0].indicators.get()
    day = timezone.localdate() - datetime.timedelta(days=3)
    record_indicator_value(indicator=indicator, by=school_user, date=day, value=Decimal("12"))
    record_indicator_value(indicator=indicator, by=school_user, date=day, value=Decimal("14"))
    entry = IndicatorValue.objects.get()
    assert entry.value == Decimal("14")
    assert entry.history.count() == 2
    with pytest.raises(ValidationError):
        record_indicator_value(
            indicator=indicator,
            by=school_user,
            date=timezone.localdate() + datetime.timedelta(days=1),
            value=Decimal("1"),
        )


def test_unit_matching_uses_short_names_too(db):
    school = unit("Fachbereich Schule")
    school.short_name = "FB 40"
    school.save()
    adopted_catalogue(unit_name="FB 40")
    assert create_measures_from_catalogue()[0].responsible_unit == school
