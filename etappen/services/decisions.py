"""The steering group's decision on a submitted version, recorded by OE 50.6."""

import datetime
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gremien.models import Committee, Membership
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
from ._common import User, check_transition, lock_draft, move_draft


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


def _decide(
    *,
    version: DraftVersion,
    transition: str,
    decided_on: datetime.date,
    votes: Votes | None,
    measure_outcomes: Mapping[uuid.UUID, str] | None,
    requirements: Sequence[str],
    note: str,
    by: User,
) -> Decision:
    draft = lock_draft(version.draft_id)
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
    requirements = [text.strip() for text in requirements if text.strip()]
    if not accepting and not requirements:
        raise ValidationError(
            _("Sending a draft back for revision needs at least one requirement."),
            code="requirements",
        )
    _check_votes(version, votes, accepting=accepting)
    outcomes = dict(measure_outcomes or {})
    _check_measure_outcomes(version, draft, outcomes, accepting=accepting)
    decision = Decision.objects.create(
        version=version,
        outcome=Decision.Outcome.ACCEPTED if accepting else Decision.Outcome.REVISION,
        decided_on=decided_on,
        votes_yes=votes.yes if votes else None,
        votes_no=votes.no if votes else None,
        votes_abstain=votes.abstain if votes else None,
        note=note.strip(),
        recorded_by=by,
    )
    Requirement.objects.bulk_create(
        Requirement(decision=decision, position=position, text=text)
        for position, text in enumerate(requirements, start=1)
    )
    MeasureOutcome.objects.bulk_create(
        MeasureOutcome(decision=decision, section_key=key, outcome=outcome)
        for key, outcome in outcomes.items()
    )
    move_draft(draft, transition, user=by)
    params = {
        "group": draft.committee.name,
        "number": version.number,
        "stage": draft.stage.number,
        "count": len(requirements),
    }
    # Public: the stage pages show each draft's state; the summary names no content.
    record_event(
        kind="draft_accepted" if accepting else "draft_returned",
        summary=(
            _(
                "The steering group accepted version %(number)s of the draft of %(group)s for "
                "stage %(stage)s."
            )
            if accepting
            else _(
                "The steering group sent version %(number)s of the draft of %(group)s for stage "
                "%(stage)s back for revision with %(count)s requirements."
            )
        )
        % params,
        subject=draft,
        by=by,
        public=True,
        url=draft.stage.get_absolute_url(),
        data={"version": version.pk, "decision": decision.pk},
    )
    return decision


@transaction.atomic
def accept_draft(
    *,
    version: DraftVersion,
    decided_on: datetime.date,
    votes: Votes | None = None,
    measure_outcomes: Mapping[uuid.UUID, str] | None = None,
    note: str = "",
    by: User,
) -> Decision:
    """Record that the steering group accepted the version (stage 2: each measure's outcome)."""
    return _decide(
        version=version,
        transition="accept",
        decided_on=decided_on,
        votes=votes,
        measure_outcomes=measure_outcomes,
        requirements=[],
        note=note,
        by=by,
    )


@transaction.atomic
def return_draft_for_revision(
    *,
    version: DraftVersion,
    decided_on: datetime.date,
    requirements: Sequence[str],
    votes: Votes | None = None,
    measure_outcomes: Mapping[uuid.UUID, str] | None = None,
    note: str = "",
    by: User,
) -> Decision:
    """Record that the steering group sent the version back with a list of requirements."""
    return _decide(
        version=version,
        transition="return_for_revision",
        decided_on=decided_on,
        votes=votes,
        measure_outcomes=measure_outcomes,
        requirements=requirements,
        note=note,
        by=by,
    )
