"""Submitting a draft: its working sections become the next, immutable version (Fassung)."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from lip.events import record_event

from ..models import (
    ConsultationRequest,
    Draft,
    DraftSection,
    DraftVersion,
    Requirement,
    VersionSection,
)
from ..notifications import notify_version_submitted
from ._common import (
    User,
    check_transition,
    close_version,
    date_text,
    lock_draft,
    move_draft,
    tidy,
)
from .consultation import open_consultation, planned_requests
from .drafts import CONTENT_FIELDS


def _freeze(draft: Draft, version: DraftVersion) -> None:
    """Copy the working sections into the version: same keys, positions 1..n, districts."""
    sections = list(
        DraftSection.objects.filter(draft=draft)
        .select_related("parent")
        .prefetch_related("districts")
        .order_by("position", "pk")
    )
    if not sections:
        raise ValidationError(
            _("The draft has no sections yet. Add at least one section before submitting."),
            code="empty",
        )
    frozen = VersionSection.objects.bulk_create(
        [
            VersionSection(
                version=version,
                key=section.key,
                position=position,
                parent_key=section.parent.key if section.parent_id else None,
                **{name: getattr(section, name) for name in CONTENT_FIELDS},
            )
            for position, section in enumerate(sections, start=1)
        ]
    )
    through = VersionSection.districts.through
    through.objects.bulk_create(
        [
            through(versionsection_id=copy.pk, district_id=district.pk)
            for copy, section in zip(frozen, sections, strict=True)
            for district in section.districts.all()
        ]
    )


@dataclass(frozen=True)
class SubmissionPlan:
    """What submitting the draft now will do, checked; the confirmation page shows it."""

    draft: Draft
    number: int
    section_count: int
    requests: list[ConsultationRequest]  # unsaved: body, kind, deadline
    requirements: list[Requirement]
    # Earlier versions still taking input; the new version supersedes them.
    superseded: list[DraftVersion]


def plan_submission(
    *, draft: Draft, addressed_requirements: Sequence[Requirement] = ()
) -> SubmissionPlan:
    """Check that the draft can be submitted with these requirements; writes nothing."""
    check_transition(draft, "submit")
    requested = {requirement.pk for requirement in addressed_requirements}
    open_ones = {
        requirement.pk: requirement
        for requirement in Requirement.objects.open_for(draft).select_related("decision__version")
    }
    if requested - set(open_ones):
        raise ValidationError(
            _("A new version can only take up open requirements of this draft."),
            code="requirements",
        )
    section_count = DraftSection.objects.filter(draft=draft).count()
    if not section_count:
        raise ValidationError(
            _("The draft has no sections yet. Add at least one section before submitting."),
            code="empty",
        )
    return SubmissionPlan(
        draft=draft,
        number=(draft.versions.aggregate(last=Max("number"))["last"] or 0) + 1,
        section_count=section_count,
        requests=planned_requests(draft),
        requirements=[open_ones[pk] for pk in sorted(requested)],
        superseded=list(draft.versions.filter(closed_at__isnull=True).order_by("number")),
    )


@transaction.atomic
def submit_draft(
    *,
    draft: Draft,
    addressed_requirements: Sequence[Requirement] = (),
    note: str = "",
    by: User,
) -> DraftVersion:
    """Freeze the working sections as the next version and open its consultation.

    Earlier versions still taking input are closed as superseded; their pending requests
    become moot.
    """
    draft = lock_draft(draft.pk)
    plan = plan_submission(draft=draft, addressed_requirements=addressed_requirements)
    superseded = [
        (version, close_version(version, DraftVersion.ClosedReason.SUPERSEDED))
        for version in plan.superseded
    ]
    version = DraftVersion.objects.create(
        draft=draft, number=plan.number, created_by=by, note=tidy(note)
    )
    _freeze(draft, version)
    version.addressed_requirements.set(plan.requirements)
    requests = open_consultation(version=version, draft=draft)
    move_draft(draft, "submit", user=by)
    deadline = max((request.deadline for request in requests), default=None)
    # The state of a draft is public (stage pages show it); the summary names no content.
    record_event(
        kind="draft_submitted",
        summary=_(
            "The expert group %(group)s submitted version %(number)s of its draft for stage "
            "%(stage)s; the consultation runs until %(deadline)s."
        )
        % {
            "group": draft.committee.name,
            "number": plan.number,
            "stage": draft.stage.number,
            "deadline": date_text(deadline) if deadline else "–",
        },
        subject=draft,
        by=by,
        public=True,
        url=draft.stage.get_absolute_url(),
        data={
            "version": version.pk,
            "number": plan.number,
            "requests": len(requests),
            "superseded": [
                {"version": old.pk, "pending": [request.pk for request in moot]}
                for old, moot in superseded
            ],
        },
    )
    notify_version_submitted(version=version, requests=requests)
    return version
