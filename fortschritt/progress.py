"""What /fortschritt/ shows: stages against plan, every draft's step, dates and events.

Each function runs a fixed number of queries whatever the number of drafts, requests and events.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from beteiligung.models import Contribution, Event
from etappen.models import ConsultationRequest, Draft, DraftVersion, Requirement, Stage
from gremien.models import Committee, Meeting
from gremien.staffing import check_staffing, with_staffing_data
from lip.models import ProcessEvent

from .deadlines import (
    REQUEST_RELATED,
    NextStep,
    OpenItem,
    by_lateness,
    next_steps,
    owed_decisions,
    statement_item,
    version_url,
)

MIN_RETREATS = 2  # the council document asks for at least two Klausurtagungen


@dataclass
class DraftRow:
    draft: Draft
    next_step: NextStep | None = None

    @property
    def next_deadline(self) -> datetime.date | None:
        """The date of the "Nächste Frist", if the next step has one."""
        return self.next_step.date if self.next_step else None


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
    """Every stage with its drafts, each with its "Nächste Frist" (fortschritt.deadlines)."""
    today = today or timezone.localdate()
    stages = {stage.pk: StageProgress(stage) for stage in Stage.objects.all()}
    drafts = list(Draft.objects.select_related("committee", "stage"))
    steps = next_steps(drafts, today)
    for draft in drafts:
        stages[draft.stage_id].drafts.append(DraftRow(draft, steps[draft.pk]))
    return list(stages.values())


def latest_events(*, internal: bool, limit: int = 15) -> list[ProcessEvent]:
    """The newest steps, each with the ``link`` its reader may follow (see ``with_links``)."""
    events = ProcessEvent.objects.all() if internal else ProcessEvent.objects.public()
    return with_links(list(events[:limit]), internal=internal)


# The etappen pages everyone may open. The others are internal, or show a version only once it
# is published, and then the public reads it on its page in beteiligung (docs/beteiligung.md).
PUBLIC_ETAPPEN_PAGES = {"etappen:index", "etappen:stage-detail", "etappen:paper-detail"}


def _leads_to_public_page(url: str) -> bool:
    """A path on this site that anyone may open (other apps' pages are theirs to guard)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return False
    try:
        match = resolve(parts.path)
    except Resolver404:
        return False
    return match.namespace != "etappen" or match.view_name in PUBLIC_ETAPPEN_PAGES


def _public_draft_link(draft: Draft, version_pk: int | None) -> str:
    """The published version the step names, else the latest published one, else the stage."""
    published = draft.published_versions
    version = next(
        (v for v in published if v.pk == version_pk), published[0] if published else None
    )
    if version is not None:
        return reverse("beteiligung:version-comments", kwargs={"pk": version.pk})
    return draft.stage.get_absolute_url()


def with_links(events: list[ProcessEvent], *, internal: bool) -> list[ProcessEvent]:
    """Set ``event.link`` on each event: the page its reader may follow, or "" for none.

    Internal readers follow the stored link. Public readers (the feed, /fortschritt/ without
    internal detail) never get a link to an internal page such as /etappen/entwurf/: a step about
    a draft leads them to its published version or to its stage, any other step to no page.
    Two queries at most, whatever the number of events.
    """
    for event in events:
        event.link = event.url
    if internal:
        return events
    hidden = [event for event in events if event.url and not _leads_to_public_page(event.url)]
    if not hidden:
        return events
    draft_type = ContentType.objects.get_for_model(Draft)
    drafts = (
        Draft.objects.select_related("stage")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=DraftVersion.objects.filter(published_at__isnull=False).order_by(
                    "-number"
                ),
                to_attr="published_versions",
            )
        )
        .in_bulk({event.subject_id for event in hidden if event.subject_type_id == draft_type.pk})
    )
    for event in hidden:
        draft = drafts.get(event.subject_id) if event.subject_type_id == draft_type.pk else None
        event.link = _public_draft_link(draft, event.data.get("version")) if draft else ""
    return events


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
    today: datetime.date
    pending: list[ConsultationRequest]  # statements owed, deadline not passed
    overdue: list[ConsultationRequest]  # statements owed past their deadline
    owed_decisions: list[OpenItem]  # decisions the steering group owes (fortschritt.deadlines)
    open_requirements: dict[Draft, list[Requirement]]
    retreats_planned: int
    comments: list[CommentFigures]
    retreat_committee: str = ""  # who holds the Klausurtagungen, as the data names it
    min_retreats: int = MIN_RETREATS

    @property
    def too_few_retreats(self) -> bool:
        return self.retreats_planned < self.min_retreats

    @property
    def overdue_items(self) -> list[OpenItem]:
        """Overdue statements and owed decisions together, the latest first."""
        statements = [
            statement_item(request, self.today, version_url(request.version))
            for request in self.overdue
        ]
        return by_lateness(statements + self.owed_decisions)

    @property
    def pending_items(self) -> list[OpenItem]:
        """Statements still in time, the nearest deadline first."""
        return [
            statement_item(request, self.today, version_url(request.version))
            for request in self.pending
        ]


def internal_detail(today: datetime.date | None = None) -> InternalDetail:
    """Statements pending and overdue, decisions owed, open Vorgaben, the Klausurtagung count."""
    today = today or timezone.localdate()
    requests = list(
        ConsultationRequest.objects.pending()
        .select_related(*REQUEST_RELATED)
        .order_by("deadline", "committee__position", "pk")
    )
    open_requirements: dict[Draft, list[Requirement]] = defaultdict(list)
    for requirement in Requirement.objects.open().select_related(
        "decision__version__draft__committee", "decision__version__draft__stage"
    ):
        open_requirements[requirement.decision.version.draft].append(requirement)
    retreats = Meeting.objects.filter(
        kind=Meeting.Kind.RETREAT, committee__kind=Committee.Kind.COMMITTEE
    ).exclude(status=Meeting.Status.CANCELLED)
    holders = Committee.objects.filter(kind=Committee.Kind.COMMITTEE).values_list("name", flat=True)
    return InternalDetail(
        today=today,
        pending=[r for r in requests if not r.is_overdue(today)],
        overdue=[r for r in requests if r.is_overdue(today)],
        owed_decisions=owed_decisions(today),
        open_requirements=dict(open_requirements),
        retreats_planned=retreats.count(),
        comments=comment_figures(),
        retreat_committee=", ".join(holders) or str(Committee.Kind.COMMITTEE.label),
    )


def staffing_reports() -> list:
    """Staffing of every body with a seat scheme (Lenkungsgruppe, expert groups)."""
    committees = with_staffing_data(Committee.objects.filter(seat_rules__isnull=False).distinct())
    return [check_staffing(committee) for committee in committees]
