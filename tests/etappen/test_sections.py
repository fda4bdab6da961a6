"""The working sections: add, edit (compare-and-swap), move, delete; stage 2 as a tree."""

import pytest
from django.core.exceptions import ValidationError

from etappen.models import Draft, DraftSection, SectionKind
from etappen.services import (
    SectionData,
    add_section,
    delete_section,
    move_section,
    submit_draft,
    update_section,
)
from gremien.models import District

from .factories import CatalogueStageFactory, DraftFactory

pytestmark = pytest.mark.django_db


def headings(draft: Draft) -> list[str]:
    return list(draft.sections.order_by("position").values_list("heading", flat=True))


def test_add_appends_and_keys_are_stable(draft, member):
    section = add_section(
        draft=draft, data=SectionData(heading="  Grundsätze ", text="x"), by=member
    )

    assert headings(draft) == ["Leitbild", "Begriffe", "Grundsätze"]
    assert section.revision == 1
    assert section.heading == "Grundsätze"
    key = section.key
    update_section(section=section, base_revision=1, data=SectionData(heading="Neu"), by=member)
    section.refresh_from_db()
    assert section.key == key
    assert section.revision == 2
    assert section.history.count() == 2


def test_empty_heading_is_refused(draft, member):
    with pytest.raises(ValidationError):
        add_section(draft=draft, data=SectionData(heading="   "), by=member)
    assert draft.sections.count() == 2


def test_second_save_from_the_same_revision_is_refused(draft, member, office):
    section = draft.sections.get(heading="Leitbild")
    base = section.revision
    update_section(
        section=section,
        base_revision=base,
        data=SectionData(heading="Leitbild", text="Erste"),
        by=member,
    )

    with pytest.raises(ValidationError) as conflict:
        update_section(
            section=section,
            base_revision=base,
            data=SectionData(heading="Leitbild", text="Zweite"),
            by=office,
        )

    assert conflict.value.code == "conflict"
    section.refresh_from_db()
    assert section.text == "Erste"
    assert section.revision == base + 1


def test_delete_from_an_old_revision_is_refused(draft, member):
    section = draft.sections.get(heading="Leitbild")
    update_section(section=section, base_revision=1, data=SectionData(heading="L2"), by=member)

    with pytest.raises(ValidationError):
        delete_section(section=section, base_revision=1, by=member)
    delete_section(section=section, base_revision=2, by=member)

    assert headings(draft) == ["Begriffe"]


def test_move_up_and_down(draft, member):
    third = add_section(draft=draft, data=SectionData(heading="Dritter"), by=member)

    move_section(section=third, direction="up", by=member)
    assert headings(draft) == ["Leitbild", "Dritter", "Begriffe"]
    move_section(section=draft.sections.get(heading="Leitbild"), direction="down", by=member)
    assert headings(draft) == ["Dritter", "Leitbild", "Begriffe"]
    assert list(draft.sections.order_by("position").values_list("position", flat=True)) == [1, 2, 3]


@pytest.mark.parametrize(("heading", "direction"), [("Leitbild", "up"), ("Begriffe", "down")])
def test_move_past_the_edge_is_refused(draft, member, heading, direction):
    with pytest.raises(ValidationError):
        move_section(section=draft.sections.get(heading=heading), direction=direction, by=member)
    assert headings(draft) == ["Leitbild", "Begriffe"]


@pytest.mark.parametrize("state", [Draft.State.SUBMITTED, Draft.State.ACCEPTED])
def test_sections_are_frozen_outside_work_and_revision(draft, member, state):
    Draft.objects.filter(pk=draft.pk).update(state=state)
    section = draft.sections.first()

    with pytest.raises(ValidationError):
        add_section(draft=draft, data=SectionData(heading="Neu"), by=member)
    with pytest.raises(ValidationError):
        update_section(section=section, base_revision=1, data=SectionData(heading="x"), by=member)
    with pytest.raises(ValidationError):
        move_section(section=section, direction="down", by=member)
    with pytest.raises(ValidationError):
        delete_section(section=section, base_revision=1, by=member)
    assert headings(draft) == ["Leitbild", "Begriffe"]


def test_stage_one_has_plain_sections_only(draft, member):
    with pytest.raises(ValidationError):
        add_section(draft=draft, data=SectionData(heading="Ziel", kind=SectionKind.GOAL), by=member)


@pytest.fixture
def catalogue(group, bodies):
    return DraftFactory(stage=CatalogueStageFactory(), committee=group)


def tree(draft, member):
    goal = add_section(
        draft=draft, data=SectionData(heading="Ziel A", kind=SectionKind.GOAL), by=member
    )
    middle = add_section(
        draft=draft,
        data=SectionData(heading="Mittlerziel A1", kind=SectionKind.INTERMEDIATE_GOAL, parent=goal),
        by=member,
    )
    return goal, middle


def measure(draft, member, parent, heading, **kwargs):
    return add_section(
        draft=draft,
        data=SectionData(heading=heading, kind=SectionKind.MEASURE, parent=parent, **kwargs),
        by=member,
    )


def test_catalogue_keeps_tree_order(catalogue, member):
    goal, middle = tree(catalogue, member)
    goal_b = add_section(
        draft=catalogue, data=SectionData(heading="Ziel B", kind=SectionKind.GOAL), by=member
    )
    measure(catalogue, member, middle, "Maßnahme 1")
    # Added after "Ziel B", but it belongs under A1, so it is listed there.
    assert headings(catalogue) == ["Ziel A", "Mittlerziel A1", "Maßnahme 1", "Ziel B"]

    move_section(section=goal_b, direction="up", by=member)
    assert headings(catalogue) == ["Ziel B", "Ziel A", "Mittlerziel A1", "Maßnahme 1"]
    assert goal.pk  # the subtree moved as one block


@pytest.mark.parametrize(
    ("kind", "parent_of"),
    [
        (SectionKind.MEASURE, None),
        (SectionKind.MEASURE, "goal"),
        (SectionKind.INTERMEDIATE_GOAL, None),
        (SectionKind.INTERMEDIATE_GOAL, "middle"),
        (SectionKind.GOAL, "goal"),
        (SectionKind.TEXT, "goal"),
    ],
)
def test_catalogue_refuses_a_wrong_parent(catalogue, member, kind, parent_of):
    goal, middle = tree(catalogue, member)
    parent = {"goal": goal, "middle": middle, None: None}[parent_of]

    with pytest.raises(ValidationError) as refused:
        add_section(
            draft=catalogue, data=SectionData(heading="x", kind=kind, parent=parent), by=member
        )
    assert refused.value.code == "parent"


def test_measure_fields_and_districts_are_kept_for_measures_only(catalogue, member):
    _goal, middle = tree(catalogue, member)
    mitte = District.objects.create(number=1, name="Mitte")
    data = {
        "target_group": "Eltern",
        "responsible_unit": "FB Schule",
        "time_frame": "2021–2022",
        "indicator": "Zahl der Kurse",
        "measure_kind": "verwaltung",
        "districts": [mitte],
    }
    item = measure(catalogue, member, middle, "Elternkurse", **data)
    plain = add_section(
        draft=catalogue,
        data=SectionData(heading="Ziel C", kind=SectionKind.GOAL, **data),
        by=member,
    )

    assert item.target_group == "Eltern"
    assert list(item.districts.all()) == [mitte]
    assert plain.target_group == ""
    assert not plain.districts.exists()


def test_section_with_children_cannot_be_deleted_or_change_kind(catalogue, member):
    goal, _middle = tree(catalogue, member)

    with pytest.raises(ValidationError):
        delete_section(section=goal, base_revision=goal.revision, by=member)
    with pytest.raises(ValidationError):
        update_section(
            section=goal,
            base_revision=goal.revision,
            data=SectionData(heading="Ziel A", kind=SectionKind.TEXT),
            by=member,
        )
    assert DraftSection.objects.filter(draft=catalogue).count() == 2


def test_submit_copies_the_tree_into_the_version(catalogue, member):
    goal, middle = tree(catalogue, member)
    mitte = District.objects.create(number=1, name="Mitte")
    item = measure(catalogue, member, middle, "Elternkurse", districts=[mitte])

    version = submit_draft(draft=catalogue, by=member)

    frozen = {section.key: section for section in version.sections.all()}
    assert [s.heading for s in version.sections.order_by("position")] == [
        "Ziel A",
        "Mittlerziel A1",
        "Elternkurse",
    ]
    assert frozen[item.key].parent_key == middle.key
    assert frozen[middle.key].parent_key == goal.key
    assert frozen[goal.key].parent_key is None
    assert list(frozen[item.key].districts.all()) == [mitte]
