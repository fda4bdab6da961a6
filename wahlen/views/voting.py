"""The voting page: code → ballot → confirmation → receipt. No account; the code is the key.

The code travels from step to step in a hidden form field and is never put in the session
(sessions live in the database, which must never hold a plain code). Pages are not cached.

Wrong codes are limited per network of the visitor (lip.ratelimit, limit "voting_code_network"),
but only wrong ones: the code is checked first, and a valid code always goes through, so a
mistyping or hostile neighbour on the same network cannot keep an organisation from voting.
The codes are long enough (about 59 bits) that the limit is not what stops guessing; it keeps
scripts from hammering the database.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from lip.ratelimit import hit, network_of

from ..forms import ABSTAIN, BallotForm, CodeForm
from ..models import Election
from ..services import UnknownCode, cast_ballot, check_code, open_round_of

RATE_LIMIT = "voting_code_network"


def _page(request, election, voting_round, *, step, form=None, status=200, choice=None):
    context = {
        "election": election,
        "voting_round": voting_round,
        "step": step,
        "form": form,
        "choice": choice,
        "abstain": ABSTAIN,
    }
    return render(request, "wahlen/vote.html", context, status=status)


@never_cache
@sensitive_post_parameters("code")
def vote(request, slug):
    """One page, three steps; the last one casts the vote and redirects to the receipt."""
    election = get_object_or_404(Election, slug=slug)
    voting_round = open_round_of(election)
    if voting_round is None:
        return _page(request, election, None, step="closed")
    if request.method != "POST":
        return _page(request, election, voting_round, step="code", form=CodeForm())

    step = request.POST.get("step", "code")
    code_form = CodeForm(request.POST)
    if not code_form.is_valid():
        return _page(request, election, voting_round, step="code", form=code_form, status=400)
    code = code_form.cleaned_data["code"]
    try:
        check_code(election=election, code=code)
    except UnknownCode as error:
        # Only codes that belong to nobody count; used or replaced codes are real ones.
        if hit(RATE_LIMIT, network_of(request)):
            code_form.add_error(
                None,
                _(
                    "Too many invalid codes were entered from your network. Please check the "
                    "code on your code slip, try again later or contact the election office. "
                    "A valid code is still accepted."
                ),
            )
            return _page(request, election, voting_round, step="code", form=code_form, status=429)
        code_form.add_error("code", error)
        return _page(request, election, voting_round, step="code", form=code_form, status=400)
    except ValidationError as error:
        code_form.add_error("code", error)
        return _page(request, election, voting_round, step="code", form=code_form, status=400)

    candidacies = list(
        voting_round.candidacies.select_related("person", "organization").order_by(
            "person__family_name", "person__given_name", "pk"
        )
    )
    if step == "code" or "back" in request.POST:
        initial = {"code": code, "choice": request.POST.get("choice")}
        form = BallotForm(initial=initial, candidacies=candidacies)
        return _page(request, election, voting_round, step="ballot", form=form)

    ballot_form = BallotForm(request.POST, candidacies=candidacies)
    if not ballot_form.is_valid():
        return _page(request, election, voting_round, step="ballot", form=ballot_form, status=400)
    choice = ballot_form.candidacy()
    if step == "ballot":
        return _page(
            request, election, voting_round, step="confirm", form=ballot_form, choice=choice
        )

    try:
        cast_ballot(election=election, code=code, candidacy=choice)
    except ValidationError as error:
        code_form.add_error(None, error)
        return _page(request, election, voting_round, step="code", form=code_form, status=400)
    return redirect("wahlen:vote-done", slug=election.slug)


@never_cache
def vote_done(request, slug):
    """The receipt: the vote arrived. It does not say what was chosen."""
    election = get_object_or_404(Election, slug=slug)
    return render(request, "wahlen/vote_done.html", {"election": election})
