"""Who may do what in wahlen: the only place that decides it."""

from gremien.permissions import is_office

from .models import Election


def can_manage_election(user, election: Election | None = None) -> bool:
    """The Wahlleitung is the office (OE 50.6): it runs every step from set-up to publication."""
    return is_office(user)


def can_see_results(user, election: Election) -> bool:
    """Results and the protocol are public once published; the Wahlleitung sees them before."""
    return election.is_published or can_manage_election(user, election)
