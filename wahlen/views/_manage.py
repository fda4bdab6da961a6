"""Loading, authorizing and answering, shared by the pages of the Wahlleitung (OE 50.6).

manage_election serves the election page (set up, settings, register, nominations, publish),
manage_rounds the page of each round (open, close, codes, paper ballots, counts, lots).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect

from ..models import Election, VotingRound
from ..permissions import can_manage_election


def _election_to_manage(user, slug: str) -> Election:
    """Load an election for the Wahlleitung: 404 if there is none, 403 for anybody else."""
    election = get_object_or_404(Election.objects.select_related("committee"), slug=slug)
    if not can_manage_election(user, election):
        raise PermissionDenied
    return election


def _round_to_manage(user, slug: str, number: int) -> VotingRound:
    election = _election_to_manage(user, slug)
    return get_object_or_404(
        VotingRound.objects.select_related("election__committee"), election=election, number=number
    )


def _back(election: Election):
    return redirect("wahlen:manage", slug=election.slug)


def _back_to_round(voting_round: VotingRound):
    return redirect("wahlen:round", slug=voting_round.election.slug, number=voting_round.number)


def _fail(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)
