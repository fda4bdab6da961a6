"""The yearly report (page, PDF, XLSX) and the reminders before it is due."""

import datetime
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lip.models import Notification
from lip.notifications import Kind
from umsetzung.annual import build_annual_report
from umsetzung.models import AnnualReport, Measure, Status, StatusReport
from umsetzung.notifications import send_report_reminders
from umsetzung.services import (
    approve_report,
    create_measures_from_catalogue,
    issue_annual_report,
    save_report,
)

from .conftest import person_in
from .factories import adopted_catalogue, unit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


def _set(measure, status, user, office, reason=""):
    report = save_report(
        measure=measure,
        by=user,
        reported_on=timezone.localdate(),
        text=f"Stand: {status}",
        proposed_status=status,
        proposed_reason=reason,
        submit=True,
    )
    approve_report(report=report, by=office)


@pytest.fixture
def five(db, office_user):
    school = unit("Fachbereich Schule")
    user = person_in(school)
    adopted_catalogue(measures=5)
    measures = create_measures_from_catalogue()
    _set(measures[0], Status.STARTED, user, office_user)
    _set(measures[1], Status.DELAYED, user, office_user)
    _set(measures[2], Status.DELAYED, user, office_user)
    _set(measures[3], Status.ABANDONED, user, office_user, reason="Kein Träger gefunden.")
    return measures, user


def test_totals_equal_the_measures_states(five):
    report = AnnualReport.objects.create(year=2023, due_on=datetime.date(2023, 11, 30))
    data = build_annual_report(report)
    states = Counter(Measure.objects.values_list("status", flat=True))
    assert {t.status: t.count for t in data.totals} == {s: states.get(s, 0) for s in Status.values}
    assert data.total == Measure.objects.count() == 5
    assert {t.status: t.count for t in data.totals}[Status.DELAYED] == 2


def test_pages_show_the_same_totals(client, five):
    AnnualReport.objects.create(year=2023, due_on=datetime.date(2023, 11, 30))
    page = client.get(reverse("umsetzung:annual-report", args=[2023])).content.decode()
    assert (
        '<tr data-status="verzoegert"><th scope="row">verzögert</th><td class="text-end">2</td>'
        in page
    )
    response = client.get(reverse("umsetzung:annual-report-xlsx", args=[2023]))
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 5
    status_column = [c.value for c in sheet[1]].index("Status")
    states = Counter(Measure.objects.values_list("status", flat=True))
    labels = dict(Status.choices)
    assert Counter(row[status_column] for row in rows) == Counter(
        {str(labels[s]): n for s, n in states.items()}
    )
    totals = {
        row[0]: row[1] for row in workbook.worksheets[1].iter_rows(min_row=2, values_only=True)
    }
    assert totals["verzögert"] == 2
    assert totals["Alle Maßnahmen"] == 5


def test_pdf(client, five):
    AnnualReport.objects.create(year=2023, due_on=datetime.date(2023, 11, 30))
    response = client.get(reverse("umsetzung:annual-report-pdf", args=[2023]))
    assert response.status_code in (200, 503)
    if response.status_code == 200:
        assert response.content.startswith(b"%PDF")


def test_changed_since_the_last_report(five, office_user):
    measures, user = five
    last = AnnualReport.objects.create(year=2022, due_on=datetime.date(2022, 11, 30))
    last = issue_annual_report(report=last, by=office_user)
    _set(measures[4], Status.STARTED, user, office_user)
    report = AnnualReport.objects.create(year=2023, due_on=datetime.date(2023, 11, 30))
    data = build_annual_report(report)
    assert [row.measure.pk for row in data.changed] == [measures[4].pk]
    assert data.changed[0].previous == Status.PLANNED
    # An issued report keeps its figures when measures change later.
    _set(measures[0], Status.DONE, user, office_user)
    assert {t.status: t.count for t in build_annual_report(last).totals}[Status.DONE] == 0


def test_issuing_is_for_the_office_and_only_once(client, five, office_user):
    _measures, user = five
    report = AnnualReport.objects.create(year=2023, due_on=datetime.date(2023, 11, 30))
    client.force_login(user)
    assert client.post(reverse("umsetzung:annual-report-issue", args=[2023])).status_code == 403
    client.force_login(office_user)
    client.post(reverse("umsetzung:annual-report-issue", args=[2023]))
    report.refresh_from_db()
    assert report.is_issued
    assert len(report.snapshot) == 5


def test_reminders_go_to_units_that_owe_a_report(db, office_user):
    school = unit("Fachbereich Schule")
    culture = unit("Fachbereich Kultur")
    school_person = person_in(school, email="schule@example.org")
    culture_person = person_in(culture, email="kultur@example.org")
    adopted_catalogue(measures=1)
    adopted_catalogue(measures=1, unit_name="Fachbereich Kultur")
    school_measure, culture_measure = create_measures_from_catalogue()
    _set(culture_measure, Status.STARTED, culture_person, office_user)
    due = timezone.localdate() + datetime.timedelta(days=10)
    AnnualReport.objects.create(year=due.year, due_on=due)
    assert send_report_reminders(today=due - datetime.timedelta(days=30)) == 0
    assert send_report_reminders() == 1
    note = Notification.objects.get(kind=Kind.REPORT_REMINDER)
    assert note.email == school_person.email
    # One line per measure still owed: the school's, not the culture unit's (reported).
    assert note.body_text.count(f"– {school_measure.title}") == 1
    assert culture_measure.pk != school_measure.pk
    # Once only.
    call_command("send_report_reminders", stdout=io.StringIO())
    assert Notification.objects.filter(kind=Kind.REPORT_REMINDER).count() == 1


def test_reminders_run_a_fixed_number_of_queries(db, office_user, django_assert_max_num_queries):
    for i in range(3):
        organization = unit(f"Fachbereich {i}")
        person_in(organization)
        adopted_catalogue(measures=2, unit_name=f"Fachbereich {i}")
    create_measures_from_catalogue()
    due = timezone.localdate() + datetime.timedelta(days=5)
    AnnualReport.objects.create(year=due.year, due_on=due)
    with django_assert_max_num_queries(12):
        assert send_report_reminders() == 3
    assert StatusReport.objects.count() == 0
