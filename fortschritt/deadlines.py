"""Deadlines across the apps: each draft's next one, and what a body owes on a Fassung.

The rules (docs/fortschritt.md, "Nächste Frist" and "Überfällig"):

- A draft's next deadline is the earliest open date of the step it is in: the deadlines of its
  running consultation (a version neither decided nor superseded), the end of the open comment
  window, or the next planned step (the stage's planned end while the group writes, the council
  procedure once the draft is accepted). Without a date the row says what comes next.
- The steering group owes its decision on a Fassung once the last deadline of the Fassung's
  consultation (its own request and every body's) has passed while the Fassung is still
  running, that is submitted, not decided and not superseded.
- Nothing stale: requests on closed versions are moot (``ConsultationRequest.objects.pending``),
  decided or superseded versions owe nothing, a window counts only while it is open.

Every function here runs a fixed number of queries whatever the number of drafts and requests.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Max, Min, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from beteiligung.models import CommentWindow
from etappen.models import ConsultationRequest, CouncilConsultation, Draft, DraftVersion, Stage
from gremien.models import Committee

ADOPTED = {CouncilConsultation.Result.ADOPTED, CouncilConsultation.Result.ADOPTED_AMENDED}


def version_name(version: DraftVersion) -> str:
    """How every page of this app names a Fassung: number, expert group and stage.

    Load ``draft__committee`` and ``draft__stage`` with the version.
    """
    return _("Version %(number)s of the expert group %(group)s (%(stage)s)") % {
        "number": version.number,
        "group": version.draft.committee.name,
        "stage": version.draft.stage,
    }


@dataclass
class NextStep:
    """The "Nächste Frist" of a draft: a date with what happens then, or only what comes next."""

    label: str
    date: datetime.date | None = None
    overdue_since: datetime.date | None = None  # the date passed and the step is still owed


@dataclass
class OpenItem:
    """Something a body owes on a Fassung: a statement, an assessment or the decision."""

    committee: Committee
    what: str
    version: DraftVersion
    deadline: datetime.date
    today: datetime.date
    url: str = ""

    @property
    def version_name(self) -> str:
        return version_name(self.version)

    @property
    def days_late(self) -> int:
        """Days past the deadline; the deadline day itself is in time (0)."""
        return max((self.today - self.deadline).days, 0)

    @property
    def is_overdue(self) -> bool:
        return self.days_late > 0


REQUEST_RELATED = ("committee", "version__draft__committee", "version__draft__stage")


def statement_item(request: ConsultationRequest, today: datetime.date, url: str = "") -> OpenItem:
    """A pending request as an item (load it with ``REQUEST_RELATED``)."""
    return OpenItem(
        committee=request.committee,
        what=request.get_kind_display(),
        version=request.version,
        deadline=request.deadline,
        today=today,
        url=url,
    )


def decisions_due(
    today: datetime.date, *, committees: Iterable[int] | None = None
) -> list[OpenItem]:
    """The decisions the steering group has still to take, each due at the end of the Fassung's
    consultation (its last deadline); overdue once that day has passed.

    ``committees`` narrows them to the steering groups among those bodies.
    """
    consultation_end = Subquery(
        ConsultationRequest.objects.filter(version=OuterRef("version"))
        .order_by("-deadline")
        .values("deadline")[:1]
    )
    requests = (
        ConsultationRequest.objects.running()
        .filter(
            kind=ConsultationRequest.Kind.DECISION,
            version__decision__isnull=True,
            version__draft__state=Draft.State.SUBMITTED,
        )
        .annotate(consultation_end=consultation_end)
        .select_related(*REQUEST_RELATED)
        .order_by("consultation_end", "committee__position", "pk")
    )
    if committees is not None:
        requests = requests.filter(committee__in=list(committees))
    return [
        OpenItem(
            committee=request.committee,
            what=_("decision"),
            version=request.version,
            deadline=request.consultation_end,
            today=today,
            url=version_url(request.version),
        )
        for request in requests
    ]


def owed_decisions(today: datetime.date) -> list[OpenItem]:
    """Decisions the steering group owes: the consultation of the Fassung has ended."""
    return [item for item in decisions_due(today) if item.is_overdue]


def by_lateness(items: Iterable[OpenItem]) -> list[OpenItem]:
    """Latest first; equally late ones by deadline, body and Fassung."""
    return sorted(
        items,
        key=lambda item: (
            -item.days_late,
            item.deadline,
            item.committee.position,
            item.committee.name,
            item.version.pk,
        ),
    )


def _consultation_dates(today: datetime.date) -> dict[int, dict]:
    """Per submitted draft: the next statement deadline from today and the consultation's end.

    Whoever has filed, the dates are the same: whether a statement exists is as internal as its
    text (etappen.permissions.can_view_statements), and everyone reads this.
    """
    expecting = ~Q(kind=ConsultationRequest.Kind.DECISION)
    rows = (
        ConsultationRequest.objects.running()
        .filter(version__draft__state=Draft.State.SUBMITTED)
        .values("version__draft")
        .annotate(
            next_statement=Min("deadline", filter=expecting & Q(deadline__gte=today)),
            consultation_end=Max("deadline"),
        )
    )
    return {row["version__draft"]: row for row in rows}


def _window_ends() -> dict[int, datetime.date]:
    """Per draft: the day its open comment window ends (windows of closed versions are shut)."""
    ends: dict[int, datetime.date] = {}
    for draft_id, closes_at in CommentWindow.objects.open().values_list(
        "version__draft", "closes_at"
    ):
        day = timezone.localdate(closes_at)
        ends[draft_id] = min(day, ends.get(draft_id, day))
    return ends


def _council_steps(today: datetime.date) -> dict[int, NextStep]:
    """Per stage: the next step of its council paper, or that the council has adopted it."""
    steps = defaultdict(list)
    for step in CouncilConsultation.objects.filter(paper__stage__isnull=False).select_related(
        "committee", "paper"
    ):
        steps[step.paper.stage_id].append(step)
    result = {}
    for stage_id, stage_steps in steps.items():
        adopted = [
            step
            for step in stage_steps
            if step.role == CouncilConsultation.Role.DECIDING and step.result in ADOPTED
        ]
        upcoming = sorted(
            (s for s in stage_steps if not s.result and s.meeting_date and s.meeting_date >= today),
            key=lambda step: (step.meeting_date, step.position),
        )
        if adopted:
            result[stage_id] = NextStep(
                _("Adopted by %(body)s") % {"body": adopted[0].committee.name}
            )
        elif upcoming:
            result[stage_id] = NextStep(
                _("Council procedure: %(body)s") % {"body": upcoming[0].committee.name},
                upcoming[0].meeting_date,
            )
    return result


def _writing_step(draft: Draft, today: datetime.date) -> NextStep:
    """In work or back for revision: the group's next version, by the stage's planned end."""
    stage: Stage = draft.stage
    revising = draft.state == Draft.State.REVISION
    if stage.planned_end >= today:
        if revising:
            label = _("Submit a revised version (planned end of the stage)")
        else:
            label = _("Submit the first version (planned end of the stage)")
        return NextStep(label, stage.planned_end)
    if revising:
        return NextStep(_("Next: submit a revised version (the stage's planned end has passed)"))
    return NextStep(_("Next: submit the first version (the stage's planned end has passed)"))


def _consultation_step(dates: dict | None, window_end: datetime.date | None, today) -> NextStep:
    """Submitted: the next statement deadline or the end of commenting, else the decision."""
    candidates = []
    if dates and dates["next_statement"]:
        candidates.append((dates["next_statement"], _("Deadline for statements")))
    if window_end:
        candidates.append((window_end, _("End of online comments")))
    if candidates:
        date, label = min(candidates, key=lambda candidate: candidate[0])
        return NextStep(label, date)
    end = dates["consultation_end"] if dates else None
    if end is None:
        return NextStep(_("Next: decision of the steering group"))
    if end >= today:
        return NextStep(_("Decision of the steering group due"), end)
    return NextStep(_("Decision of the steering group owed"), overdue_since=end)


def _accepted_step(draft: Draft, council: dict[int, NextStep], today) -> NextStep:
    step = council.get(draft.stage_id)
    if step is not None:
        return step
    planned = draft.stage.planned_council
    if planned and planned >= today:
        return NextStep(_("Planned submission to the council"), planned)
    return NextStep(_("Accepted; next: the council paper of the stage"))


def next_steps(drafts: list[Draft], today: datetime.date) -> dict[int, NextStep]:
    """The "Nächste Frist" of every draft, by draft id (load drafts with their stage).

    Three queries, whatever the number of drafts.
    """
    consultation = _consultation_dates(today)
    windows = _window_ends()
    council = _council_steps(today)
    steps = {}
    for draft in drafts:
        if draft.state == Draft.State.SUBMITTED:
            steps[draft.pk] = _consultation_step(
                consultation.get(draft.pk), windows.get(draft.pk), today
            )
        elif draft.state == Draft.State.ACCEPTED:
            steps[draft.pk] = _accepted_step(draft, council, today)
        else:
            steps[draft.pk] = _writing_step(draft, today)
    return steps


def version_url(version: DraftVersion) -> str:
    """The internal page of a Fassung with its consultation (statements, decision)."""
    return reverse("etappen:version-detail", kwargs={"pk": version.pk})
