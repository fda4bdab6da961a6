"""Deadline reminders (send_reminders): who is reminded, when, once, and at what cost."""

import datetime
import io

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from etappen.models import ConsultationRequest
from etappen.notifications import send_deadline_reminders
from etappen.services import extend_deadline, file_statement, submit_draft
from lip.models import Notification
from lip.notifications import Kind

from .factories import DraftFactory, ExpertGroupFactory, member_of

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def round_table_member(bodies):
    return member_of(bodies.round_table, username="runder-tisch")


def reminders() -> list[tuple[str, str]]:
    return sorted(
        Notification.objects.filter(kind=Kind.DEADLINE_REMINDER).values_list("email", "cause")
    )


def round_table_request(version, bodies) -> ConsultationRequest:
    return ConsultationRequest.objects.get(version=version, committee=bodies.round_table)


def test_reminded_from_n_days_before_and_once_after_the_deadline(
    settings, draft, member, bodies, round_table_member
):
    settings.REMINDER_DAYS_BEFORE = 3
    version = submit_draft(draft=draft, by=member)
    request = round_table_request(version, bodies)
    deadline = request.deadline

    send_deadline_reminders(today=deadline - datetime.timedelta(days=4))
    assert reminders() == []
    send_deadline_reminders(today=deadline - datetime.timedelta(days=3))
    send_deadline_reminders(today=deadline - datetime.timedelta(days=2))
    send_deadline_reminders(today=deadline)  # the deadline day is still in time
    before = f"reminder-before:{request.pk}:{deadline.isoformat()}"
    assert reminders() == [("runder-tisch@example.org", before)]

    send_deadline_reminders(today=deadline + datetime.timedelta(days=1))
    send_deadline_reminders(today=deadline + datetime.timedelta(days=9))
    overdue = f"reminder-overdue:{request.pk}:{deadline.isoformat()}"
    assert reminders() == [
        ("runder-tisch@example.org", before),
        ("runder-tisch@example.org", overdue),
    ]


def test_an_extended_deadline_reminds_again(draft, member, bodies, round_table_member, office):
    version = submit_draft(draft=draft, by=member)
    request = round_table_request(version, bodies)
    send_deadline_reminders(today=request.deadline)
    later = request.deadline + datetime.timedelta(days=14)
    extend_deadline(request=request, deadline=later, by=office)
    send_deadline_reminders(today=later - datetime.timedelta(days=5))
    assert [cause for _email, cause in reminders()] == [
        f"reminder-before:{request.pk}:{request.deadline.isoformat()}",
        f"reminder-before:{request.pk}:{later.isoformat()}",
    ]


def test_filed_and_moot_requests_are_not_reminded(
    draft, member, bodies, round_table_member, office
):
    version = submit_draft(draft=draft, by=member)
    file_statement(
        request=round_table_request(version, bodies), text="Einverstanden.", by=round_table_member
    )
    send_deadline_reminders(today=round_table_request(version, bodies).deadline)
    assert reminders() == []


def _pending_versions(stage, bodies, count: int) -> None:
    from etappen.services import SectionData, add_section

    for _ in range(count):
        group = ExpertGroupFactory()
        draft = DraftFactory(stage=stage, committee=group)
        add_section(draft=draft, data=SectionData(heading="Leitbild", text="Text"), by=None)
        submit_draft(draft=draft, by=member_of(group))


def _queries(today: datetime.date) -> int:
    with CaptureQueriesContext(connection) as context:
        send_deadline_reminders(today=today)
    return len(context.captured_queries)


def test_reminding_costs_the_same_for_few_and_many_requests(stage, bodies, round_table_member):
    """A fixed number of queries to find what is due and to write every reminder.

    The second run of a day (everything already reminded) shows the scan alone.
    """
    _pending_versions(stage, bodies, 1)
    deadline = ConsultationRequest.objects.filter(kind="stellungnahme").first().deadline
    day = deadline - datetime.timedelta(days=5)
    first_small = _queries(day)
    again_small = _queries(day)
    assert len(reminders()) == 1

    _pending_versions(stage, bodies, 9)
    Notification.objects.all().delete()
    mail.outbox.clear()
    first_large = _queries(day)
    again_large = _queries(day)
    assert len(reminders()) == 10

    assert again_small == again_large <= 3
    # Writing the reminders costs the same for one and for ten: one notify_all for all of them.
    assert first_small == first_large


def test_the_job_runs_daily_as_a_command(draft, member, bodies, round_table_member):
    from django.core.management import call_command

    version = submit_draft(draft=draft, by=member)
    deadline = round_table_request(version, bodies).deadline
    call_command("send_reminders", "--date", deadline.isoformat(), stdout=io.StringIO())
    assert len(reminders()) == 1
    assert TODAY() < deadline
