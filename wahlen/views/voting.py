"""The voting page: code → ballot → confirmation → receipt. No account; the code is the key.

The code travels from step to step in a hidden form field and is never put in the session
(sessions live in the database, which must never hold a plain code). Pages are not cached.
"""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from ..forms import ABSTAIN, BallotForm, CodeForm
from ..models import Election
from ..services import UnknownCode, cast_ballot, check_code, open_round_of

# Wrong codes allowed per client before it has to wait; codes are long enough that this only
# keeps a mistyping script from hammering the database, not a guard against guessing.
WRONG_CODE_LIMIT = 10
WRONG_CODE_WINDOW = 15 * 60


def _client_key(request) -> str:
    """A keyed hash of the client address: the limit needs no raw IP address stored anywhere."""
    address = request.META.get("REMOTE_ADDR", "")
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256)
    return f"wahlen:wrong-code:{digest.hexdigest()[:32]}"


def _too_many_wrong_codes(request) -> bool:
    return cache.get(_client_key(request), 0) >= WRONG_CODE_LIMIT


def _count_wrong_code(request) -> None:
    key = _client_key(request)
    cache.add(key, 0, WRONG_CODE_WINDOW)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WRONG_CODE_WINDOW)


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
    if _too_many_wrong_codes(request):
        code_form.is_valid()
        code_form.add_error(
            None,
            _(
                "Too many invalid codes were entered from this device. Please wait a quarter of "
                "an hour or contact the election office."
            ),
        )
        return _page(request, election, voting_round, step="code", form=code_form, status=429)
    if not code_form.is_valid():
        return _page(request, election, voting_round, step="code", form=code_form, status=400)
    code = code_form.cleaned_data["code"]
    try:
        check_code(election=election, code=code)
    except ValidationError as error:
        if isinstance(error, UnknownCode):
            _count_wrong_code(request)
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
