"""Two people acting on the same measure at the same moment: nothing is doubled or lost."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from lip.models import ProcessEvent
from umsetzung.models import Status, StatusReport
from umsetzung.services import approve_report, save_report

from .test_services import TODAY, _report

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(*actions):
    """Start the actions at the same moment, each in its own thread and connection."""
    barrier = threading.Barrier(len(actions))
    errors = []

    def run(action):
        try:
            barrier.wait(timeout=10)
            action()
        except Exception as error:  # collected and inspected by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return errors


def test_a_report_approved_twice_at_once_is_approved_once(tracked, school_user, office_user):
    report = _report(tracked.measures[0], school_user, status=Status.DELAYED, reason="Personal.")

    errors = run_together(
        lambda: approve_report(report=report, by=office_user),
        lambda: approve_report(report=report, by=office_user),
    )

    assert len(errors) == 1 and isinstance(errors[0], ValidationError)
    report.refresh_from_db()
    assert report.state == StatusReport.State.APPROVED
    assert ProcessEvent.objects.filter(kind="measure_report_approved").count() == 1


def test_two_first_reports_at_once_become_one_open_report(tracked, school_user):
    measure = tracked.measures[0]

    def write(text):
        return lambda: save_report(
            measure=measure,
            by=school_user,
            reported_on=TODAY(),
            text=text,
            proposed_status=Status.STARTED,
        )

    errors = run_together(write("Erster Stand."), write("Zweiter Stand."))

    assert errors == []
    reports = StatusReport.objects.filter(measure=measure)
    assert reports.count() == 1
    assert reports.get().text in {"Erster Stand.", "Zweiter Stand."}
