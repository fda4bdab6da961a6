"""What /fortschritt/ shows: stages against plan, every draft's step, dates and events.

Each function runs a fixed number of queries whatever the number of drafts, requests and events.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Min, Q
from django.utils import timezone

from beteiligung.models import Contribution, Event
from etappen.models import ConsultationRequest, Draft, Requirement, Stage
from gremien.models import Committee, Meeting
from gremien.staffing import check_staffing, with_staffing_data

from .models import ProcessEvent

MIN_RETREATS = 2  # the council document asks for at least two Klausurtagungen


@dataclass
class DraftRow:
    draft: Draft
    next_deadline: datetime.date | None = None


@dataclass
class StageProgress:
    stage: Stage
    drafts: list[DraftRow] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.drafts)

    @property
    def accepted(self) -> int:
        return sum(1 for row in self.drafts if row.draft.state == Draft.State.ACCEPTED)

    @property
    def percent(self) -> int:
        return round(100 * self.accepted / self.total) if self.total else 0

    @property
    def state_counts(self) -> dict[str, int]:
        counts = Counter(row.draft.state for row in self.drafts)
        return {state: counts.get(state, 0) for state in Draft.State.values}

    def is_behind_plan(self, today: datetime.date) -> bool:
        """Past the planned end and not every draft accepted."""
        return today > self.stage.planned_end and (self.total == 0 or self.accepted < self.total)


def stage_progress(today: datetime.date | None = None) -> list[StageProgress]:
    """Both stages with their drafts, each with the next open consultation deadline."""
    today = today or timezone.localdate()
    stages = {stage.pk: StageProgress(stage) for stage in Stage.objects.all()}
    deadlines = dict(
        ConsultationRequest.objects.filter(
            version__draft__state=Draft.State.SUBMITTED,
            statement__isnull=True,
            deadline__gte=today,
        )
        .exclude(kind=ConsultationRequest.Kind.DECISION)
        .values("version__draft")
        .annotate(next_deadline=Min("deadline"))
        .values_list("version__draft", "next_deadline")
    )
    for draft in Draft.objects.select_related("committee", "stage"):
        stages[draft.stage_id].drafts.append(DraftRow(draft, deadlines.get(draft.pk)))
    return list(stages.values())


def latest_events(*, internal: bool, limit: int = 15) -> list[ProcessEvent]:
    events = ProcessEvent.objects.all() if internal else ProcessEvent.objects.public()
    return list(events[:limit])


def upcoming_meetings(*, internal: bool, limit: int = 8) -> list[Meeting]:
    meetings = Meeting.objects.filter(
        start__gte=timezone.now(), status=Meeting.Status.PLANNED
    ).select_related("committee")
    if not internal:
        meetings = meetings.filter(is_public=True)
    return list(meetings.order_by("start")[:limit])


def upcoming_events(limit: int = 5) -> list[Event]:
    """Public participation events from today on."""
    events = Event.objects.public().upcoming().filter(status=Event.Status.PLANNED)
    return list(events.order_by("starts_on", "start_time")[:limit])


@dataclass
class CommentFigures:
    draft: Draft
    published: int
    pending: int
    answered: int


def comment_figures() -> list[CommentFigures]:
    """Comments on each draft's published versions: published, awaiting approval, answered."""
    status = Contribution.Status
    rows = (
        Contribution.objects.filter(kind=Contribution.Kind.COMMENT, version__isnull=False)
        .values("version__draft")
        .annotate(
            published=Count("pk", filter=Q(status=status.PUBLISHED)),
            pending=Count("pk", filter=Q(status=status.PENDING)),
            answered=Count("pk", filter=Q(status=status.PUBLISHED, consideration__isnull=False)),
        )
    )
    figures = {row["version__draft"]: row for row in rows}
    drafts = Draft.objects.filter(pk__in=figures).select_related("committee", "stage")
    return [
        CommentFigures(
            draft,
            figures[draft.pk]["published"],
            figures[draft.pk]["pending"],
            figures[draft.pk]["answered"],
        )
        for draft in drafts
    ]


@dataclass
class InternalDetail:
    pending: list[ConsultationRequest]
    overdue: list[ConsultationRequest]
    open_requirements: dict[Draft, list[Requirement]]
    retreats_planned: int
    comments: list[CommentFigures]

    @property
    def too_few_retreats(self) -> bool:
        return self.retreats_planned < MIN_RETREATS


def internal_detail(today: datetime.date | None = None) -> InternalDetail:
    """Statements pending and overdue, open Vorgaben, the Klausurtagung count."""
    today = today or timezone.localdate()
    requests = list(
        ConsultationRequest.objects.filter(
            version__draft__state=Draft.State.SUBMITTED, statement__isnull=True
        )
        .exclude(kind=ConsultationRequest.Kind.DECISION)
        .select_related("committee", "version__draft__committee", "version__draft__stage")
        .order_by("deadline", "committee__position")
    )
    open_requirements: dict[Draft, list[Requirement]] = defaultdict(list)
    for requirement in Requirement.objects.open().select_related(
        "decision__version__draft__committee", "decision__version__draft__stage"
    ):
        open_requirements[requirement.decision.version.draft].append(requirement)
    retreats = Meeting.objects.filter(
        kind=Meeting.Kind.RETREAT, committee__kind=Committee.Kind.COMMITTEE
    ).exclude(status=Meeting.Status.CANCELLED)
    return InternalDetail(
        pending=[r for r in requests if not r.is_overdue(today)],
        overdue=[r for r in requests if r.is_overdue(today)],
        open_requirements=dict(open_requirements),
        retreats_planned=retreats.count(),
        comments=comment_figures(),
    )


def staffing_reports() -> list:
    """Staffing of every body with a seat scheme (Lenkungsgruppe, expert groups)."""
    committees = with_staffing_data(Committee.objects.filter(seat_rules__isnull=False).distinct())
    return [check_staffing(committee) for committee in committees]
