"""Reminders to the responsible units before the yearly report is due (daily job
``manage.py send_report_reminders``, docs/umsetzung.md)."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from gremien.models import Organization
from lip.notifications import Kind, Message, notify_all
from lip.roles import Role

from .models import AnnualReport, Measure, StatusReport

DEFAULT_REPORT_REMINDER_DAYS_BEFORE = 14


def reminder_days() -> int:
    """Days before the due date the reminder goes out (REPORT_REMINDER_DAYS_BEFORE, default 14)."""
    return int(
        getattr(settings, "REPORT_REMINDER_DAYS_BEFORE", DEFAULT_REPORT_REMINDER_DAYS_BEFORE)
    )


def _department(unit: Organization) -> int | None:
    node = unit
    while node is not None:
        if node.kind == Organization.Kind.DEPARTMENT:
            return node.pk
        node = node.parent
    return None


def measures_awaiting_report(annual: AnnualReport):
    """Measures still owing a report for the year: none submitted or approved since the due
    date of the previous yearly report (or ever, for the first)."""
    previous = (
        AnnualReport.objects.filter(year__lt=annual.year).order_by("-year").values("due_on").first()
    )
    reported = StatusReport.objects.filter(
        state__in=[StatusReport.State.SUBMITTED, StatusReport.State.APPROVED]
    )
    if previous is not None:
        reported = reported.filter(reported_on__gt=previous["due_on"])
    return Measure.objects.filter(responsible_unit__isnull=False).exclude(
        pk__in=reported.values("measure")
    )


def send_report_reminders(*, today: datetime.date | None = None) -> int:
    """Remind each responsible unit whose measures still owe their report, from N days before
    the due date of an open yearly report; once per unit and report. The unit's people with an
    account get it; a unit without any: the staff of its Dezernat. Five queries at most."""
    today = today or timezone.localdate()
    annuals = list(
        AnnualReport.objects.filter(
            issued_at__isnull=True,
            due_on__gte=today,
            due_on__lte=today + datetime.timedelta(days=reminder_days()),
        )
    )
    messages = []
    for annual in annuals:
        measures = list(
            measures_awaiting_report(annual)
            .select_related("responsible_unit__parent__parent")
            .order_by("responsible_unit", "pk")
        )
        if not measures:
            continue
        by_unit: dict[int, list[Measure]] = {}
        units: dict[int, Organization] = {}
        for measure in measures:
            by_unit.setdefault(measure.responsible_unit_id, []).append(measure)
            units[measure.responsible_unit_id] = measure.responsible_unit
        departments = {pk: _department(unit) for pk, unit in units.items()}
        users = (
            get_user_model()
            .objects.filter(
                Q(person__organization__in=units)
                | Q(
                    person__organization__in=[d for d in departments.values() if d],
                    groups__name=Role.DEPARTMENT.value,
                ),
                is_active=True,
            )
            .select_related("person")
        )
        people: dict[int, list] = {}
        for user in users.distinct():
            people.setdefault(user.person.organization_id, []).append(user)
        with translation.override(settings.LANGUAGE_CODE):
            due = formats.date_format(annual.due_on, "DATE_FORMAT")
            for unit_id, unit_measures in by_unit.items():
                recipients = people.get(unit_id) or people.get(departments[unit_id]) or []
                titles = "".join(f"\n– {measure.title}" for measure in unit_measures)
                messages.append(
                    Message(
                        kind=Kind.REPORT_REMINDER,
                        cause=f"report-reminder:{annual.pk}:{unit_id}",
                        recipients=recipients,
                        subject=_("Report due by %(date)s: implementation of the LIP")
                        % {"date": due},
                        template="generic",
                        context={
                            "text": _(
                                "%(unit)s is responsible for these measures of the Local "
                                "Integration Plan. Please submit a status report on each by "
                                "%(date)s for the annual report %(year)s to the International "
                                "Committee:"
                            )
                            % {"unit": units[unit_id], "date": due, "year": annual.year}
                            + titles
                        },
                        link=reverse("umsetzung:unit-measures"),
                        deadline=annual.due_on,
                    )
                )
    return notify_all(messages)
