"""Confirmation pages of the Wahlleitung's irreversible steps: opening and closing a round.

Each page says what will happen and carries the one POST button; the state changes only in the
POST views of manage_rounds (round_open, round_close), which stay the only ones that change it.
When the step is not possible now, the page says why and shows no button.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import services
from ..models import Election
from ._manage import _election_to_manage, _round_to_manage


@login_required
@require_GET
def round_open_confirm(request, slug):
    """Before opening a round: its ballot, the frozen register, the key shown once."""
    election = _election_to_manage(request.user, slug)
    try:
        upcoming = services.next_round(election)
    except ValidationError as error:
        upcoming, refusal = None, error.messages[0]
    else:
        refusal = ""
    context = {
        "election": election,
        "upcoming": upcoming,
        "refusal": refusal,
        "first": election.status == Election.Status.PREPARATION,
        "eligible_count": election.register.count(),
    }
    return render(request, "wahlen/manage/round_open_confirm.html", context)


@login_required
@require_GET
def round_close_confirm(request, slug, number):
    """Before closing a round: who has voted, who can no longer vote, what comes next."""
    voting_round = _round_to_manage(request.user, slug, number)
    eligible = voting_round.election.register.count()
    voted = voting_round.participations.count()
    context = {
        "election": voting_round.election,
        "voting_round": voting_round,
        "eligible_count": eligible,
        "voted_count": voted,
        "not_voted_count": eligible - voted,
    }
    return render(request, "wahlen/manage/round_close_confirm.html", context)
