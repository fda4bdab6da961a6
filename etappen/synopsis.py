"""The Synopse: two versions of a draft side by side, aligned by section key, words marked.

Pure functions over loaded sections (no queries), so the page's query count does not depend on
the number of sections. Changes are marked with <ins>/<del> and a visually hidden word, never by
colour alone.
"""

import re
import uuid
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import VersionSection

TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


class Status:
    UNCHANGED = "unchanged"
    CHANGED = "changed"
    ADDED = "added"
    REMOVED = "removed"
    MOVED = "moved"


STATUS_LABELS = {
    Status.UNCHANGED: gettext_lazy("unchanged"),
    Status.CHANGED: gettext_lazy("changed"),
    Status.ADDED: gettext_lazy("added"),
    Status.REMOVED: gettext_lazy("removed"),
    Status.MOVED: gettext_lazy("moved"),
}

# Measure details compared as whole values (label, how to read the value from a section).
DETAILS = [
    (gettext_lazy("kind"), lambda s: s.get_kind_display()),
    (gettext_lazy("target group"), lambda s: s.target_group),
    (gettext_lazy("districts"), lambda s: ", ".join(d.name for d in s.districts.all())),
    (gettext_lazy("responsible unit"), lambda s: s.responsible_unit),
    (gettext_lazy("time frame"), lambda s: s.time_frame),
    (gettext_lazy("indicator"), lambda s: s.indicator),
    (gettext_lazy("kind of measure"), lambda s: s.get_measure_kind_display()),
]


@dataclass
class DetailChange:
    label: str
    old: str
    new: str


@dataclass
class Row:
    key: uuid.UUID
    old: VersionSection | None
    new: VersionSection | None
    status: str
    edited: bool = False
    old_heading: str = ""
    new_heading: str = ""
    old_text: str = ""
    new_text: str = ""
    details: list[DetailChange] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return (self.new or self.old).heading

    @property
    def status_label(self) -> str:
        if self.status == Status.MOVED and self.edited:
            return _("moved and changed")
        return str(STATUS_LABELS[self.status])


@dataclass
class Synopsis:
    rows: list[Row]

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def changed_count(self) -> int:
        return sum(1 for row in self.rows if row.edited)

    @property
    def added_count(self) -> int:
        return self.count(Status.ADDED)

    @property
    def removed_count(self) -> int:
        return self.count(Status.REMOVED)

    @property
    def moved_count(self) -> int:
        return self.count(Status.MOVED)


def _html(text: str) -> str:
    return str(escape(text)).replace("\n", "<br>\n")


def _marked(tag: str, text: str) -> str:
    hidden = _("inserted:") if tag == "ins" else _("deleted:")
    return f'<{tag}><span class="visually-hidden">{escape(hidden)} </span>{_html(text)}</{tag}>'


def diff_words(old: str, new: str) -> tuple[SafeString, SafeString]:
    """Both texts as HTML: removed words in <del> on the left, added ones in <ins> on the right."""
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    left, right = [], []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        removed, added = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            left.append(_html(removed))
            right.append(_html(added))
            continue
        if removed:
            left.append(_marked("del", removed))
        if added:
            right.append(_marked("ins", added))
    # Everything is escaped above; only our own tags remain.
    return mark_safe("".join(left)), mark_safe("".join(right))  # noqa: S308


def _whole(tag: str, text: str) -> SafeString:
    return mark_safe(_marked(tag, text) if text else "")  # noqa: S308 - escaped in _marked


def _row(key, old: VersionSection | None, new: VersionSection | None, status: str) -> Row:
    row = Row(key=key, old=old, new=new, status=status)
    if old is not None and new is not None:
        row.old_heading, row.new_heading = diff_words(old.heading, new.heading)
        row.old_text, row.new_text = diff_words(old.text, new.text)
        for label, read in DETAILS:
            before, after = read(old), read(new)
            if before != after:
                row.details.append(DetailChange(str(label), before, after))
        row.edited = old.heading != new.heading or old.text != new.text or bool(row.details)
        if status == Status.UNCHANGED and row.edited:
            row.status = Status.CHANGED
    elif old is not None:
        row.old_heading, row.old_text = _whole("del", old.heading), _whole("del", old.text)
    else:
        row.new_heading, row.new_text = _whole("ins", new.heading), _whole("ins", new.text)
    return row


def compare(old: Sequence[VersionSection], new: Sequence[VersionSection]) -> Synopsis:
    """Align two versions' sections (each in position order) by key.

    Sections in both whose relative order stayed are "unchanged"/"changed"; the others in both
    are "moved" and shown at their new place; removed ones stay where they were among the rest.
    """
    old_by_key = {s.key: s for s in old}
    new_by_key = {s.key: s for s in new}
    common_old = [s.key for s in old if s.key in new_by_key]
    common_new = [s.key for s in new if s.key in old_by_key]
    matcher = SequenceMatcher(None, common_old, common_new, autojunk=False)
    stable = {
        key
        for block in matcher.get_matching_blocks()
        for key in common_old[block.a : block.a + block.size]
    }
    old_keys = [s.key for s in old]
    old_index = {key: index for index, key in enumerate(old_keys)}
    # Where each section kept in place stands in the old version, and the end as a sentinel.
    anchors = [index for index, key in enumerate(old_keys) if key in stable] + [len(old_keys)]
    rows: list[Row] = []

    def removed_between(start: int, end: int) -> None:
        for key in old_keys[start:end]:
            if key not in new_by_key:
                rows.append(_row(key, old_by_key[key], None, Status.REMOVED))

    removed_between(0, anchors[0])
    for section in new:
        key = section.key
        if key in stable:
            index = old_index[key]
            rows.append(_row(key, old_by_key[key], section, Status.UNCHANGED))
            # The removed sections that followed it, up to the next section kept in place.
            removed_between(index + 1, anchors[bisect_right(anchors, index)])
        elif key in old_by_key:
            rows.append(_row(key, old_by_key[key], section, Status.MOVED))
        else:
            rows.append(_row(key, None, section, Status.ADDED))
    return Synopsis(rows=rows)
