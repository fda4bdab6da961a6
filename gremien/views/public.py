"""Public pages of gremien: the bodies, their seats and members, and the proposal form."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gremien.forms.public import NominationForm
from gremien.models import Committee, Meeting, Membership, Minutes, Role
from gremien.permissions import committee_page_rights
from gremien.services import submit_nomination
from gremien.staffing import SeatStatus, StaffingReport, check_staffing, with_staffing_data
from lip.ratelimit import limit_reached

# Headings for kinds that usually hold more than one body; the others use the kind's label.
KIND_HEADINGS = {
    Committee.Kind.EXPERT_GROUP: gettext_lazy("Expert groups"),
    Committee.Kind.INTEGRATION_COUNCIL: gettext_lazy("Integration councils"),
    Committee.Kind.COMMITTEE: gettext_lazy("Council committees"),
    Committee.Kind.OTHER: gettext_lazy("Other bodies"),
}

# Seat groups of the steering group that hold several named seats.
SEAT_GROUP_HEADINGS = {
    Role.DIVISION_HEAD: gettext_lazy("Divisions (Fachbereiche)"),
    Role.UMBRELLA_REPRESENTATIVE: gettext_lazy("Umbrella organisations"),
    Role.ELECTED_MSO: gettext_lazy("Elected representatives of migrant organisations"),
}


def public_name(membership: Membership) -> str:
    """The name the public pages show: the full name only with the person's consent."""
    return membership.public_name


@dataclass
class SeatRow:
    """One seat rule as the public sees it: who sits there and how many places are open."""

    status: SeatStatus
    names: list[str]

    @property
    def label(self) -> str:
        return self.status.rule.display_label

    @property
    def open_places(self) -> range:
        return range(self.status.open_seats)


@dataclass
class SeatGroup:
    label: str
    rows: list[SeatRow] = field(default_factory=list)

    @property
    def places(self) -> int:
        return sum(row.status.max_count for row in self.rows)

    @property
    def filled(self) -> int:
        return sum(min(row.status.filled, row.status.max_count) for row in self.rows)


def _seat_groups(report: StaffingReport) -> list[SeatGroup]:
    """Seats grouped by role, in the order of the scheme."""
    groups: dict[str, SeatGroup] = {}
    for seat in report.seats:
        role = seat.rule.role
        if role not in groups:
            label = SEAT_GROUP_HEADINGS.get(role) or Role(role).label
            groups[role] = SeatGroup(label=str(label))
        groups[role].rows.append(SeatRow(seat, [public_name(m) for m in seat.members]))
    return list(groups.values())


def _shared_vote_notes(report: StaffingReport) -> list[str]:
    """Say which seat shares its vote with which other seat (Fachbereich Soziales and the chair)."""
    labels = {seat.rule.pk: seat.rule.display_label for seat in report.seats}
    return [
        _("%(seat)s shares one vote with the seat “%(other)s” and deputises for it.")
        % {"seat": seat.rule.display_label, "other": labels[seat.rule.shares_vote_with_id]}
        for seat in report.seats
        if seat.rule.shares_vote_with_id in labels
    ]


def _minutes_published(meeting: Meeting) -> bool:
    try:
        return meeting.minutes.status == Minutes.Status.PUBLISHED
    except Minutes.DoesNotExist:
        return False


def committee_list(request):
    """All bodies by kind, each with its current members and open seats."""
    by_kind = defaultdict(list)
    for committee in with_staffing_data(Committee.objects.all()):
        by_kind[committee.kind].append(check_staffing(committee))
    sections = [
        {"heading": KIND_HEADINGS.get(kind, kind.label), "reports": by_kind[kind]}
        for kind in Committee.Kind
        if by_kind[kind]
    ]
    return render(request, "gremien/index.html", {"sections": sections})


def committee_detail(request, slug):
    """One body: task, subtopics, seats and members, the staffing check and the meetings."""
    committees = with_staffing_data(
        Committee.objects.select_related("reports_to").prefetch_related(
            "lead_departments", "subtopics"
        )
    )
    committee = get_object_or_404(committees, slug=slug)
    report = check_staffing(committee)
    meetings = list(
        Meeting.objects.filter(Q(committee=committee) | Q(participants=committee))
        .distinct()
        .select_related("committee", "minutes")
        .order_by("start")
    )
    rights = committee_page_rights(request.user, committee)
    # A link only where the meeting's page opens for the visitor (permissions.meeting_rights).
    for meeting in meetings:
        hosted = meeting.committee_id == committee.pk
        meeting.linked = (
            (rights.meeting_insider if hosted else rights.member)
            or meeting.is_public
            or _minutes_published(meeting)
        )
    now = timezone.now()
    seat_groups = _seat_groups(report)
    context = {
        "committee": committee,
        "report": report,
        "seat_groups": seat_groups,
        # Only the steering group has named seats in groups; other bodies get one plain table.
        "grouped": any(len(group.rows) > 1 for group in seat_groups),
        "other_members": [public_name(m) for m in report.unassigned],
        "members_without_scheme": (
            [] if report.has_rules else [(public_name(m), m) for m in report.members]
        ),
        "shared_vote_notes": _shared_vote_notes(report),
        "is_expert_group": committee.kind == Committee.Kind.EXPERT_GROUP,
        "show_demographics": rights.see_demographics,
        "can_propose_scope_change": rights.propose_scope_change,
        "can_plan_meetings": rights.plan_meetings,
        "chair": next((m for m in report.members if m.is_chair), None)
        if committee.kind == Committee.Kind.EXPERT_GROUP
        else None,
        "meeting_sections": [
            {
                "id": "kommende-sitzungen",
                "heading": _("Upcoming meetings"),
                "meetings": [m for m in meetings if (m.end or m.start) >= now],
                "empty": _("No meetings are planned at the moment."),
            },
            {
                "id": "vergangene-sitzungen",
                "heading": _("Past meetings"),
                "meetings": [m for m in reversed(meetings) if (m.end or m.start) < now],
                "empty": _("No past meetings have been recorded."),
            },
        ],
    }
    return render(request, "gremien/committee_detail.html", context)


def nomination_create(request):
    """Public form: an organisation proposes a person for an expert group."""
    if request.method == "POST":
        form = NominationForm(request.POST)
        if form.is_bot:
            return redirect("gremien:nomination-thanks")  # tell a bot nothing
        if form.is_valid() and limit_reached(
            request, scope="nomination", email=form.cleaned_data["contact_email"]
        ):
            form.add_error(
                None,
                _("Too many proposals in a short time. Please try again in an hour."),
            )
        elif form.is_valid():
            data = form.cleaned_data
            try:
                submit_nomination(
                    committee=data["committee"],
                    organization_name=data["organization_name"],
                    contact_name=data["contact_name"],
                    contact_email=data["contact_email"],
                    given_name=data["given_name"],
                    family_name=data["family_name"],
                    email=data["email"],
                    expertise=data["expertise"],
                    consent=data["consent"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("gremien:nomination-thanks")
    else:
        # A link from an expert group's page preselects the group.
        group = Committee.objects.filter(
            kind=Committee.Kind.EXPERT_GROUP, slug=request.GET.get("gremium", "")
        ).first()
        form = NominationForm(initial={"committee": group})
    return render(request, "gremien/nomination_form.html", {"form": form})


def nomination_thanks(request):
    """Confirmation after a proposal was received."""
    return render(request, "gremien/nomination_thanks.html")
