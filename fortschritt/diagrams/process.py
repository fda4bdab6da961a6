"""Infografik 2: each stage step by step, with the dates the data holds.

Per stage: the Auftakt, the expert groups writing, the consultation of every submitted version
(the bodies at the same time as the public's comments), the Podiumsdiskussion after the paper,
the steering group's decision and the council's Beratungsfolge. Bodies, events, dates and counts
come from the data, in seven queries whatever the number of drafts, versions and events.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Min, Prefetch, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from beteiligung.models import CommentWindow, Event
from etappen.models import CouncilConsultation, Decision, Draft, DraftVersion, Paper, Stage
from gremien.models import Committee

from ..progress import StageProgress
from .boxes import Box, Entry, day, period

Kind = Committee.Kind
ADOPTED = {CouncilConsultation.Result.ADOPTED, CouncilConsultation.Result.ADOPTED_AMENDED}


@dataclass
class StageFlow:
    """A stage: its box with the dates, then its steps in order."""

    header: Box
    steps: list[Box]


@dataclass
class ProcessDiagram:
    stages: list[StageFlow] = field(default_factory=list)
    template: str = "fortschritt/_process_diagram.html"


@dataclass
class ProcessFigures:
    """Per stage (by pk): events, version and comment dates, decisions, council paper."""

    events: dict[int, list[Event]]
    versions: dict[int, dict]
    windows: dict[int, dict]
    decisions: dict[int, dict]
    papers: dict[int, Paper]


def _stage_of(event: Event, stages: list[Stage]) -> int | None:
    """The event's stage, or else the last stage begun by its first day (else the first)."""
    if event.stage_id:
        return event.stage_id
    begun = [s for s in stages if (s.actual_start or s.planned_start) <= event.starts_on]
    return (begun[-1] if begun else stages[0]).pk if stages else None


def _per_stage(rows, key: str) -> dict[int, dict]:
    return {row[key]: row for row in rows}


def load_process_figures(stages: list[Stage]) -> ProcessFigures:
    """Six queries: events, versions, comment windows, decisions, papers with their steps."""
    events: dict[int, list[Event]] = defaultdict(list)
    for event in Event.objects.public().filter(kind__in=[Event.Kind.KICKOFF, Event.Kind.PANEL]):
        events[_stage_of(event, stages)].append(event)
    versions = DraftVersion.objects.values("draft__stage").annotate(
        first=Min("created_at"), deadline=Max("consultation_requests__deadline")
    )
    windows = CommentWindow.objects.values("version__draft__stage").annotate(
        opens=Min("opens_at"), closes=Max("closes_at")
    )
    outcome = Decision.Outcome
    decisions = Decision.objects.values("version__draft__stage").annotate(
        accepted=Count("pk", filter=Q(outcome=outcome.ACCEPTED)),
        revision=Count("pk", filter=Q(outcome=outcome.REVISION)),
        last=Max("decided_on"),
    )
    steps = CouncilConsultation.objects.select_related("committee").order_by("position")
    papers = Paper.objects.filter(stage__isnull=False).prefetch_related(
        Prefetch("consultations", queryset=steps, to_attr="steps")
    )
    return ProcessFigures(
        events=dict(events),
        versions=_per_stage(versions.order_by(), "draft__stage"),
        windows=_per_stage(windows.order_by(), "version__draft__stage"),
        decisions=_per_stage(decisions.order_by(), "version__draft__stage"),
        papers={paper.stage_id: paper for paper in papers},
    )


def _event_box(kind: Event.Kind, line: str, events: list[Event], today) -> Box:
    items = []
    for event in events:
        text = f"{event.title}: {period(event.starts_on, event.ends_on)}"
        if event.is_cancelled:
            text = _("%(event)s (cancelled)") % {"event": text}
        items.append(Entry(text, event.get_absolute_url()))
    held = [e for e in events if not e.is_cancelled]
    status = ""
    if held and all(e.has_ended(today) for e in held):
        status = "done"
    elif any(e.starts_on <= today <= e.last_day for e in held):
        status = "current"
    return Box(str(kind.label), "event", "", [line], items or [Entry(_("date to follow"))], status)


def _stage_header(progress: StageProgress) -> Box:
    stage = progress.stage
    lines = [_("planned: %(period)s") % {"period": period(stage.planned_start, stage.planned_end)}]
    if stage.actual_end:
        lines.append(
            _("actual: %(period)s") % {"period": period(stage.actual_start, stage.actual_end)}
        )
    elif stage.actual_start:
        lines.append(_("running since %(date)s") % {"date": day(stage.actual_start)})
    else:
        lines.append(_("not started"))
    status = "done" if stage.actual_end else "current" if stage.actual_start else ""
    return Box(str(stage), "stage", stage.get_absolute_url(), lines, status=status)


def _drafting(progress: StageProgress) -> Box:
    counts = progress.state_counts
    items = [
        Entry(f"{Draft.State(state).label}: {count}") for state, count in counts.items() if count
    ]
    working = counts[Draft.State.IN_WORK] + counts[Draft.State.REVISION]
    all_accepted = progress.total and progress.accepted == progress.total
    return Box(
        _("drafting"),
        "work",
        "",
        [_("the expert groups write their drafts")],
        items or [Entry(_("no drafts yet"))],
        "done" if all_accepted else "current" if working else "",
    )


def _consultation(progress: StageProgress, by_kind: dict, figures: ProcessFigures) -> Box:
    pk = progress.stage.pk
    items = [Entry(c.name) for c in by_kind.get(Kind.STEERING_GROUP, [])]
    councils = len(by_kind.get(Kind.INTEGRATION_COUNCIL, []))
    for conference in by_kind.get(Kind.DELEGATES_CONFERENCE, []):
        count = ngettext(
            "%(count)s integration council", "%(count)s integration councils", councils
        ) % {"count": councils}
        items.append(Entry(f"{conference.name} ({count})"))
    items += [Entry(c.name) for c in by_kind.get(Kind.ROUND_TABLE, [])]
    items += [
        Entry(_("%(name)s where gender equality is concerned") % {"name": c.name})
        for c in by_kind.get(Kind.EQUALITY_OFFICER, [])
    ]
    items.append(Entry(_("the public, with comments online")))
    lines = [_("every submitted version goes at the same time to the bodies listed below")]
    versions = figures.versions.get(pk)
    if versions:
        lines.append(_("first version submitted on %(date)s") % {"date": day(versions["first"])})
        if versions["deadline"]:
            lines.append(_("deadlines until %(date)s") % {"date": day(versions["deadline"])})
    window = figures.windows.get(pk)
    if window:
        lines.append(
            _("comments online: %(period)s")
            % {
                "period": period(
                    timezone.localdate(window["opens"]), timezone.localdate(window["closes"])
                )
            }
        )
    submitted = progress.state_counts[Draft.State.SUBMITTED]
    all_accepted = progress.total and progress.accepted == progress.total
    status = "done" if all_accepted else "current" if submitted else ""
    return Box(_("Consultation and comments"), "consult", "", lines, items, status)


def _decision(progress: StageProgress, steering: str, figures: ProcessFigures) -> Box:
    decided = figures.decisions.get(progress.stage.pk)
    items = [
        Entry(
            ngettext(
                "%(accepted)s of %(count)s draft accepted",
                "%(accepted)s of %(count)s drafts accepted",
                progress.total,
            )
            % {"accepted": progress.accepted, "count": progress.total}
        )
    ]
    if decided:
        items.append(
            Entry(
                ngettext(
                    "%(count)s time sent back with requirements",
                    "%(count)s times sent back with requirements",
                    decided["revision"],
                )
                % {"count": decided["revision"]}
            )
        )
        items.append(Entry(_("last decision on %(date)s") % {"date": day(decided["last"])}))
    lines = [_("accepts a draft or sends it back with requirements; a revision is consulted again")]
    submitted = progress.state_counts[Draft.State.SUBMITTED]
    all_accepted = progress.total and progress.accepted == progress.total
    status = "done" if all_accepted else "current" if submitted else ""
    return Box(_("%(body)s decides") % {"body": steering}, "decide", "", lines, items, status)


def _council(progress: StageProgress, by_kind: dict, figures: ProcessFigures) -> Box:
    """The Beratungsfolge of the stage's paper, or the bodies it will go through."""
    stage = progress.stage
    paper = figures.papers.get(stage.pk)
    lines, status, url = [], "", ""
    if paper is not None:
        lines.append(_("paper %(number)s") % {"number": paper.number})
        url = paper.get_absolute_url()
        items = []
        for step in paper.steps:
            parts = [step.committee.name]
            if step.meeting_date:
                parts.append(day(step.meeting_date))
            if step.result:
                parts.append(step.get_result_display())
            items.append(Entry(", ".join(parts)))
        if paper.steps:
            status = "done" if paper.steps[-1].result in ADOPTED else "current"
    else:
        bodies = by_kind.get(Kind.COMMITTEE, []) + by_kind.get(Kind.COUNCIL, [])
        items = [Entry(body.name) for body in bodies]
    if stage.planned_council and status != "done":
        month = date_format(stage.planned_council, "F Y")
        lines.append(_("planned for %(month)s") % {"month": month})
    return Box(_("Council decision"), "council", url, lines, items, status)


def process_diagram(
    stages: list[StageProgress],
    committees: list[Committee] | None = None,
    today: datetime.date | None = None,
) -> ProcessDiagram:
    """Infografik 2 from the stages (as loaded by the page) and ``load_process_figures``."""
    today = today or timezone.localdate()
    if committees is None:
        committees = list(Committee.objects.all())
    by_kind: dict[str, list[Committee]] = defaultdict(list)
    for committee in committees:
        by_kind[committee.kind].append(committee)
    steering = ", ".join(c.name for c in by_kind.get(Kind.STEERING_GROUP, [])) or str(
        Kind.STEERING_GROUP.label
    )
    figures = load_process_figures([progress.stage for progress in stages])
    any_kickoff = any(
        e.kind == Event.Kind.KICKOFF for events in figures.events.values() for e in events
    )
    flows = []
    for index, progress in enumerate(stages):
        events = figures.events.get(progress.stage.pk, [])
        kickoffs = [e for e in events if e.kind == Event.Kind.KICKOFF]
        panels = [e for e in events if e.kind == Event.Kind.PANEL]
        steps = []
        if kickoffs or (index == 0 and not any_kickoff):
            line = _("residents talk with politics, administration and experts")
            steps.append(_event_box(Event.Kind.KICKOFF, line, kickoffs, today))
        steps += [_drafting(progress), _consultation(progress, by_kind, figures)]
        line = _("after the paper: a public discussion with the chairs of the expert groups")
        steps.append(_event_box(Event.Kind.PANEL, line, panels, today))
        steps += [_decision(progress, steering, figures), _council(progress, by_kind, figures)]
        flows.append(StageFlow(_stage_header(progress), steps))
    return ProcessDiagram(flows)
