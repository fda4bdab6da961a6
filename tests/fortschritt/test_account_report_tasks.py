"""Umsetzung on "Mein Konto": OE 50.6 finds the status reports waiting for its approval, a
responsible unit the measures whose report was returned or is due for the yearly report."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fortschritt.tasks import tasks_for
from lip.roles import Role
from tests.conftest import user_with_role
from tests.umsetzung.conftest import person_in
from tests.umsetzung.factories import adopted_catalogue, unit
from umsetzung.models import AnnualReport, Measure
from umsetzung.services import create_measures_from_catalogue, return_report, save_report

pytestmark = pytest.mark.django_db


def submit(measure: Measure, by):
    return save_report(
        measure=measure,
        by=by,
        reported_on=timezone.localdate(),
        text="Zwei Elternlots*innen sind im Einsatz.",
        proposed_status=measure.status,
        submit=True,
    )


def measures_of(unit_name: str, count: int) -> list[Measure]:
    adopted_catalogue(measures=count, unit_name=unit_name)
    create_measures_from_catalogue()
    return list(Measure.objects.filter(responsible_unit__name=unit_name).order_by("pk"))


def test_the_office_finds_the_reports_waiting_for_approval(client):
    school = unit("Fachbereich Schule")
    writer = person_in(school)
    for measure in measures_of("Fachbereich Schule", 2):
        submit(measure, writer)
    client.force_login(user_with_role(Role.OFFICE, is_staff=True))

    html = client.get("/konto/").content.decode()

    assert "Sachstandsberichte zu den Maßnahmen" in html
    assert '<a href="/umsetzung/freigabe/">2 Sachstandsberichte warten auf Freigabe</a>' in html


def test_without_submitted_reports_the_office_sees_no_report_task(client):
    office = user_with_role(Role.OFFICE, is_staff=True)
    assert tasks_for(office).reports_to_approve == 0
    client.force_login(office)
    assert "Sachstandsberichte zu den Maßnahmen" not in client.get("/konto/").content.decode()


def test_the_unit_finds_a_returned_report_and_the_measures_due(client):
    school = unit("Fachbereich Schule")
    writer = person_in(school)
    office = user_with_role(Role.OFFICE, is_staff=True)
    returned, due, submitted = measures_of("Fachbereich Schule", 3)
    return_report(report=submit(returned, writer), by=office, note="Bitte Zahlen ergänzen.")
    submit(submitted, writer)
    due_on = timezone.localdate() + datetime.timedelta(days=10)
    AnnualReport.objects.create(year=due_on.year, due_on=due_on)
    client.force_login(writer)

    response = client.get("/konto/")
    html = response.content.decode()

    owed = response.context["tasks"].reports_owed
    assert [(item.measure, item.returned) for item in owed] == [(returned, True), (due, False)]
    assert f'<a href="/umsetzung/massnahme/{returned.pk}/bericht/">' in html
    assert "von OE 50.6 zurückgegeben" in html and "Bitte Zahlen ergänzen." in html
    assert f'<a href="/umsetzung/massnahme/{due.pk}/bericht/">' in html
    assert "Bericht fällig bis" in html
    # Submitted: the office has it now; nothing for the unit to do.
    assert f"/umsetzung/massnahme/{submitted.pk}/bericht/" not in html
    # Another unit's measures are not this person's work.
    assert tasks_for(person_in(unit("Fachbereich Kultur"))).reports_owed == []


def test_a_report_is_due_only_from_the_reminder_on_and_overdue_after_the_date(settings):
    settings.REPORT_REMINDER_DAYS_BEFORE = 14
    school = unit("Fachbereich Schule")
    writer = person_in(school)
    (measure,) = measures_of("Fachbereich Schule", 1)
    today = timezone.localdate()
    annual = AnnualReport.objects.create(year=today.year, due_on=today + datetime.timedelta(30))
    assert tasks_for(writer).reports_owed == []

    annual.due_on = today - datetime.timedelta(days=2)
    annual.save()
    tasks = tasks_for(writer)
    (item,) = tasks.reports_owed
    assert (item.measure, item.is_overdue, item.days_late) == (measure, True, 2)
    assert tasks.overdue_count == 1


@pytest.mark.parametrize("role", [None, Role.OFFICE])
def test_query_count_does_not_grow_with_the_reports(client, role):
    """The same number of queries with one report or measure as with ten."""
    office = user_with_role(Role.OFFICE, is_staff=True)
    due_on = timezone.localdate() + datetime.timedelta(days=5)
    AnnualReport.objects.create(year=due_on.year, due_on=due_on)

    def build(count: int, name: str):
        writer = person_in(unit(name))
        measures = measures_of(name, 2 * count)
        for measure in measures[:count]:
            report = submit(measure, writer)
            if role is None:
                return_report(report=report, by=office, note="Bitte ergänzen.")
        return writer if role is None else office

    def count_queries(user) -> tuple[int, object]:
        client.force_login(user)
        client.get("/konto/")
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/konto/")
        return len(queries), response.context["tasks"]

    small, tasks = count_queries(build(1, "Fachbereich Eins"))
    if role is None:
        assert len(tasks.reports_owed) == 2
    large, tasks = count_queries(build(10, "Fachbereich Zehn"))
    if role is None:
        assert len(tasks.reports_owed) == 20
    else:
        assert tasks.reports_to_approve == 11
    assert large == small
