"""Beschlussfähigkeit: how many votes were present at a meeting, and whether that is enough.

The council document gives the steering group its seats and says that the Fachbereich Soziales
"hat eine gemeinsame Stimme mit der vorsitzenden Sport- und Sozialdezernentin und nimmt deren
Vertretung wahr"; it says nothing about a quorum. The rule chosen here (docs/gremien.md): a body
is quorate when more than half of the votes its seat scheme provides are present.

Votes are counted as the staffing check counts them (``staffing.count_votes``), only with the
members present: every voting seat one vote; a seat that shares its vote (Soziales) adds none of
its own but carries the shared vote when the other seat's holder (the chair) is absent. Chair
and Soziales both present are one vote. A body without a scheme counts its voting members.
"""

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Attendance, Meeting, Membership
from .staffing import check_staffing, count_votes


@dataclass(frozen=True)
class Quorum:
    """Votes present at a meeting against the votes of the body."""

    recorded: bool  # whether any attendance was recorded
    votes_present: int
    votes_total: int
    persons_present: int
    shared_vote: bool  # the scheme has seats sharing one vote

    @property
    def votes_needed(self) -> int:
        """More than half of all votes."""
        return self.votes_total // 2 + 1

    @property
    def quorate(self) -> bool:
        return self.recorded and self.votes_total > 0 and self.votes_present >= self.votes_needed

    @property
    def rule(self) -> str:
        """The rule applied, in words."""
        rule = _(
            "Quorate when more than half of the votes are present: at least %(needed)s of "
            "%(total)s votes."
        ) % {"needed": self.votes_needed, "total": self.votes_total}
        if self.shared_vote:
            rule += " " + _(
                "Seats that share one vote (the chair and the Fachbereich Soziales) count once, "
                "even when both are present."
            )
        return rule

    @property
    def summary(self) -> str:
        """E.g. "13 von 23 Stimmen anwesend: beschlussfähig"."""
        values = {"present": self.votes_present, "total": self.votes_total}
        if self.quorate:
            return _("%(present)s of %(total)s votes present: quorate") % values
        return _("%(present)s of %(total)s votes present: not quorate") % values


def meeting_quorum(meeting: Meeting, attendances: Iterable[Attendance] | None = None) -> Quorum:
    """Count the votes present at the meeting by the body's seat rules on the meeting's day.

    ``attendances`` may come prefetched; otherwise they are loaded. Three queries at most.
    """
    if attendances is None:
        attendances = Attendance.objects.filter(meeting=meeting)
    attendances = list(attendances)
    present = {a.person_id for a in attendances if a.status == Attendance.Status.PRESENT}
    day = timezone.localdate(meeting.start)
    report = check_staffing(meeting.committee, on=day)
    if report.has_rules:
        seats = [
            dataclasses.replace(seat, members=[m for m in seat.members if m.person_id in present])
            for seat in report.seats
        ]
        _expected, votes_present = count_votes(seats)
        votes_total = report.votes_expected
        shared = any(seat.rule.shares_vote_with_id for seat in report.seats)
    else:
        voting: list[Membership] = [m for m in report.members if m.has_vote]
        votes_total = len(voting)
        votes_present = sum(1 for m in voting if m.person_id in present)
        shared = False
    return Quorum(
        recorded=bool(attendances),
        votes_present=votes_present,
        votes_total=votes_total,
        persons_present=len(present),
        shared_vote=shared,
    )
