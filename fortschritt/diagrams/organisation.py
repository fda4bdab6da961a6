"""Infografik 1: who works on the Local Integration Plan, from the bodies in the database.

Rows of boxes from the top down: the council bodies that decide at the end; the steering group
with its seats and chair (its seat rules) and the MSO election that fills two of them; the bodies
consulted on every draft; the expert groups with their lead Dezernate, the contributions they
answered and the Klausurtagungen; the office. Every name and number is read from the data, in
eight queries whatever the number of bodies, members and contributions.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from beteiligung.models import Concern, Contribution
from gremien.models import Committee, Meeting, Membership, Organization, Role, SeatRule
from lip.roles import Role as AccountRole
from wahlen.models import Election

from ..overview import SEAT_PHRASES
from ..progress import MIN_RETREATS
from .boxes import Box, Entry, day

Kind = Committee.Kind
# The seats OE 50.6 fills in every expert group; the organisation behind them is the office.
OFFICE_ROLES = [Role.MANAGEMENT, Role.ADVISORY]


@dataclass
class Tier:
    """A row of boxes; ``flow`` is what goes from this row up to the row above it."""

    label: str
    boxes: list[Box]
    flow: str = ""
    sequence: bool = False  # the boxes follow one another (arrows between them)


@dataclass
class OrganisationDiagram:
    tiers: list[Tier] = field(default_factory=list)
    template: str = "fortschritt/_organisation_diagram.html"


@dataclass
class Figures:
    """What the diagram reads beyond the bodies themselves."""

    seat_rules: list[SeatRule]
    chairs: list[Membership]
    leads: dict[int, list[Organization]]
    office: list[Organization]
    election: Election | None
    retreats: list[Meeting]
    contributions: dict[int, list[int]]  # expert group id -> [received, answered]


def load_figures() -> Figures:
    """Seats, chair, leads, office, election, retreats and answer counts: eight queries."""
    seat_rules = list(
        SeatRule.objects.filter(committee__kind=Kind.STEERING_GROUP)
        .select_related("organization", "shares_vote_with__organization")
        .order_by("committee__position", "committee_id", "position", "pk")
    )
    chairs = list(
        Membership.objects.current()
        .filter(committee__kind=Kind.STEERING_GROUP, role=Role.CHAIR)
        .select_related("person", "organization")
    )
    leads: dict[int, list[Organization]] = defaultdict(list)
    links = (
        Committee.lead_departments.through.objects.filter(committee__kind=Kind.EXPERT_GROUP)
        .select_related("organization")
        .order_by("organization__name")
    )
    for link in links:
        leads[link.committee_id].append(link.organization)
    office = list(
        Organization.objects.filter(
            Q(pk__in=SeatRule.objects.filter(role__in=OFFICE_ROLES).values("organization"))
            | Q(
                pk__in=Membership.objects.current()
                .filter(role__in=OFFICE_ROLES)
                .values("organization")
            )
        ).order_by("name")
    )
    election = (
        Election.objects.filter(committee__kind=Kind.STEERING_GROUP)
        .order_by("-nomination_deadline", "-pk")
        .first()
    )
    retreats = list(
        Meeting.objects.filter(kind=Meeting.Kind.RETREAT)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("committee")
        .order_by("start")
    )
    return Figures(
        seat_rules=seat_rules,
        chairs=chairs,
        leads=dict(leads),
        office=office,
        election=election,
        retreats=retreats,
        contributions=contribution_counts(),
    )


def contribution_counts() -> dict[int, list[int]]:
    """Per expert group: public contributions (comments on its drafts, Vorschläge on its
    Themenfeld, Anliegen routed to it) and how many of them it has answered. Two queries."""
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    contributions = (
        Contribution.objects.published()
        .annotate(group=Coalesce("version__draft__committee", "committee"))
        .values("group")
        .annotate(received=Count("pk"), answered=Count("consideration"))
        .order_by()
    )
    concerns = (
        Concern.objects.filter(status=Concern.Status.ROUTED)
        .values("routed_to")
        .annotate(received=Count("pk"), answered=Count("consideration"))
        .order_by()
    )
    for group, row in [(row["group"], row) for row in contributions] + [
        (row["routed_to"], row) for row in concerns
    ]:
        if group is not None:
            counts[group][0] += row["received"]
            counts[group][1] += row["answered"]
    return dict(counts)


def _name(committees: list[Committee], kind: Committee.Kind) -> str:
    """The bodies of that kind as the data names them; the kind while there is none."""
    return ", ".join(c.name for c in committees) or str(kind.label)


def _council_tier(by_kind: dict) -> Tier:
    boxes = []
    for index, committee in enumerate(by_kind.get(Kind.COMMITTEE, [])):
        lines = [_("lead committee, informed of every step")] if index == 0 else []
        boxes.append(Box(committee.name, "council", committee.get_absolute_url(), lines))
    for council in by_kind.get(Kind.COUNCIL, []):
        lines = [_("decides finally on the plan")]
        boxes.append(Box(council.name, "council", council.get_absolute_url(), lines))
    return Tier(_("Decide on the plan"), boxes, sequence=True)


def _seat_phrase(role: str, count: int) -> str:
    phrase = SEAT_PHRASES.get(role)
    if phrase is not None:
        return phrase % {"count": count}
    return _("%(count)s × %(role)s") % {"count": count, "role": Role(role).label}


def _chair(figures: Figures, steering: Committee | None) -> str:
    """The chair's seat as its rule names it, with the holder's name where it may be shown."""
    rules = [r for r in figures.seat_rules if r.role == Role.CHAIR]
    holders = [
        m.person.full_name
        for m in figures.chairs
        if m.person.listed_publicly and (steering is None or m.committee_id == steering.pk)
    ]
    if rules and rules[0].organization_id:
        chair = rules[0].organization.name
    elif rules:
        chair = rules[0].display_label
    elif figures.chairs and figures.chairs[0].organization_id:
        chair = figures.chairs[0].organization.name
    else:
        return _("chair not yet named")
    if holders:
        chair = f"{chair} ({', '.join(holders)})"
    return _("chaired by %(chair)s") % {"chair": chair}


def _steering_box(steering: Committee | None, figures: Figures, votes) -> Box:
    rules = [r for r in figures.seat_rules if steering is None or r.committee_id == steering.pk]
    seats: dict[str, int] = {}
    for rule in rules:
        if rule.role != Role.CHAIR:
            seats[rule.role] = seats.get(rule.role, 0) + rule.max_count
    items = [Entry(_seat_phrase(role, count)) for role, count in seats.items()]
    items += [
        Entry(
            _("%(seat)s: one vote shared with %(other)s, deputises")
            % {"seat": rule.display_label, "other": rule.shares_vote_with.display_label}
        )
        for rule in rules
        if rule.shares_vote_with_id
    ]
    lines = [_chair(figures, steering)]
    if votes:
        lines.append(
            _("%(filled)s of %(total)s votes filled") % {"filled": votes[0], "total": votes[1]}
        )
    lines.append(_("accepts each draft or sends it back with requirements until it is agreed"))
    return Box(
        steering.name if steering else str(Kind.STEERING_GROUP.label),
        "lead",
        steering.get_absolute_url() if steering else "",
        lines,
        items,
        wide=True,
    )


def _election_box(steering: Committee | None, figures: Figures) -> Box:
    seats = sum(
        r.max_count
        for r in figures.seat_rules
        if r.role == Role.ELECTED_MSO and (steering is None or r.committee_id == steering.pk)
    )
    seats = seats or Election.SEATS
    election = figures.election
    lines = [
        ngettext(
            "migrant organisations elect %(count)s member",
            "migrant organisations elect %(count)s members",
            seats,
        )
        % {"count": seats},
        _("round 1: the best %(places)s go into the runoff") % {"places": Election.RUNOFF_PLACES},
    ]
    if election is None:
        lines.append(_("not yet scheduled"))
        title, url = _("Election of the representatives of migrant organisations"), ""
    else:
        if election.voting_date:
            lines.append(_("election day: %(date)s") % {"date": day(election.voting_date)})
        lines.append(election.get_status_display())
        title, url = election.title, election.get_absolute_url()
    return Box(title, "election", url or reverse("wahlen:index"), lines)


def _consulted_tier(by_kind: dict, figures: Figures) -> Tier:
    boxes = []
    councils = by_kind.get(Kind.INTEGRATION_COUNCIL, [])
    conferences = by_kind.get(Kind.DELEGATES_CONFERENCE, [])
    if councils or conferences:
        line = ngettext(
            "%(count)s integration council gives its assessment, bundled here",
            "%(count)s integration councils give their assessments, bundled here",
            len(councils),
        ) % {"count": len(councils)}
        url = conferences[0].get_absolute_url() if conferences else ""
        title = _name(conferences, Kind.DELEGATES_CONFERENCE)
        boxes.append(Box(title, "consulted", url, [line]))
    for table in by_kind.get(Kind.ROUND_TABLE, []):
        lines = [_("gives its statement independently")]
        boxes.append(Box(table.name, "consulted", table.get_absolute_url(), lines))
    for officer in by_kind.get(Kind.EQUALITY_OFFICER, []):
        lines = [_("consulted wherever gender equality is concerned")]
        boxes.append(Box(officer.name, "consulted", officer.get_absolute_url(), lines))
    received = sum(count[0] for count in figures.contributions.values())
    answered = sum(count[1] for count in figures.contributions.values())
    public_lines = [
        _("comments on the drafts online, makes suggestions, brings in concerns"),
        ngettext(
            "%(count)s contribution, %(answered)s of them answered",
            "%(count)s contributions, %(answered)s of them answered",
            received,
        )
        % {"count": received, "answered": answered},
    ]
    boxes.append(Box(_("The public"), "public", reverse("beteiligung:index"), public_lines))
    return Tier(
        _("Consulted on every draft, at the same time"),
        boxes,
        flow=_("assessments, statements and comments"),
    )


def _group_box(group: Committee, figures: Figures) -> Box:
    lines = []
    leads = figures.leads.get(group.pk, [])
    if leads:
        lines.append(_("lead: %(departments)s") % {"departments": ", ".join(map(str, leads))})
    received, answered = figures.contributions.get(group.pk, [0, 0])
    text = (
        ngettext(
            "%(answered)s of %(count)s contribution answered",
            "%(answered)s of %(count)s contributions answered",
            received,
        )
        % {"answered": answered, "count": received}
        if received
        else _("no contributions yet")
    )
    topic = reverse("beteiligung:topic-detail", kwargs={"slug": group.slug})
    return Box(group.name, "group", group.get_absolute_url(), lines, [Entry(text, topic)])


def _retreat_box(by_kind: dict, figures: Figures) -> Box:
    # The body that holds them (the Internationaler Ausschuss); its name from the data.
    hosts = list(dict.fromkeys(m.committee.name for m in figures.retreats))
    if not hosts:
        hosts = [c.name for c in by_kind.get(Kind.COMMITTEE, [])[:1]]
    host = ", ".join(hosts) or str(Kind.COMMITTEE.label)
    held = sum(1 for m in figures.retreats if m.status == Meeting.Status.HELD)
    lines = [
        _("%(committee)s with the expert groups") % {"committee": host},
        _("%(held)s held, %(planned)s planned; at least %(minimum)s are foreseen")
        % {"held": held, "planned": len(figures.retreats) - held, "minimum": MIN_RETREATS},
    ]
    # Dates of internal retreats stay internal, as on the rest of the page.
    items = [Entry(day(m.start), m.get_absolute_url()) for m in figures.retreats if m.is_public]
    return Box(_("Retreats (Klausurtagungen)"), "meeting", "", lines, items)


def _office_box(figures: Figures) -> Box:
    names = [f"{o.short_name} – {o.name}" if o.short_name else o.name for o in figures.office]
    lines = [
        _("%(management)s and %(advice)s in every expert group")
        % {"management": Role.MANAGEMENT.label, "advice": Role.ADVISORY.label},
        _("collects nominations, runs the election, moderates the contributions"),
    ]
    return Box(", ".join(names) or str(AccountRole.OFFICE.label), "office", "", lines)


def organisation_diagram(
    committees: list[Committee], votes: tuple[int, int] | None = None
) -> OrganisationDiagram:
    """Infografik 1 from the bodies (as loaded by the page) and ``load_figures``."""
    by_kind: dict[str, list[Committee]] = defaultdict(list)
    for committee in committees:
        by_kind[committee.kind].append(committee)
    figures = load_figures()
    steering = (by_kind.get(Kind.STEERING_GROUP) or [None])[0]
    steering_name = steering.name if steering else str(Kind.STEERING_GROUP.label)
    groups = by_kind.get(Kind.EXPERT_GROUP, [])
    tiers = [
        _council_tier(by_kind),
        Tier(
            _("Steers the process and decides on every draft"),
            [_steering_box(steering, figures, votes), _election_box(steering, figures)],
            flow=_("the agreed draft"),
        ),
        _consulted_tier(by_kind, figures),
        Tier(
            _("Write the drafts"),
            [_group_box(group, figures) for group in groups] + [_retreat_box(by_kind, figures)],
            flow=_("drafts, to %(steering)s and at the same time to those consulted")
            % {"steering": steering_name},
        ),
        Tier(
            _("Coordinates the process"),
            [_office_box(figures)],
            flow=_("management and advice"),
        ),
    ]
    return OrganisationDiagram([tier for tier in tiers if tier.boxes])
