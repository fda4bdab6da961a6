"""Counting: tallies per round (database aggregates) and the rankings the Wahlordnung asks for.

Nothing here writes. A round's tally takes a fixed number of queries whatever the number of
ballots or candidates, so pages and services can call it freely.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from .models import (
    Ballot,
    Candidacy,
    Election,
    LotDraw,
    PaperCount,
    PaperCountLine,
    Participation,
    VotingRound,
)


@dataclass
class CandidateResult:
    candidacy: Candidacy
    electronic: int = 0
    paper: int = 0
    lot_draw_id: int | None = None  # the lot that ordered this candidacy's tie, if any
    lot_position: int | None = None  # its position in that lot
    rank: int = 0
    through: bool = False  # into the runoff (round 1) or elected (round 2)

    @property
    def votes(self) -> int:
        return self.electronic + self.paper


@dataclass
class Tie:
    """Tied candidacies of which only ``places`` can go on: a lot must decide."""

    candidacies: list[Candidacy]
    places: int
    purpose: str  # LotDraw.Purpose


@dataclass
class Ranking:
    winners: list[Candidacy]
    tie: Tie | None = None


@dataclass
class RoundResult:
    voting_round: VotingRound
    eligible: int
    participations_electronic: int
    participations_paper: int
    electronic_abstentions: int
    paper_abstentions: int
    paper_invalid: int
    paper_entered: bool
    rows: list[CandidateResult] = field(default_factory=list)
    lot_draws: list[LotDraw] = field(default_factory=list)
    ranking: Ranking | None = None

    @property
    def participations(self) -> int:
        return self.participations_electronic + self.participations_paper

    @property
    def turnout_percent(self) -> float | None:
        if not self.eligible:
            return None
        return round(100 * self.participations / self.eligible, 1)

    @property
    def abstentions(self) -> int:
        return self.electronic_abstentions + self.paper_abstentions

    @property
    def valid_votes(self) -> int:
        return sum(row.votes for row in self.rows)

    @property
    def ballots_counted(self) -> int:
        """Electronic ballots plus counted paper ballots (valid, abstentions, invalid)."""
        return self.valid_votes + self.abstentions + self.paper_invalid

    @property
    def has_valid_vote(self) -> bool:
        return self.valid_votes > 0

    @property
    def tie(self) -> Tie | None:
        return self.ranking.tie if self.ranking else None


def rank(
    candidates: list[CandidateResult], places: int, purpose: str
) -> tuple[list[CandidateResult], Ranking]:
    """Order by votes; the first ``places`` win; a tie across the cut needs a lot.

    A lot fixes the order of the tied candidacies it was drawn among; it is used for every later
    cut through the same group (e.g. after a withdrawal), so one tie is never drawn twice.
    """
    ordered = sorted(
        candidates,
        key=lambda row: (
            -row.votes,
            row.lot_position if row.lot_position is not None else 10_000,
            row.candidacy.person.family_name,
            row.candidacy.person.given_name,
            row.candidacy.pk,
        ),
    )
    for number, row in enumerate(ordered, start=1):
        row.rank = number
    if len(ordered) <= places:
        for row in ordered:
            row.through = True
        return ordered, Ranking(winners=[row.candidacy for row in ordered])
    cut_votes = ordered[places - 1].votes
    above = [row for row in ordered if row.votes > cut_votes]
    tied = [row for row in ordered if row.votes == cut_votes]
    free = places - len(above)
    lots = {row.lot_draw_id for row in tied}
    if len(tied) > free and (None in lots or len(lots) != 1):
        for row in above:
            row.through = True
        tie = Tie(candidacies=[row.candidacy for row in tied], places=free, purpose=purpose)
        return ordered, Ranking(winners=[row.candidacy for row in above], tie=tie)
    winners = above + tied[:free]
    for row in winners:
        row.through = True
    return ordered, Ranking(winners=[row.candidacy for row in winners])


def tally(voting_round: VotingRound, *, eligible: int | None = None) -> RoundResult:
    """Votes per candidacy (electronic + paper), abstentions, invalid ballots and turnout."""
    candidacies = list(voting_round.candidacies.select_related("person", "organization"))
    if eligible is None:
        eligible = voting_round.election.register.count()
    channels = Participation.objects.filter(voting_round=voting_round).aggregate(
        electronic=Count("pk", filter=Q(channel=Participation.Channel.ELECTRONIC)),
        paper=Count("pk", filter=Q(channel=Participation.Channel.PAPER)),
    )
    # Sealed ballots are not counted: only the count with the round's key opens them.
    electronic = dict(
        Ballot.objects.filter(voting_round=voting_round, sealed__isnull=True)
        .values_list("candidacy")
        .annotate(votes=Count("pk"))
        .order_by()
    )
    paper_count = PaperCount.objects.filter(voting_round=voting_round).first()
    paper = dict(
        PaperCountLine.objects.filter(paper_count__voting_round=voting_round).values_list(
            "candidacy", "votes"
        )
    )
    lot_draws = list(
        LotDraw.objects.filter(voting_round=voting_round)
        .select_related("drawn_by")
        .prefetch_related("entries__candidacy__person")
    )
    positions = {
        entry.candidacy_id: (lot.pk, entry.position)
        for lot in lot_draws
        for entry in lot.entries.all()
    }
    rows = []
    for candidacy in candidacies:
        row = CandidateResult(
            candidacy=candidacy,
            electronic=electronic.get(candidacy.pk, 0),
            paper=paper.get(candidacy.pk, 0),
        )
        row.lot_draw_id, row.lot_position = positions.get(candidacy.pk, (None, None))
        rows.append(row)
    result = RoundResult(
        voting_round=voting_round,
        eligible=eligible,
        participations_electronic=channels["electronic"],
        participations_paper=channels["paper"],
        electronic_abstentions=electronic.get(None, 0),
        paper_abstentions=paper_count.abstentions if paper_count else 0,
        paper_invalid=paper_count.invalid if paper_count else 0,
        paper_entered=paper_count is not None,
        rows=rows,
        lot_draws=lot_draws,
    )
    if voting_round.number == 1:
        result.rows, result.ranking = _runoff_ranking(rows)
    else:
        result.rows, result.ranking = _seat_ranking(rows)
    return result


def _runoff_ranking(rows: list[CandidateResult]):
    """Round 1: the four best of the standing candidacies go into the runoff (§ 4)."""
    standing = [row for row in rows if row.candidacy.is_standing]
    ordered, ranking = rank(standing, Election.RUNOFF_PLACES, LotDraw.Purpose.RUNOFF)
    withdrawn = [row for row in rows if not row.candidacy.is_standing]
    withdrawn.sort(key=lambda row: (-row.votes, row.candidacy.person.family_name))
    return ordered + withdrawn, ranking


def _seat_ranking(rows: list[CandidateResult]):
    """Round 2: the two with the most votes are elected; nobody without a vote (§ 5)."""
    with_votes = [row for row in rows if row.votes > 0]
    ordered, ranking = rank(with_votes, Election.SEATS, LotDraw.Purpose.SEAT)
    without = [row for row in rows if row.votes == 0]
    without.sort(key=lambda row: (row.candidacy.person.family_name, row.candidacy.pk))
    for number, row in enumerate(without, start=len(ordered) + 1):
        row.rank = number
    return ordered + without, ranking


@dataclass
class Outcome:
    """Where an election stands as a whole."""

    class State:
        PREPARATION = "preparation"
        VOTING = "voting"  # a round is open or being counted
        LOT_PENDING = "lot_pending"  # a tie must be drawn before it can go on
        RUNOFF_READY = "runoff_ready"  # round 1 counted, the runoff can be opened
        DECIDED = "decided"  # final: elected persons known (possibly fewer than two)
        WITHOUT_RESULT = "without_result"  # final: nobody left to elect
        PUBLISHED = "published"

    state: str
    results: list[RoundResult]
    runoff_field: list[Candidacy] = field(default_factory=list)
    elected: list[Candidacy] = field(default_factory=list)
    tie: Tie | None = None
    tie_round: VotingRound | None = None

    @property
    def is_final(self) -> bool:
        return self.state in (self.State.DECIDED, self.State.WITHOUT_RESULT, self.State.PUBLISHED)

    @property
    def vacant_seats(self) -> int:
        return Election.SEATS - len(self.elected)


def outcome(election: Election) -> Outcome:
    """The election's state: rounds with their results, the runoff field, the elected persons."""
    rounds = list(
        election.rounds.select_related(
            "opened_by", "closed_by", "counted_by", "repeated_by"
        ).order_by("number")
    )
    eligible = election.register.count()
    results = [tally(voting_round, eligible=eligible) for voting_round in rounds]
    State = Outcome.State
    if not rounds:
        return Outcome(state=State.PREPARATION, results=results)
    last = results[-1]
    if last.voting_round.status != VotingRound.Status.COUNTED:
        return Outcome(state=State.VOTING, results=results)
    if last.voting_round.number == 1:
        field_ = last.ranking.winners
        if last.tie:
            return Outcome(
                state=State.LOT_PENDING,
                results=results,
                runoff_field=field_,
                tie=last.tie,
                tie_round=last.voting_round,
            )
        if field_:
            return Outcome(state=State.RUNOFF_READY, results=results, runoff_field=field_)
        # Everybody withdrew before the runoff: nobody is left to elect (§ 6).
        state = State.PUBLISHED if election.is_published else State.WITHOUT_RESULT
        return Outcome(state=state, results=results)
    elected = last.ranking.winners
    if last.tie:
        return Outcome(
            state=State.LOT_PENDING,
            results=results,
            elected=elected,
            tie=last.tie,
            tie_round=last.voting_round,
        )
    if election.is_published:
        state = State.PUBLISHED
    else:
        state = State.DECIDED if elected else State.WITHOUT_RESULT
    return Outcome(state=state, results=results, elected=elected)
