"""The live staffing check (Besetzung): one function says what a body lacks or has too much of.

It works on prefetched data only, so pages can check many bodies with a fixed number of queries:
load committees through ``with_staffing_data()`` and call ``check_staffing`` on each.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from .models import Committee, Membership, Person, Role, SeatRule


def with_staffing_data(
    committees: QuerySet[Committee], on: datetime.date | None = None
) -> QuerySet[Committee]:
    """Prefetch what check_staffing needs: seat rules and the current memberships with persons."""
    current = (
        Membership.objects.current(on)
        .select_related("person", "organization")
        .order_by("start_date", "pk")
    )
    return committees.prefetch_related(
        Prefetch("seat_rules", queryset=SeatRule.objects.select_related("organization")),
        Prefetch("memberships", queryset=current, to_attr="current_memberships"),
    )


@dataclass
class SeatStatus:
    """One seat rule and the current members who fill it."""

    rule: SeatRule
    min_count: int
    max_count: int
    members: list[Membership] = field(default_factory=list)

    @property
    def filled(self) -> int:
        return len(self.members)

    @property
    def missing(self) -> int:
        return max(self.min_count - self.filled, 0)

    @property
    def exceeding(self) -> int:
        return max(self.filled - self.max_count, 0)

    @property
    def open_seats(self) -> int:
        """Seats still free up to the maximum."""
        return max(self.max_count - self.filled, 0)


@dataclass
class StaffingReport:
    committee: Committee
    seats: list[SeatStatus]
    unassigned: list[Membership]
    members: list[Membership]
    purely_internal: bool
    gender_counts: dict[str, int]
    gender_not_stated: int
    international_count: int
    international_not_stated: int
    votes_expected: int
    votes_filled: int

    @property
    def member_count(self) -> int:
        return len(self.members)

    @property
    def missing(self) -> list[SeatStatus]:
        return [seat for seat in self.seats if seat.missing]

    @property
    def exceeding(self) -> list[SeatStatus]:
        return [seat for seat in self.seats if seat.exceeding]

    @property
    def missing_count(self) -> int:
        return sum(seat.missing for seat in self.seats)

    @property
    def seat_capacity(self) -> int:
        return sum(seat.max_count for seat in self.seats)

    @property
    def filled_seat_count(self) -> int:
        """Seats taken, each counted up to its maximum."""
        return sum(min(seat.filled, seat.max_count) for seat in self.seats)

    @property
    def open_seat_count(self) -> int:
        return sum(seat.open_seats for seat in self.seats)

    @property
    def has_rules(self) -> bool:
        return bool(self.seats)

    @property
    def complete(self) -> bool:
        """Every seat rule holds and nobody sits outside the scheme."""
        return self.has_rules and not self.missing and not self.exceeding and not self.unassigned

    @property
    def all_votes_filled(self) -> bool:
        return self.votes_expected > 0 and self.votes_filled == self.votes_expected

    @property
    def parity(self) -> bool | None:
        """Women and men differ by at most one; None while nobody has stated a gender."""
        women = self.gender_counts.get(Person.Gender.FEMALE, 0)
        men = self.gender_counts.get(Person.Gender.MALE, 0)
        if not self.committee.parity_target or women + men == 0:
            return None
        return abs(women - men) <= 1

    @property
    def international_share(self) -> int | None:
        """Percent of current members with international history (not stated counts as no)."""
        if not self.members:
            return None
        return round(100 * self.international_count / len(self.members))

    @property
    def international_target_met(self) -> bool | None:
        target = self.committee.international_history_target
        if target is None or not self.members:
            return None
        return self.international_count * 100 >= target * len(self.members)


def _rule_for(membership: Membership, rules: list[SeatRule]) -> SeatRule | None:
    """The seat a membership fills: same role and sending organisation, else same role alone."""
    same_role = [rule for rule in rules if rule.role == membership.role]
    for rule in same_role:
        if rule.organization_id and rule.organization_id == membership.organization_id:
            return rule
    for rule in same_role:
        if rule.organization_id is None:
            return rule
    return None


def check_staffing(committee: Committee, on: datetime.date | None = None) -> StaffingReport:
    """Compare a body's current memberships with its seat rules and targets."""
    if hasattr(committee, "current_memberships") and on is None:
        members = list(committee.current_memberships)
    else:
        members = list(
            Membership.objects.current(on)
            .filter(committee=committee)
            .select_related("person", "organization")
            .order_by("start_date", "pk")
        )
    rules = list(committee.seat_rules.all())
    seats = {rule.pk: SeatStatus(rule, rule.min_count, rule.max_count) for rule in rules}
    unassigned = []
    for membership in members:
        rule = _rule_for(membership, rules)
        if rule is None:
            unassigned.append(membership)
        else:
            seats[rule.pk].members.append(membership)
    if not rules:
        unassigned = []  # a body without a scheme has members, not seats

    purely_internal = _apply_internal_exception(committee, list(seats.values()))

    genders = Counter(m.person.gender for m in members)
    not_stated = genders.pop("", 0)
    international = sum(1 for m in members if m.person.international_history)
    international_unknown = sum(1 for m in members if m.person.international_history is None)

    votes_expected, votes_filled = count_votes(list(seats.values()))
    return StaffingReport(
        committee=committee,
        seats=list(seats.values()),
        unassigned=unassigned,
        members=members,
        purely_internal=purely_internal,
        gender_counts=dict(genders),
        gender_not_stated=not_stated,
        international_count=international,
        international_not_stated=international_unknown,
        votes_expected=votes_expected,
        votes_filled=votes_filled,
    )


def _apply_internal_exception(committee: Committee, seats: list[SeatStatus]) -> bool:
    """A body that may be staffed purely internally needs no external experts when it has none.

    Its internal seats then take up the external places as well (so 2-8 internal experts).
    """
    if not committee.internal_staffing_allowed:
        return False
    external = [seat for seat in seats if seat.rule.role == Role.EXTERNAL_EXPERT]
    internal = [seat for seat in seats if seat.rule.role == Role.INTERNAL_EXPERT]
    if not external or not internal or any(seat.filled for seat in external):
        return False
    for seat in external:
        internal[0].max_count += seat.max_count
        seat.min_count = 0
        seat.max_count = 0
    return True


def count_votes(seats: list[SeatStatus]) -> tuple[int, int]:
    """Votes the scheme provides and votes held by the seats' members.

    A seat that shares its vote with another (Fachbereich Soziales with the chair) adds no vote
    of its own, but keeps the shared vote alive while the other seat is empty (it deputises).
    The quorum (gremien/quorum.py) passes the seats with only the members present.
    """
    expected = filled = 0
    for seat in seats:
        if not seat.rule.has_vote or seat.rule.shares_vote_with_id:
            continue
        expected += seat.max_count
        held = min(_voters(seat), seat.max_count)
        if held < seat.max_count:
            deputies = sum(
                _voters(other) for other in seats if other.rule.shares_vote_with_id == seat.rule.pk
            )
            held = min(held + deputies, seat.max_count)
        filled += held
    return expected, filled


def _voters(seat: SeatStatus) -> int:
    return sum(1 for membership in seat.members if membership.has_vote)
