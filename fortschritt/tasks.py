"""What a signed-in person has to do, for "Mein Konto": one place to find all their open work.

Every task names the Fassung it is about and links to the page where the person acts. Nothing
stale: a request on a decided or superseded version is moot and no task
(``ConsultationRequest.objects.pending``); a decided version owes no decision. The number of
queries is fixed, whatever the number of bodies the person sits in.
"""

import dataclasses
import datetime
from dataclasses import dataclass, field

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from beteiligung.models import Concern, Contribution
from beteiligung.permissions import (
    can_moderate,
    can_work_on_considerations,
    considerable_contributions,
    visible_concerns,
)
from etappen.models import ConsultationRequest, Draft
from etappen.permissions import can_record_decision
from gremien.models import Membership
from gremien.permissions import is_office
from lip.roles import Role, roles_of
from umsetzung.models import AnnualReport, Measure, StatusReport
from umsetzung.notifications import measures_awaiting_report, reminder_days
from umsetzung.permissions import can_approve_reports, reportable_measures

from .deadlines import REQUEST_RELATED, OpenItem, by_lateness, decisions_due, statement_item


@dataclass
class Task:
    label: str
    url: str
    note: str = ""


@dataclass
class Unanswered:
    """Contributions of one Fassung (or Vorschläge and Anliegen of one Themenfeld) that still
    wait for the expert group's answer in the Abwägung."""

    label: str  # the Fassung or the Themenfeld
    comments: int = 0
    suggestions: int = 0
    concerns: int = 0
    url: str = ""

    @property
    def summary(self) -> str:
        """E.g. "5 Kommentare, 1 Anliegen"."""
        parts = []
        if self.comments:
            parts.append(
                ngettext("%(count)s comment", "%(count)s comments", self.comments)
                % {"count": self.comments}
            )
        if self.suggestions:
            parts.append(
                ngettext("%(count)s suggestion", "%(count)s suggestions", self.suggestions)
                % {"count": self.suggestions}
            )
        if self.concerns:
            parts.append(
                ngettext("%(count)s concern", "%(count)s concerns", self.concerns)
                % {"count": self.concerns}
            )
        return ", ".join(parts)


@dataclass
class ReportOwed:
    """A measure on which the person's unit owes OE 50.6 a status report: returned to the unit
    for a change, or due for the open yearly report (the same measures the reminder names)."""

    measure: Measure
    today: datetime.date
    returned: bool = False
    return_note: str = ""  # what OE 50.6 asks the unit to change
    due_on: datetime.date | None = None  # the due date of the yearly report, if it still owes

    @property
    def url(self) -> str:
        return reverse("umsetzung:report-form", kwargs={"pk": self.measure.pk})

    @property
    def is_overdue(self) -> bool:
        return self.due_on is not None and self.due_on < self.today

    @property
    def days_late(self) -> int:
        return (self.today - self.due_on).days if self.is_overdue else 0


@dataclass
class Tasks:
    today: datetime.date
    drafts: list[Draft] = field(default_factory=list)
    requests: list[ConsultationRequest] = field(default_factory=list)  # statements owed
    decisions: list[OpenItem] = field(default_factory=list)  # decisions due
    unanswered: list[Unanswered] = field(default_factory=list)
    moderates: bool = False  # OE 50.6: the moderation queue is theirs
    moderation: int = 0  # contributions waiting in the moderation queue
    unrouted_concerns: int = 0  # Anliegen not yet routed to an expert group (office)
    reports_to_approve: int = 0  # Umsetzung: submitted status reports (office)
    reports_owed: list[ReportOwed] = field(default_factory=list)  # Umsetzung: the unit's
    links: list[Task] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(
            self.drafts
            or self.requests
            or self.decisions
            or self.unanswered
            or self.moderates
            or self.unrouted_concerns
            or self.reports_to_approve
            or self.reports_owed
            or self.links
        )

    @property
    def statements(self) -> list[OpenItem]:
        """The statements owed, overdue ones first, each linking to its form."""
        return by_lateness(
            statement_item(
                request,
                self.today,
                reverse("etappen:statement-form", kwargs={"pk": request.pk}),
            )
            for request in self.requests
        )

    @property
    def overdue_count(self) -> int:
        return sum(
            item.is_overdue for item in [*self.statements, *self.decisions, *self.reports_owed]
        )


def _unanswered(user) -> list[Unanswered]:
    """Per Fassung and per Themenfeld: what still waits for an answer (two queries).

    The same items as the Abwägung work list (beteiligung.permissions decides whose they are).
    """
    url = reverse("beteiligung:consideration-list")
    rows: dict[tuple, Unanswered] = {}
    contributions = (
        considerable_contributions(user)
        .filter(consideration__isnull=True)
        .values(
            "kind",
            "version",
            "version__number",
            "version__draft__committee__name",
            "version__draft__stage__number",
            "version__draft__stage__name",
            "committee",
            "committee__name",
        )
        .annotate(count=Count("pk"))
        .order_by("version__draft__stage__number", "version__draft__committee__name", "version")
    )
    for row in contributions:
        if row["kind"] == Contribution.Kind.COMMENT and row["version"]:
            label = _("Version %(number)s of the expert group %(group)s (%(stage)s)") % {
                "number": row["version__number"],
                "group": row["version__draft__committee__name"],
                "stage": _("Stage %(number)s: %(name)s")
                % {
                    "number": row["version__draft__stage__number"],
                    "name": row["version__draft__stage__name"],
                },
            }
            entry = rows.setdefault(("version", row["version"]), Unanswered(label, url=url))
            entry.comments += row["count"]
        elif row["committee"]:
            label = _("Topic field %(name)s") % {"name": row["committee__name"]}
            entry = rows.setdefault(("topic", row["committee"]), Unanswered(label, url=url))
            entry.suggestions += row["count"]
    concerns = (
        visible_concerns(user)
        .filter(status=Concern.Status.ROUTED, consideration__isnull=True)
        .values("routed_to", "routed_to__name")
        .annotate(count=Count("pk"))
        .order_by("routed_to__name")
    )
    for row in concerns:
        label = _("Topic field %(name)s") % {"name": row["routed_to__name"]}
        entry = rows.setdefault(("topic", row["routed_to"]), Unanswered(label, url=url))
        entry.concerns += row["count"]
    return list(rows.values())


def _reports_owed(user, today: datetime.date) -> list[ReportOwed]:
    """The measures the person reports on (umsetzung.permissions) whose report OE 50.6 returned,
    or which still owe their report for the yearly report, from the day the reminder goes out
    (``REPORT_REMINDER_DAYS_BEFORE``) until the yearly report is issued. At most six queries;
    none beyond the permission check for people without a unit."""
    measures = reportable_measures(user)
    if not measures.exists():
        return []
    returned = {
        report.measure_id: report
        for report in StatusReport.objects.filter(
            state=StatusReport.State.RETURNED, measure__in=measures
        ).select_related("measure")
    }
    annual = (
        AnnualReport.objects.filter(
            issued_at__isnull=True,
            due_on__lte=today + datetime.timedelta(days=reminder_days()),
        )
        .order_by("due_on")
        .first()
    )
    awaiting = []
    if annual is not None:
        awaiting = list(measures_awaiting_report(annual).filter(pk__in=measures.values("pk")))
    by_measure = {
        report.measure_id: ReportOwed(
            report.measure, today, returned=True, return_note=report.return_note
        )
        for report in returned.values()
    }
    for measure in awaiting:
        entry = by_measure.setdefault(measure.pk, ReportOwed(measure, today))
        entry.due_on = annual.due_on
    # Returned reports first (the office waits for them), then by title.
    return sorted(by_measure.values(), key=lambda entry: (not entry.returned, entry.measure.title))


def tasks_for(user, today: datetime.date | None = None) -> Tasks:
    """Every open task of the person: what their bodies owe, their groups' Abwägung and drafts,
    the status reports their unit owes, and for OE 50.6 the decisions to record, the moderation
    queue, the status reports to approve and the back-office pages."""
    today = today or timezone.localdate()
    tasks = Tasks(today=today)
    roles = roles_of(user)
    office = is_office(user)
    committees = list(
        Membership.objects.current(today)
        .filter(person__user=user)
        .values_list("committee", flat=True)
    )
    if committees:
        tasks.drafts = list(
            Draft.objects.filter(committee__in=committees).select_related("committee", "stage")
        )
        tasks.requests = list(
            ConsultationRequest.objects.pending()
            .filter(committee__in=committees)
            .select_related(*REQUEST_RELATED)
            .order_by("deadline", "pk")
        )
    if can_record_decision(user):
        # The office records every decision: each links to the decision form.
        tasks.decisions = [
            dataclasses.replace(
                item, url=reverse("etappen:decision-form", kwargs={"pk": item.version.pk})
            )
            for item in decisions_due(today)
        ]
    elif committees:
        tasks.decisions = decisions_due(today, committees=committees)
    tasks.decisions = by_lateness(tasks.decisions)
    if can_work_on_considerations(user):
        tasks.unanswered = _unanswered(user)
    if can_moderate(user):
        tasks.moderates = True
        tasks.moderation = Contribution.objects.in_queue().count()
        tasks.unrouted_concerns = Concern.objects.filter(status=Concern.Status.RECEIVED).count()
    if can_approve_reports(user):
        # OE 50.6 approves the reports (the approval queue); it is no reporting unit itself.
        tasks.reports_to_approve = StatusReport.objects.filter(
            state=StatusReport.State.SUBMITTED
        ).count()
    else:
        tasks.reports_owed = _reports_owed(user, today)
    if Role.DEPARTMENT in roles or office:
        tasks.links.append(
            Task(_("Staffing of the expert groups"), reverse("gremien:staffing-overview"))
        )
    if office:
        tasks.links += [
            Task(
                _("Office of participation: comment windows, events"), reverse("beteiligung:office")
            ),
            Task(_("Abwägung of all contributions"), reverse("beteiligung:consideration-list")),
            Task(_("Elections (Wahlleitung)"), reverse("wahlen:index")),
            Task(_("Stages, decisions and council papers"), reverse("etappen:index")),
        ]
    return tasks
