"""Editing a draft's working sections (submitting them as a version: submission.py)."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gremien.models import District
from lip.events import record_event
from lip.pagecache import ETAPPEN, bump

from ..models import Draft, DraftSection, SectionKind
from ..models.drafts import PARENT_KIND
from ._common import User, as_history_user, check_editable, lock_draft, tidy

MEASURE_FIELDS = ["target_group", "responsible_unit", "time_frame", "indicator", "measure_kind"]
CONTENT_FIELDS = ["kind", "heading", "text", *MEASURE_FIELDS]
# Sorts after every real position, so a new or re-parented section ends up last among its siblings.
LAST = 2**31 - 1


@dataclass
class SectionData:
    """What a section form says; the service checks it against the stage's structure."""

    heading: str
    text: str = ""
    kind: str = SectionKind.TEXT
    parent: DraftSection | None = None
    target_group: str = ""
    responsible_unit: str = ""
    time_frame: str = ""
    indicator: str = ""
    measure_kind: str = ""
    districts: Sequence[District] = field(default_factory=list)


def _clean(draft: Draft, data: SectionData, *, section: DraftSection | None = None) -> SectionData:
    """Check a section against the stage: stage 1 has plain sections, stage 2 the goal tree.

    Every text field comes back without control and bidi characters (``tidy``).
    """
    heading = tidy(data.heading)
    if not heading:
        raise ValidationError(_("Please enter a heading."), code="heading")
    kind = data.kind or SectionKind.TEXT
    if kind not in SectionKind.values:
        raise ValidationError(_("Please choose a valid kind of section."), code="kind")
    if not draft.stage.structured and kind != SectionKind.TEXT:
        raise ValidationError(
            _("Goals, intermediate goals and measures belong to the catalogue of stage 2."),
            code="kind",
        )
    parent = data.parent
    wanted = PARENT_KIND.get(kind)
    if wanted is None and parent is not None:
        raise ValidationError(
            _("Sections and goals stand on their own; they cannot belong to another section."),
            code="parent",
        )
    if wanted is not None and (
        parent is None or parent.draft_id != draft.pk or parent.kind != wanted
    ):
        raise ValidationError(
            _("An intermediate goal must belong to a goal of this draft.")
            if kind == SectionKind.INTERMEDIATE_GOAL
            else _("A measure must belong to an intermediate goal of this draft."),
            code="parent",
        )
    if section is not None and section.kind != kind and section.children.exists():
        raise ValidationError(
            _(
                "This section has sections below it, so its kind cannot change. Move or delete "
                "them first."
            ),
            code="kind",
        )
    is_measure = kind == SectionKind.MEASURE
    return SectionData(
        heading=heading,
        text=tidy(data.text),
        kind=kind,
        parent=parent,
        target_group=tidy(data.target_group) if is_measure else "",
        responsible_unit=tidy(data.responsible_unit) if is_measure else "",
        time_frame=tidy(data.time_frame) if is_measure else "",
        indicator=tidy(data.indicator) if is_measure else "",
        measure_kind=data.measure_kind if is_measure else "",
        districts=list(data.districts) if is_measure else [],
    )


def _renumber(draft: Draft, *, swap: tuple[int, int] | None = None) -> None:
    """Give the sections positions 1..n in tree order (a parent before its children).

    ``swap`` exchanges two siblings (with everything below them) before numbering.
    """
    sections = list(DraftSection.objects.filter(draft=draft).order_by("position", "pk"))
    children: dict[int | None, list[DraftSection]] = defaultdict(list)
    for section in sections:
        children[section.parent_id].append(section)
    if swap is not None:
        for siblings in children.values():
            pks = [section.pk for section in siblings]
            if swap[0] in pks and swap[1] in pks:
                i, j = pks.index(swap[0]), pks.index(swap[1])
                siblings[i], siblings[j] = siblings[j], siblings[i]
    ordered: list[DraftSection] = []
    stack = list(reversed(children[None]))
    while stack:
        section = stack.pop()
        ordered.append(section)
        stack.extend(reversed(children[section.pk]))
    changed = []
    for position, section in enumerate(ordered, start=1):
        if section.position != position:
            section.position = position
            changed.append(section)
    DraftSection.objects.bulk_update(changed, ["position"])


@transaction.atomic
def add_section(*, draft: Draft, data: SectionData, by: User | None) -> DraftSection:
    """Add a section to the working copy, last among its siblings."""
    draft = lock_draft(draft.pk)
    check_editable(draft)
    data = _clean(draft, data)
    section = DraftSection(
        draft=draft,
        position=LAST,
        parent=data.parent,
        updated_by=by,
        **{name: getattr(data, name) for name in CONTENT_FIELDS},
    )
    as_history_user(section, by).save()
    section.districts.set(data.districts)
    _renumber(draft)
    section.refresh_from_db(fields=["position"])
    return section


@transaction.atomic
def update_section(
    *, section: DraftSection, base_revision: int, data: SectionData, by: User | None
) -> DraftSection:
    """Save a section if nobody saved it since ``base_revision`` (compare-and-swap).

    A second person saving from the same starting point is refused; the view keeps their text.
    """
    draft = lock_draft(section.draft_id)
    check_editable(draft)
    data = _clean(draft, data, section=section)
    values = {name: getattr(data, name) for name in CONTENT_FIELDS}
    parent_changed = (data.parent.pk if data.parent else None) != section.parent_id
    updated = DraftSection.objects.filter(
        pk=section.pk, draft=draft, revision=base_revision
    ).update(
        **values,
        parent=data.parent,
        revision=F("revision") + 1,
        updated_at=timezone.now(),
        updated_by=by,
        # A section that moves under another parent goes last among its new siblings.
        **({"position": LAST} if parent_changed else {}),
    )
    bump(ETAPPEN)  # update() sends no signal (lip/pagecache.py)
    if not updated:
        if not DraftSection.objects.filter(pk=section.pk).exists():
            raise ValidationError(
                _("This section has been deleted meanwhile. Your text was not saved."),
                code="gone",
            )
        raise ValidationError(
            _(
                "Someone else saved this section after you opened it, so your changes were not "
                "saved. Your text is still in the form: compare it with the current text shown "
                "above, then save again."
            ),
            code="conflict",
        )
    if parent_changed:
        _renumber(draft)
    section.refresh_from_db()
    section.districts.set(data.districts)
    DraftSection.history.bulk_history_create([section], update=True, default_user=by)
    return section


@transaction.atomic
def move_section(
    *, section: DraftSection, direction: Literal["up", "down"], by: User | None
) -> DraftSection:
    """Move a section (with the sections below it) one place up or down among its siblings."""
    draft = lock_draft(section.draft_id)
    check_editable(draft)
    section = DraftSection.objects.get(pk=section.pk, draft=draft)
    siblings = list(
        DraftSection.objects.filter(draft=draft, parent_id=section.parent_id)
        .order_by("position", "pk")
        .values_list("pk", flat=True)
    )
    index = siblings.index(section.pk)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(siblings):
        raise ValidationError(
            _("This section is already at the top.")
            if direction == "up"
            else _("This section is already at the bottom."),
            code="edge",
        )
    _renumber(draft, swap=(section.pk, siblings[other]))
    section.refresh_from_db()
    DraftSection.history.bulk_history_create([section], update=True, default_user=by)
    return section


@transaction.atomic
def delete_section(*, section: DraftSection, base_revision: int, by: User | None) -> None:
    """Delete a section nobody changed since ``base_revision``; sections below it block this."""
    draft = lock_draft(section.draft_id)
    check_editable(draft)
    current = DraftSection.objects.filter(pk=section.pk, draft=draft).first()
    if current is None:
        return  # deleted meanwhile: the result is what was asked for
    if current.revision != base_revision:
        raise ValidationError(
            _(
                "Someone else saved this section after you opened it, so it was not deleted. "
                "Look at the current text and decide again."
            ),
            code="conflict",
        )
    if current.children.exists():
        raise ValidationError(
            _("Delete or move the sections below this one first."), code="children"
        )
    as_history_user(current, by).delete()
    _renumber(draft)


@transaction.atomic
def set_gender_relevance(*, draft: Draft, gender_relevant: bool, by: User | None) -> Draft:
    """Mark whether the equal opportunities officer is consulted on the next versions."""
    draft = lock_draft(draft.pk)
    check_editable(draft)
    if draft.gender_relevant == gender_relevant:
        raise ValidationError(_("Nothing has changed."), code="unchanged")
    draft.gender_relevant = gender_relevant
    as_history_user(draft, by).save(update_fields=["gender_relevant"])
    summary = (
        _("The draft of %(group)s for stage %(stage)s was marked as relevant to gender equality.")
        if gender_relevant
        else _(
            "The draft of %(group)s for stage %(stage)s is no longer marked as relevant to "
            "gender equality."
        )
    )
    record_event(
        kind="draft_gender_relevance_changed",
        summary=summary % {"group": draft.committee.name, "stage": draft.stage.number},
        subject=draft,
        by=by,
        url=draft.get_absolute_url(),
        data={"gender_relevant": gender_relevant},
    )
    return draft
