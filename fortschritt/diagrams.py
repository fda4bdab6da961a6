"""The document's two diagrams (Infografik 1 and 2) drawn from live data as SVG.

Coordinates are computed here so the templates only place boxes, lines and text.
"""

import textwrap
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from etappen.models import Draft
from gremien.models import Committee

from .progress import StageProgress


@dataclass
class Box:
    x: int
    y: int
    width: int
    height: int
    lines: list[str]
    kind: str = "body"  # css class suffix: body, lead, group, public, step, current
    note: str = ""

    @property
    def cx(self) -> int:
        return self.x + self.width // 2

    @property
    def cy(self) -> int:
        return self.y + self.height // 2

    @property
    def bottom(self) -> int:
        return self.y + self.height

    @property
    def right(self) -> int:
        return self.x + self.width

    @property
    def text_lines(self) -> list[dict]:
        """Lines of text with their y position, centred in the box."""
        lines = [*self.lines, self.note] if self.note else list(self.lines)
        first = self.cy - (len(lines) - 1) * 9 + 5
        return [
            {
                "text": text,
                "y": first + 18 * index,
                "small": bool(self.note) and index == len(lines) - 1,
            }
            for index, text in enumerate(lines)
        ]


@dataclass
class Arrow:
    """A line with an arrow head at its last point; more than two points make a polyline."""

    points: list[tuple[int, int]]
    label: str = ""

    @property
    def svg_points(self) -> str:
        return " ".join(f"{x},{y}" for x, y in self.points)

    @property
    def label_x(self) -> int:
        (x1, _y1), (x2, _y2) = self.points[0], self.points[1]
        return (x1 + x2) // 2

    @property
    def label_y(self) -> int:
        (_x1, y1), (_x2, y2) = self.points[0], self.points[1]
        return (y1 + y2) // 2 - 5


def line(x1: int, y1: int, x2: int, y2: int, label: str = "") -> Arrow:
    return Arrow([(x1, y1), (x2, y2)], label)


@dataclass
class Diagram:
    width: int
    height: int
    boxes: list[Box] = field(default_factory=list)
    arrows: list[Arrow] = field(default_factory=list)
    description: list[str] = field(default_factory=list)  # the text alternative, one line each


def wrap(text: str, width: int = 20) -> list[str]:
    return textwrap.wrap(text, width) or [text]


def organisation_diagram(committees: list[Committee], votes: tuple[int, int] | None) -> Diagram:
    """Infografik 1: who works on the drafts and how they flow, from the bodies in the database."""
    by_kind: dict[str, list[Committee]] = {}
    for committee in committees:
        by_kind.setdefault(committee.kind, []).append(committee)
    kinds = Committee.Kind

    def names(kind: str, default: str) -> str:
        found = by_kind.get(kind, [])
        return found[0].name if found else default

    diagram = Diagram(width=960, height=520)
    council = Box(380, 10, 200, 44, wrap(names(kinds.COUNCIL, _("City council")), 26), "lead")
    committee = Box(
        380, 84, 200, 50, wrap(names(kinds.COMMITTEE, _("International Committee")), 26), "lead"
    )
    steering_note = (
        _("%(filled)s of %(total)s votes filled") % {"filled": votes[0], "total": votes[1]}
        if votes
        else ""
    )
    steering = Box(
        330,
        176,
        300,
        64,
        wrap(names(kinds.STEERING_GROUP, _("Steering group")), 34),
        "lead",
        steering_note,
    )
    councils = by_kind.get(kinds.INTEGRATION_COUNCIL, [])
    council_box = Box(
        20,
        96,
        230,
        50,
        [
            ngettext(
                "%(count)s integration council", "%(count)s integration councils", len(councils)
            )
            % {"count": len(councils)}
        ],
    )
    delegates = Box(
        20, 184, 230, 50, wrap(names(kinds.DELEGATES_CONFERENCE, _("Delegates' conference")), 30)
    )
    round_table = Box(710, 96, 230, 56, wrap(names(kinds.ROUND_TABLE, _("Round table")), 30))
    equality = Box(
        710, 184, 230, 50, wrap(names(kinds.EQUALITY_OFFICER, _("Equal opportunities officer")), 30)
    )
    public = Box(710, 270, 230, 50, [_("Public"), _("comments and suggestions")], "public")
    diagram.boxes = [council, committee, steering, council_box, delegates, round_table, equality]
    diagram.boxes.append(public)

    groups = by_kind.get(kinds.EXPERT_GROUP, [])
    if groups:
        width = min(150, (920 - 10 * (len(groups) - 1)) // len(groups))
        start = (960 - (width * len(groups) + 10 * (len(groups) - 1))) // 2
        for index, group in enumerate(groups):
            box = Box(start + index * (width + 10), 400, width, 76, wrap(group.name, 16), "group")
            diagram.boxes.append(box)
            # Each group's drafts go up to the steering group, the lines meeting along its edge.
            target = steering.x + round(steering.width * (index + 1) / (len(groups) + 1))
            label = _("drafts") if index == len(groups) // 2 else ""
            diagram.arrows.append(line(box.cx, box.y, target, steering.bottom, label))

    diagram.arrows += [
        line(council_box.cx, council_box.bottom, delegates.cx, delegates.y),
        line(delegates.right, delegates.cy + 10, steering.x, steering.cy + 10),
        line(round_table.x, round_table.cy, steering.right, steering.y + 12),
        line(equality.x, equality.cy, steering.right, steering.cy + 6),
        line(public.x, public.cy, steering.right, steering.bottom - 8),
        line(steering.cx, steering.y, committee.cx, committee.bottom, _("draft adopted")),
        line(committee.cx, committee.y, council.cx, council.bottom),
    ]
    diagram.height = 500

    diagram.description = [
        ngettext(
            "%(groups)s expert group writes the drafts: %(names)s.",
            "%(groups)s expert groups write the drafts: %(names)s.",
            len(groups),
        )
        % {"groups": len(groups), "names": ", ".join(group.name for group in groups)},
        _(
            "Each draft goes to the steering group and at the same time to the %(count)s "
            "integration councils, whose assessments the delegates' conference bundles, to the "
            "round table, to the equal opportunities officer where gender is concerned, and to "
            "the public for comments."
        )
        % {"count": len(councils)},
        _(
            "The steering group accepts a draft or sends it back with requirements; the accepted "
            "paper goes to %(committee)s and %(council)s."
        )
        % {
            "committee": names(kinds.COMMITTEE, _("International Committee")),
            "council": names(kinds.COUNCIL, _("City council")),
        },
    ]
    if steering_note:
        diagram.description.append(_("Steering group: %(note)s.") % {"note": steering_note})
    return diagram


def process_diagram(stages: list[StageProgress]) -> Diagram:
    """Infografik 2: the two stages, their steps and how many drafts stand at each step."""
    steps = [
        (Draft.State.IN_WORK, _("drafting")),
        (Draft.State.SUBMITTED, _("consultation")),
        (Draft.State.REVISION, _("revision")),
        (Draft.State.ACCEPTED, _("accepted")),
    ]
    diagram = Diagram(width=960, height=20 + 150 * max(len(stages), 1))
    for row, progress in enumerate(stages):
        top = 20 + row * 150
        diagram.boxes.append(Box(10, top + 30, 170, 70, wrap(str(progress.stage), 22), "lead"))
        counts = progress.state_counts
        boxes = {}
        for column, (state, label) in enumerate(steps):
            count = counts.get(state, 0)
            boxes[state] = Box(
                200 + column * 190,
                top + 30,
                160,
                70,
                [str(label)],
                "current" if count else "step",
                ngettext("%(count)s draft", "%(count)s drafts", count) % {"count": count},
            )
        diagram.boxes += boxes.values()
        drafting, consultation, revision, accepted = boxes.values()
        diagram.arrows += [
            line(drafting.right, drafting.cy, consultation.x, consultation.cy),
            line(consultation.right, consultation.cy, revision.x, revision.cy),
            Arrow(
                [
                    (revision.cx, revision.bottom),
                    (revision.cx, revision.bottom + 22),
                    (consultation.cx, revision.bottom + 22),
                    (consultation.cx, consultation.bottom),
                ],
            ),
            Arrow(
                [
                    (consultation.cx, consultation.y),
                    (consultation.cx, consultation.y - 16),
                    (accepted.cx, consultation.y - 16),
                    (accepted.cx, accepted.y),
                ],
            ),
        ]
        diagram.description.append(
            _("%(stage)s: %(steps)s.")
            % {
                "stage": progress.stage,
                "steps": "; ".join(f"{label}: {counts.get(state, 0)}" for state, label in steps),
            }
        )
    return diagram


@dataclass
class Bar:
    x: int
    y: int
    width: int
    kind: str  # planned or actual
    label: str


@dataclass
class Timeline:
    width: int
    height: int
    bars: list[Bar]
    ticks: list[tuple[int, str]]
    today_x: int | None
    rows: list[tuple[int, str]]  # y and label of each stage row


def timeline(stages: list[StageProgress], today) -> Timeline | None:
    """Planned and actual period of each stage on one time axis, with today marked."""
    dates = []
    for progress in stages:
        stage = progress.stage
        dates += [stage.planned_start, stage.planned_end]
        dates += [d for d in (stage.planned_council, stage.actual_start, stage.actual_end) if d]
    if not dates:
        return None
    first = min(dates).replace(day=1)
    last = max([*dates, today])
    span = max((last - first).days, 1)
    left, width = 200, 740

    def x(day) -> int:
        return left + round(width * (day - first).days / span)

    bars, rows = [], []
    for index, progress in enumerate(stages):
        stage = progress.stage
        top = 30 + index * 60
        rows.append((top + 22, str(stage)))
        bars.append(
            Bar(
                x(stage.planned_start),
                top,
                max(x(stage.planned_end) - x(stage.planned_start), 2),
                "planned",
                _("planned"),
            )
        )
        if stage.actual_start:
            end = stage.actual_end or today
            bars.append(
                Bar(
                    x(stage.actual_start),
                    top + 22,
                    max(x(end) - x(stage.actual_start), 2),
                    "actual",
                    _("actual"),
                )
            )
    ticks = []
    year = first.year
    while year <= last.year + 1:
        day = first.replace(year=year, month=1, day=1)
        if first <= day <= last:
            ticks.append((x(day), str(year)))
        year += 1
    return Timeline(
        width=960,
        height=50 + 60 * len(stages),
        bars=bars,
        ticks=ticks,
        today_x=x(today) if first <= today <= last else None,
        rows=rows,
    )
