"""The Synopse aligns two versions by section key and marks added, removed, moved, edited."""

import uuid

import pytest

from etappen.synopsis import Status, compare, diff_words

from .factories import DraftFactory, DraftVersionFactory, VersionSectionFactory

pytestmark = pytest.mark.django_db

KEYS = {name: uuid.UUID(int=i + 1) for i, name in enumerate("ABCDEF")}


def version_with(draft, number, sections):
    version = DraftVersionFactory(draft=draft, number=number)
    for position, (name, heading, text) in enumerate(sections, start=1):
        VersionSectionFactory(
            version=version, key=KEYS[name], position=position, heading=heading, text=text
        )
    return list(version.sections.prefetch_related("districts"))


@pytest.fixture
def pair(db):
    draft = DraftFactory()
    old = version_with(
        draft,
        1,
        [
            ("A", "Leitbild", "Hannover ist eine Einwanderungsstadt."),
            ("B", "Begriffe", "Wir sprechen von Migrationshintergrund."),
            ("C", "Grundsätze", "Teilhabe für alle."),
            ("D", "Alt", "Dieser Abschnitt entfällt."),
            ("E", "Sprache", "Einfach."),
        ],
    )
    new = version_with(
        draft,
        2,
        [
            ("A", "Leitbild", "Hannover ist eine Einwanderungsstadt."),
            ("E", "Sprache", "Einfach."),  # moved up
            ("B", "Begriffe", "Wir sprechen von internationaler Geschichte."),  # edited
            ("C", "Grundsätze", "Teilhabe für alle."),
            ("F", "Neu", "Ein neuer Abschnitt."),  # added
        ],
    )
    return compare(old, new)


def test_rows_are_aligned_by_key_with_their_status(pair):
    assert [(row.heading, row.status) for row in pair.rows] == [
        ("Leitbild", Status.UNCHANGED),
        ("Sprache", Status.MOVED),
        ("Begriffe", Status.CHANGED),
        ("Grundsätze", Status.UNCHANGED),
        ("Alt", Status.REMOVED),  # where it stood: after "Grundsätze"
        ("Neu", Status.ADDED),
    ]
    assert pair.count(Status.ADDED) == pair.count(Status.REMOVED) == pair.count(Status.MOVED) == 1
    assert pair.changed_count == 1


def test_edited_words_are_marked_with_text_not_only_colour(pair):
    edited = pair.rows[2]

    assert "<del>" in edited.old_text and "Migrationshintergrund" in edited.old_text
    assert '<span class="visually-hidden">deleted: </span>' in str(edited.old_text) or (
        '<span class="visually-hidden">gelöscht: </span>' in str(edited.old_text)
    )
    assert "<ins>" in edited.new_text and "internationaler" in edited.new_text
    # Unchanged words are not marked.
    assert "<del><span" not in edited.old_text.split("Migrationshintergrund")[0].split("von")[0]


def test_added_and_removed_sections_are_marked_whole(pair):
    removed, added = pair.rows[4], pair.rows[5]

    assert removed.new is None and removed.old_text.startswith("<del>")
    assert added.old is None and added.new_heading.startswith("<ins>")


def test_moved_and_edited_is_both(db):
    draft = DraftFactory()
    old = version_with(draft, 1, [("A", "Eins", "x"), ("B", "Zwei", "y")])
    new = version_with(draft, 2, [("B", "Zwei", "y geändert"), ("A", "Eins", "x")])

    rows = compare(old, new).rows

    moved = next(row for row in rows if row.status == Status.MOVED)
    assert moved.edited == (moved.heading == "Zwei")
    assert {row.heading for row in rows} == {"Eins", "Zwei"}


def test_text_is_escaped():
    left, right = diff_words("<script>alert(1)</script>", "<b>fett</b>")

    assert "<script" not in left and "&lt;" in left and "alert(1)" in left
    assert "<b>" not in right and "&lt;" in right and "fett" in right


def test_identical_versions_have_no_changes(db):
    draft = DraftFactory()
    sections = [("A", "Eins", "x"), ("B", "Zwei", "y")]

    synopsis = compare(version_with(draft, 1, sections), version_with(draft, 2, sections))

    assert {row.status for row in synopsis.rows} == {Status.UNCHANGED}
    assert "<ins>" not in "".join(row.new_text for row in synopsis.rows)
