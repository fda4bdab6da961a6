"""The start page's account of the process, built from the data.

No body's name and no count is written into a template or a sentence: expert groups are added
and renamed (Themenzuschnitt), the number of Integrationsbeiräte changes, stages are re-planned.
Each fact below reads the bodies, seat rules, stages and comment windows as they are now.
What a person can do now (open comment windows, the next events) comes first on the page, as
the same cards as on /beteiligung/ (beteiligung.cards).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, ngettext_lazy

from beteiligung import cards
from beteiligung.models import CommentWindow, Event
from gremien.models import Committee, Role

# How the seats of the steering group are counted in words; other roles fall back to their label.
SEAT_PHRASES = {
    Role.DIVISION_HEAD: ngettext_lazy(
        "%(count)s head of a municipal division", "%(count)s heads of municipal divisions", "count"
    ),
    Role.UMBRELLA_REPRESENTATIVE: ngettext_lazy(
        "%(count)s umbrella organisation", "%(count)s umbrella organisations", "count"
    ),
    Role.DELEGATE: ngettext_lazy(
        "%(count)s delegate of the integration councils",
        "%(count)s delegates of the integration councils",
        "count",
    ),
    Role.ELECTED_MSO: ngettext_lazy(
        "%(count)s elected representative of migrant organisations",
        "%(count)s elected representatives of migrant organisations",
        "count",
    ),
}


@dataclass
class Fact:
    term: str
    text: str


# The start page shows this many of the next events; /beteiligung/ lists them all.
START_PAGE_EVENTS = 3


@dataclass
class Overview:
    facts: list[Fact] = field(default_factory=list)
    open_windows: list[CommentWindow] = field(default_factory=list)
    next_window: CommentWindow | None = None  # the next to open, said when none is open
    events: list[Event] = field(default_factory=list)


def _names(bodies: list[Committee]) -> str:
    return ", ".join(body.name for body in bodies)


def _name(by_kind: dict, kind: Committee.Kind) -> str:
    """The body of that kind as the data names it; its kind while there is none."""
    bodies = by_kind.get(kind)
    return _names(bodies) if bodies else str(kind.label)


def _seat_text(seats) -> str:
    """The steering group's seats in words, from its seat rules (the Besetzungsschema)."""
    counts: dict[str, int] = defaultdict(int)
    chairs = []
    for seat in seats:
        if seat.rule.role == Role.CHAIR:
            chairs.append(seat.rule.organization.name if seat.rule.organization_id else "")
        else:
            counts[seat.rule.role] += seat.max_count
    parts = []
    for chair in chairs:
        parts.append(_("chaired by %(chair)s") % {"chair": chair} if chair else _("a chair"))
    for role, count in counts.items():
        phrase = SEAT_PHRASES.get(role)
        if phrase is not None:
            parts.append(phrase % {"count": count})
        else:
            parts.append(_("%(count)s × %(role)s") % {"count": count, "role": Role(role).label})
    return ", ".join(parts)


def _steering(by_kind: dict, steering_report) -> Fact:
    name = _name(by_kind, Committee.Kind.STEERING_GROUP)
    seats = _seat_text(steering_report.seats) if steering_report else ""
    text = _("%(name)s: %(seats)s") % {"name": name, "seats": seats} if seats else name
    return Fact(_("Who steers"), text)


def _writers(by_kind: dict) -> Fact:
    groups = by_kind.get(Committee.Kind.EXPERT_GROUP, [])
    text = ngettext(
        "%(count)s expert group: %(names)s",
        "%(count)s expert groups: %(names)s",
        len(groups),
    ) % {"count": len(groups), "names": _names(groups) or "–"}
    return Fact(_("Who writes the drafts"), text)


def _consulted(by_kind: dict) -> Fact:
    councils = by_kind.get(Committee.Kind.INTEGRATION_COUNCIL, [])
    parts = [
        ngettext(
            "%(count)s integration council, bundled by %(conference)s",
            "%(count)s integration councils, bundled by %(conference)s",
            len(councils),
        )
        % {
            "count": len(councils),
            "conference": _name(by_kind, Committee.Kind.DELEGATES_CONFERENCE),
        }
    ]
    if Committee.Kind.ROUND_TABLE in by_kind:
        parts.append(_names(by_kind[Committee.Kind.ROUND_TABLE]))
    if Committee.Kind.EQUALITY_OFFICER in by_kind:
        parts.append(
            _("%(name)s where gender equality is concerned")
            % {"name": _names(by_kind[Committee.Kind.EQUALITY_OFFICER])}
        )
    parts.append(_("the public, with comments online"))
    return Fact(
        _("Who is consulted on every draft"),
        _("Together with %(steering)s: %(bodies)s")
        % {"steering": _name(by_kind, Committee.Kind.STEERING_GROUP), "bodies": "; ".join(parts)},
    )


def _deciders(by_kind: dict) -> Fact:
    finally_ = [
        _name(by_kind, kind)
        for kind in (Committee.Kind.COMMITTEE, Committee.Kind.COUNCIL)
        if kind in by_kind
    ]
    text = _(
        "%(steering)s: accepts a draft or sends it back with requirements until it is agreed"
    ) % {"steering": _name(by_kind, Committee.Kind.STEERING_GROUP)}
    if finally_:
        text = _("%(text)s; the result then goes to %(bodies)s") % {
            "text": text,
            "bodies": get_text_list(finally_, _("and")),
        }
    return Fact(_("Who decides"), text)


def _stage_text(stages) -> str:
    """The stages and which one runs now (or comes next)."""
    names = "; ".join(str(progress.stage) for progress in stages)
    text = ngettext("%(count)s stage: %(names)s", "%(count)s stages: %(names)s", len(stages)) % {
        "count": len(stages),
        "names": names or "–",
    }
    running = [p.stage for p in stages if p.stage.actual_start and not p.stage.actual_end]
    coming = [p.stage for p in stages if not p.stage.actual_start]
    if running:
        stage = running[0]
        now = _("Now running: %(stage)s, since %(date)s") % {
            "stage": stage,
            "date": date_format(stage.actual_start),
        }
    elif coming:
        stage = coming[0]
        now = _("Next: %(stage)s, planned from %(date)s") % {
            "stage": stage,
            "date": date_format(stage.planned_start),
        }
    elif stages:
        now = _("All stages are completed.")
    else:
        return text
    return f"{text}. {now}"


def build_overview(committees, steering_report, stages) -> Overview:
    """The start page's facts and cards; three queries (open windows with their comment counts,
    the next window, the next events with their places) beyond what the page has loaded."""
    by_kind: dict[str, list[Committee]] = defaultdict(list)
    for committee in committees:
        by_kind[committee.kind].append(committee)
    facts = [
        _steering(by_kind, steering_report),
        _writers(by_kind),
        _consulted(by_kind),
        _deciders(by_kind),
        Fact(_("Stages"), _stage_text(stages)),
    ]
    return Overview(
        facts=facts,
        open_windows=cards.open_windows(),
        next_window=cards.next_window(),
        events=cards.next_public_events(START_PAGE_EVENTS),
    )


def process_title(stages) -> str:
    """The process diagram's title, with the number of stages from the data."""
    return ngettext(
        "The stage and where its drafts stand",
        "The %(count)s stages and where the drafts stand",
        len(stages),
    ) % {"count": len(stages)}
