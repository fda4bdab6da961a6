"""The consolidated paper of a stage: the accepted versions of all expert groups in one document.

This is what the steering group and the council read: the Grundlagenpapier (stage 1) or the
Ziel- und Maßnahmenkatalog (stage 2), one part per expert group in the groups' order, each taken
from the group's latest version the steering group accepted. Stage 2's goals, intermediate goals
and measures become a tree whose measures the templates show as tables.

``consolidate`` runs the same number of queries whatever the number of groups and sections.
"""

import uuid
from dataclasses import dataclass, field

from django.db.models import Prefetch

from gremien.models import Committee

from .models import (
    Decision,
    Draft,
    DraftVersion,
    MeasureOutcome,
    Paper,
    SectionKind,
    Stage,
    VersionSection,
)


@dataclass
class Node:
    """A section of a version with the sections below it (stage 2: goal -> intermediate goal ->
    measure); ``outcome`` is the steering group's word on a measure, where it gave one."""

    section: VersionSection
    children: list["Node"] = field(default_factory=list)
    outcome: MeasureOutcome | None = None

    @property
    def kind(self) -> str:
        return self.section.kind

    @property
    def measures(self) -> list["Node"]:
        return [child for child in self.children if child.kind == SectionKind.MEASURE]

    @property
    def intermediate_goals(self) -> list["Node"]:
        return [child for child in self.children if child.kind == SectionKind.INTERMEDIATE_GOAL]


@dataclass
class Part:
    """One expert group's part: its accepted version and that version's sections as a tree."""

    committee: Committee
    version: DraftVersion
    nodes: list[Node]
    # Stage 2: measures whose intermediate goal is not in the version (shown in a table of
    # their own rather than lost).
    loose_measures: list[Node]

    @property
    def anchor(self) -> str:
        return f"teil-{self.committee.slug}"

    @property
    def decision(self) -> Decision:
        return self.version.decision


@dataclass
class MissingPart:
    """An expert group without an accepted version in this stage, and where its draft stands."""

    committee: Committee
    draft: Draft | None


@dataclass
class ConsolidatedPaper:
    stage: Stage
    parts: list[Part]
    missing: list[MissingPart]
    council_paper: Paper | None

    @property
    def versions(self) -> list[DraftVersion]:
        return [part.version for part in self.parts]

    @property
    def is_complete(self) -> bool:
        """Every expert group has an accepted version: the paper can go to the council."""
        return bool(self.parts) and not self.missing

    @property
    def is_structured(self) -> bool:
        return self.stage.structured


def _accepted_versions(stage: Stage):
    sections = VersionSection.objects.order_by("position").prefetch_related("districts")
    return (
        DraftVersion.objects.filter(draft__stage=stage, decision__outcome=Decision.Outcome.ACCEPTED)
        .select_related("draft__committee", "decision")
        .prefetch_related(
            Prefetch("sections", queryset=sections),
            "consultation_requests",
            "decision__measure_outcomes",
        )
        .order_by("draft_id", "number")
    )


def _tree(version: DraftVersion) -> tuple[list[Node], list[Node]]:
    """The version's sections as top-level nodes with their children, and the measures whose
    intermediate goal is missing. Sections keep their order (position) at every level."""
    outcomes = {outcome.section_key: outcome for outcome in version.decision.measure_outcomes.all()}
    nodes: dict[uuid.UUID, Node] = {
        section.key: Node(section, outcome=outcomes.get(section.key))
        for section in version.sections.all()
    }
    top, loose = [], []
    for node in nodes.values():
        parent = nodes.get(node.section.parent_key) if node.section.parent_key else None
        if parent is not None:
            parent.children.append(node)
        elif node.kind == SectionKind.MEASURE:
            loose.append(node)
        else:
            top.append(node)
    return top, loose


def consolidate(stage: Stage) -> ConsolidatedPaper:
    """The stage's paper from the latest accepted version of every expert group's draft."""
    drafts = {draft.committee_id: draft for draft in Draft.objects.filter(stage=stage)}
    groups = list(
        Committee.objects.filter(kind=Committee.Kind.EXPERT_GROUP).order_by("position", "name")
    )
    latest: dict[int, DraftVersion] = {}
    for version in _accepted_versions(stage):
        latest[version.draft.committee_id] = version  # ordered by number: the last one wins
    parts, missing = [], []
    for group in groups:
        version = latest.pop(group.pk, None)
        if version is None:
            missing.append(MissingPart(committee=group, draft=drafts.get(group.pk)))
            continue
        nodes, loose = _tree(version)
        parts.append(Part(committee=group, version=version, nodes=nodes, loose_measures=loose))
    # A body that is no expert group any more still wrote its accepted part: keep it, last.
    for version in latest.values():
        nodes, loose = _tree(version)
        parts.append(
            Part(
                committee=version.draft.committee,
                version=version,
                nodes=nodes,
                loose_measures=loose,
            )
        )
    council_paper = Paper.objects.filter(stage=stage).first()
    return ConsolidatedPaper(stage=stage, parts=parts, missing=missing, council_paper=council_paper)
