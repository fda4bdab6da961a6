"""The steering group's decision on a submitted version, recorded by OE 50.6."""

import datetime
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gremien.models import Committee, Meeting, Membership
from gremien.quorum import Quorum
from gremien.staffing import check_staffing
from lip.events import record_event

from ..models import (
    ConsultationRequest,
    Decision,
    Draft,
    DraftVersion,
    MeasureOutcome,
    Requirement,
    SectionKind,
)
from ..notifications import notify_decision_recorded
from ._common import User, check_transition, close_version, lock_draft, move_draft, tidy
from .decision_procedure import check_procedure, lock_meeting


@dataclass(frozen=True)
class Votes:
    """Vote counts of a decision; optional, but all three together."""

    yes: int
    no: int
    abstain: int

    @property
    def total(self) -> int:
        return self.yes + self.no + self.abstain


def steering_group_votes(committee: Committee | None = None) -> int:
    """How many votes the steering group has: its seat scheme, else its voting members today."""
    if committee is None:
        committee = (
            Committee.objects.filter(kind=Committee.Kind.STEERING_GROUP)
            .order_by("position", "pk")
            .first()
        )
    if committee is None:
        return 0
    expected = check_staffing(committee).votes_expected
    if expected:
        return expected
    return Membership.objects.current().filter(committee=committee, has_vote=True).count()


def _check_votes(version: DraftVersion, votes: Votes | None, *, accepting: bool) -> None:
    if votes is None:
        return
    if min(votes.yes, votes.no, votes.abstain) < 0:
        raise ValidationError(_("Vote counts cannot be negative."), code="votes")
    request = (
        ConsultationRequest.objects.filter(version=version, kind=ConsultationRequest.Kind.DECISION)
        .select_related("committee")
        .first()
    )
    available = steering_group_votes(request.committee if request else None)
    if votes.total > available:
        raise ValidationError(
            _("%(total)s votes were entered, but the steering group has only %(available)s votes.")
            % {"total": votes.total, "available": available},
            code="votes",
        )
    if accepting and votes.yes <= votes.no:
        raise ValidationError(
            _("A draft is accepted only with more votes in favour than against."), code="votes"
        )


def _check_measure_outcomes(
    version: DraftVersion,
    draft: Draft,
    outcomes: Mapping[uuid.UUID, str],
    *,
    accepting: bool,
) -> None:
    if not draft.stage.structured:
        if outcomes:
            raise ValidationError(
                _("Outcomes per measure belong to the catalogue of stage 2."), code="measures"
            )
        return
    measures = set(version.sections.filter(kind=SectionKind.MEASURE).values_list("key", flat=True))
    if set(outcomes) - measures:
        raise ValidationError(
            _("An outcome refers to a measure that is not part of this version."),
            code="measures",
        )
    if any(outcome not in MeasureOutcome.Outcome.values for outcome in outcomes.values()):
        raise ValidationError(_("Please choose a valid outcome for each measure."), code="measures")
    if accepting and measures - set(outcomes):
        raise ValidationError(
            _("To accept the catalogue, record an outcome for each of its %(count)s measures.")
            % {"count": len(measures)},
            code="measures",
        )


@dataclass(frozen=True)
class DecisionPlan:
    """What recording a decision will do, checked against every rule; nothing written yet.

    The confirmation page shows it; ``accept_draft`` and ``return_draft_for_revision`` carry it
    out under the draft lock, after checking it once more.
    """

    version: DraftVersion
    draft: Draft
    accepting: bool
    decided_on: datetime.date
    votes: Votes | None
    measure_outcomes: dict[uuid.UUID, str]
    # The new Vorgaben (back for revision only).
    requirements: list[str]
    # What accepting does with each open Vorgabe: (requirement, Requirement.Settlement).
    settlements: list[tuple[Requirement, str]]
    # Statements still owed; deciding makes these requests moot.
    pending: list[ConsultationRequest]
    pending_override_reason: str
    note: str
    # Where it was decided: in a meeting of the steering group, or by circulation.
    procedure: str = ""
    meeting: Meeting | None = None
    # The meeting's quorum when its attendance was recorded.
    quorum: Quorum | None = None


def _check_settlements(
    open_requirements: list[Requirement], settlements: Mapping[int, str], *, accepting: bool
) -> list[tuple[Requirement, str]]:
    if not accepting:
        # Sent back, the open Vorgaben simply stay open for the next version.
        return []
    by_pk = {requirement.pk: requirement for requirement in open_requirements}
    if set(settlements) - set(by_pk):
        raise ValidationError(
            _("A choice refers to a requirement that is not open on this draft."),
            code="settlements",
        )
    if any(value not in Requirement.Settlement.values for value in settlements.values()):
        raise ValidationError(
            _("Please choose for each open requirement: closed as fulfilled or carried."),
            code="settlements",
        )
    missing = [r for r in open_requirements if r.pk not in settlements]
    if missing:
        raise ValidationError(
            ngettext(
                "%(count)s requirement of this draft is still open. To accept the draft, choose "
                "whether it is closed as fulfilled or carried into the next stage.",
                "%(count)s requirements of this draft are still open. To accept the draft, "
                "choose for each of them whether it is closed as fulfilled or carried into the "
                "next stage.",
                len(missing),
            )
            % {"count": len(missing)},
            code="settlements",
        )
    return [(requirement, settlements[requirement.pk]) for requirement in open_requirements]


def plan_decision(
    *,
    version: DraftVersion,
    outcome: str,
    decided_on: datetime.date,
    votes: Votes | None = None,
    measure_outcomes: Mapping[uuid.UUID, str] | None = None,
    requirements: Sequence[str] = (),
    requirement_settlements: Mapping[int, str] | None = None,
    pending_override_reason: str = "",
    note: str = "",
    procedure: str = "",
    meeting: Meeting | None = None,
    draft: Draft | None = None,
) -> DecisionPlan:
    """Check a decision on the version against every rule and say what recording it does.

    Writes nothing. ``draft`` is the locked draft when a service calls this before writing.
    """
    draft = draft or Draft.objects.select_related("stage", "committee").get(pk=version.draft_id)
    transition = "accept" if outcome == Decision.Outcome.ACCEPTED else "return_for_revision"
    check_transition(draft, transition)
    latest = draft.versions.order_by("-number").first()
    if latest is None or latest.pk != version.pk:
        raise ValidationError(
            _("The steering group decides on the latest version of a draft only."),
            code="not_latest",
        )
    if Decision.objects.filter(version=version).exists():
        raise ValidationError(
            _("The steering group has already decided on this version."), code="decided"
        )
    if decided_on > timezone.localdate():
        raise ValidationError(_("The date of the decision cannot be in the future."), code="date")
    if decided_on < timezone.localtime(version.created_at).date():
        raise ValidationError(
            _("The decision cannot be dated before the version was submitted."), code="date"
        )
    accepting = transition == "accept"
    requirements = [text for text in map(tidy, requirements) if text]
    if not accepting and not requirements:
        raise ValidationError(
            _("Sending a draft back for revision needs at least one requirement."),
            code="requirements",
        )
    _check_votes(version, votes, accepting=accepting)
    # "" (not recorded) is left to callers that predate the question; the form always asks.
    quorum = (
        check_procedure(procedure, meeting, decided_on, votes)
        if procedure or meeting is not None
        else None
    )
    outcomes = dict(measure_outcomes or {})
    _check_measure_outcomes(version, draft, outcomes, accepting=accepting)
    pending = list(
        ConsultationRequest.objects.filter(version=version).pending().select_related("committee")
    )
    reason = tidy(pending_override_reason)
    if pending and not reason:
        raise ValidationError(
            _(
                "Statements are still pending from: %(bodies)s. To decide anyway, give the "
                "reason why the steering group did not wait for them."
            )
            % {"bodies": ", ".join(request.committee.name for request in pending)},
            code="pending",
        )
    open_requirements = list(
        Requirement.objects.open_for(draft).select_related("decision__version").order_by("pk")
    )
    settlements = _check_settlements(
        open_requirements, dict(requirement_settlements or {}), accepting=accepting
    )
    return DecisionPlan(
        version=version,
        draft=draft,
        accepting=accepting,
        decided_on=decided_on,
        votes=votes,
        measure_outcomes=outcomes,
        requirements=requirements if not accepting else [],
        settlements=settlements,
        pending=pending,
        # Kept only when something was pending: otherwise there was nothing to override.
        pending_override_reason=reason if pending else "",
        note=tidy(note),
        procedure=procedure,
        meeting=meeting,
        quorum=quorum,
    )


def _decide(plan: DecisionPlan, *, by: User) -> Decision:
    version, draft = plan.version, plan.draft
    votes = plan.votes
    decision = Decision.objects.create(
        version=version,
        outcome=Decision.Outcome.ACCEPTED if plan.accepting else Decision.Outcome.REVISION,
        decided_on=plan.decided_on,
        votes_yes=votes.yes if votes else None,
        votes_no=votes.no if votes else None,
        votes_abstain=votes.abstain if votes else None,
        note=plan.note,
        pending_override_reason=plan.pending_override_reason,
        procedure=plan.procedure,
        meeting=plan.meeting,
        recorded_by=by,
    )
    Requirement.objects.bulk_create(
        Requirement(decision=decision, position=position, text=text)
        for position, text in enumerate(plan.requirements, start=1)
    )
    MeasureOutcome.objects.bulk_create(
        MeasureOutcome(decision=decision, section_key=key, outcome=outcome)
        for key, outcome in plan.measure_outcomes.items()
    )
    for requirement, settlement in plan.settlements:
        requirement.settlement = settlement
        requirement.settled_by = decision
    Requirement.objects.bulk_update(
        [requirement for requirement, _settlement in plan.settlements],
        ["settlement", "settled_by"],
    )
    transition = "accept" if plan.accepting else "return_for_revision"
    move_draft(draft, transition, user=by)
    moot = close_version(
        version,
        DraftVersion.ClosedReason.ACCEPTED
        if plan.accepting
        else DraftVersion.ClosedReason.RETURNED,
    )
    params = {
        "group": draft.committee.name,
        "number": version.number,
        "stage": draft.stage.number,
    }
    # Public: the stage pages show each draft's state; the summary names no content. The data
    # (never shown publicly) keeps which bodies had not filed and what became of the Vorgaben.
    summary = (
        _(
            "The steering group accepted version %(number)s of the draft of %(group)s for "
            "stage %(stage)s."
        )
        if plan.accepting
        # Without the number of Vorgaben: they are as internal as their text.
        else _(
            "The steering group sent version %(number)s of the draft of %(group)s for stage "
            "%(stage)s back for revision."
        )
    ) % params
    if plan.meeting is not None:
        summary += " " + _("Decided in the meeting “%(title)s”.") % {"title": plan.meeting.title}
    elif plan.procedure == Decision.Procedure.CIRCULATION:
        summary += " " + _("Decided by circulation (Umlaufverfahren).")
    record_event(
        kind="draft_accepted" if plan.accepting else "draft_returned",
        summary=summary,
        subject=draft,
        by=by,
        public=True,
        url=draft.stage.get_absolute_url(),
        data={
            "version": version.pk,
            "decision": decision.pk,
            "pending": [
                {"request": request.pk, "body": request.committee.name} for request in moot
            ],
            "pending_override_reason": plan.pending_override_reason,
            "settlements": {
                str(requirement.pk): settlement for requirement, settlement in plan.settlements
            },
            "procedure": plan.procedure,
            "meeting": plan.meeting.pk if plan.meeting else None,
        },
    )
    notify_decision_recorded(decision=decision)
    return decision


@transaction.atomic
def accept_draft(
    *,
    version: DraftVersion,
    decided_on: datetime.date,
    votes: Votes | None = None,
    measure_outcomes: Mapping[uuid.UUID, str] | None = None,
    requirement_settlements: Mapping[int, str] | None = None,
    pending_override_reason: str = "",
    note: str = "",
    procedure: str = "",
    meeting: Meeting | None = None,
    by: User,
) -> Decision:
    """Record that the steering group accepted the version (stage 2: each measure's outcome).

    Every open Vorgabe needs a settlement (closed as fulfilled, or carried); statements still
    pending need a reason. The version then takes no input; its pending requests are moot.
    """
    draft = lock_draft(version.draft_id)
    meeting = lock_meeting(meeting)
    plan = plan_decision(
        version=version,
        outcome=Decision.Outcome.ACCEPTED,
        decided_on=decided_on,
        votes=votes,
        measure_outcomes=measure_outcomes,
        requirement_settlements=requirement_settlements,
        pending_override_reason=pending_override_reason,
        note=note,
        procedure=procedure,
        meeting=meeting,
        draft=draft,
    )
    return _decide(plan, by=by)


@transaction.atomic
def return_draft_for_revision(
    *,
    version: DraftVersion,
    decided_on: datetime.date,
    requirements: Sequence[str],
    votes: Votes | None = None,
    measure_outcomes: Mapping[uuid.UUID, str] | None = None,
    pending_override_reason: str = "",
    note: str = "",
    procedure: str = "",
    meeting: Meeting | None = None,
    by: User,
) -> Decision:
    """Record that the steering group sent the version back with a list of requirements.

    Statements still pending need a reason. The version then takes no input; its pending
    requests are moot.
    """
    draft = lock_draft(version.draft_id)
    meeting = lock_meeting(meeting)
    plan = plan_decision(
        version=version,
        outcome=Decision.Outcome.REVISION,
        decided_on=decided_on,
        votes=votes,
        measure_outcomes=measure_outcomes,
        requirements=requirements,
        pending_override_reason=pending_override_reason,
        note=note,
        procedure=procedure,
        meeting=meeting,
        draft=draft,
    )
    return _decide(plan, by=by)
