"""The Wahlleitung's round pages (OE 50.6): open, close, codes, paper ballots, counts, lots.

Every view: parse → authorize → call a service → redirect (or show the page again with the
form that failed, status 400). Permissions come from wahlen/permissions.py only.

Two answers carry a secret that exists nowhere else: the code sheet and the round's private key.
Both are rendered straight into the response to the POST that created them, never cached, and
never put into the session, the messages, the cache or a log.
"""

from dataclasses import dataclass
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST

from gremien.models import Organization

from .. import services
from ..counting import outcome, tally
from ..forms import CountForm, LotDrawForm, LotRecordForm, PaperCountForm, RepeatRoundForm
from ..models import PaperCount, Participation, VotingCode, VotingRound
from ._manage import _back, _back_to_round, _election_to_manage, _fail, _round_to_manage

# Rounds -----------------------------------------------------------------------------------------


@sensitive_variables("opened", "context", "key_file")
def _key_sheet(request, opened: services.OpenedRound):
    """The round's private key, shown this once: as text to print and as a file to download.

    The download is a data: link inside this very response, so no second request needs the
    key; the page is not cached (never_cache on the views).
    """
    voting_round = opened.voting_round
    election = voting_round.election
    context = {
        "election": election,
        "voting_round": voting_round,
        "private_key": opened.private_key,
        "fingerprint": voting_round.key_fingerprint,
        "created_at": timezone.now(),
        "created_by": request.user,
    }
    key_file = render_to_string("wahlen/manage/round_key.txt", context)
    context["download_href"] = "data:text/plain;charset=utf-8," + quote(key_file, safe="")
    context["download_name"] = f"wahlschluessel-{election.slug}-{voting_round.number}.txt"
    return render(request, "wahlen/manage/round_key.html", context)


@never_cache
@login_required
@require_POST
def round_open(request, slug):
    election = _election_to_manage(request.user, slug)
    try:
        opened = services.open_round(election=election, by=request.user)
    except ValidationError as error:
        _fail(request, error)
        return _back(election)
    return _key_sheet(request, opened)


@dataclass
class VoterRow:
    organization: Organization
    channel: str  # Participation.Channel value or ""
    code_status: str  # VotingCode.Status value or ""


@login_required
def round_manage(request, slug, number):
    """One round: who has voted (not how), codes, paper ballots, the count and the lot."""
    voting_round = _round_to_manage(request.user, slug, number)
    return _round_page(request, voting_round)


def _round_page(request, voting_round: VotingRound, *, failed: forms.Form | None = None):
    election = voting_round.election
    candidacies = list(
        voting_round.candidacies.select_related("person", "organization").order_by(
            "person__family_name", "person__given_name", "pk"
        )
    )
    channels = dict(voting_round.participations.values_list("organization", "channel"))
    codes = {}
    for organization_id, status in voting_round.codes.order_by("created_at", "pk").values_list(
        "organization", "status"
    ):
        codes[organization_id] = status  # the newest code of each organisation wins
    voters = [
        VoterRow(
            organization=entry.organization,
            channel=channels.get(entry.organization_id, ""),
            code_status=codes.get(entry.organization_id, ""),
        )
        for entry in election.register.select_related("organization").order_by("organization__name")
    ]
    is_open = voting_round.is_open
    closed = voting_round.status == VotingRound.Status.CLOSED
    # The urn stays sealed until the count opens it with the key: no interim result.
    result = tally(voting_round, eligible=len(voters)) if voting_round.is_counted else None
    state = outcome(election) if voting_round.is_counted else None
    tie = state.tie if state and state.tie_round and state.tie_round.pk == voting_round.pk else None

    paper_form = None
    if closed:
        if failed is not None and failed.prefix == "paper":
            paper_form = failed
        else:
            count = PaperCount.objects.filter(voting_round=voting_round).first()
            initial = {}
            initial_votes = {}
            if count is not None:
                initial = {"abstentions": count.abstentions, "invalid": count.invalid}
                initial_votes = dict(count.lines.values_list("candidacy", "votes"))
            paper_form = PaperCountForm(
                prefix="paper",
                candidacies=candidacies,
                initial=initial,
                initial_votes=initial_votes,
            )
    count_form = repeat_form = None
    if closed:
        count_form = CountForm(prefix="count")  # never bound: the key is never sent back
        if failed is not None and failed.prefix == "repeat":
            repeat_form = failed
        else:
            repeat_form = RepeatRoundForm(prefix="repeat")
    lot_form = lot_record_form = None
    if tie is not None:
        lot_form = LotDrawForm(prefix="lot")
        if failed is not None and failed.prefix == "lot-record":
            lot_record_form = failed
        else:
            lot_record_form = LotRecordForm(prefix="lot-record", candidacies=tie.candidacies)
    context = {
        "election": election,
        "voting_round": voting_round,
        "candidacies": candidacies,
        "voters": voters,
        "voted_count": len(channels),
        "codes_generated": bool(codes),
        "is_open": is_open,
        "closed": closed,
        "result": result,
        "outcome": state,
        "tie": tie,
        "paper_form": paper_form,
        "count_form": count_form,
        "repeat_form": repeat_form,
        "lot_form": lot_form,
        "lot_record_form": lot_record_form,
        "Channel": Participation.Channel,
        "CodeStatus": VotingCode.Status,
    }
    status = 200 if failed is None else 400
    return render(request, "wahlen/manage/round.html", context, status=status)


@login_required
@require_POST
def round_close(request, slug, number):
    voting_round = _round_to_manage(request.user, slug, number)
    try:
        services.close_round(voting_round=voting_round, by=request.user)
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(
            request,
            _("%(round)s: voting is closed. Enter the paper ballots, then complete the count.")
            % {"round": voting_round.label},
        )
    return _back_to_round(voting_round)


def _code_sheet(request, voting_round: VotingRound, codes):
    """The code sheet, shown this once: the plain codes exist nowhere else."""
    election = voting_round.election
    context = {
        "election": election,
        "voting_round": voting_round,
        "codes": codes,
        "vote_url": request.build_absolute_uri(reverse("wahlen:vote", args=[election.slug])),
    }
    return render(request, "wahlen/manage/code_sheet.html", context)


@never_cache
@login_required
@require_POST
def codes_generate(request, slug, number):
    voting_round = _round_to_manage(request.user, slug, number)
    try:
        codes = services.generate_codes(voting_round=voting_round, by=request.user)
    except ValidationError as error:
        _fail(request, error)
        return _back_to_round(voting_round)
    return _code_sheet(request, voting_round, codes)


@never_cache
@login_required
@require_POST
def code_reissue(request, slug, number, organization_pk):
    voting_round = _round_to_manage(request.user, slug, number)
    organization = get_object_or_404(Organization, pk=organization_pk)
    try:
        code = services.reissue_code(
            voting_round=voting_round, organization=organization, by=request.user
        )
    except ValidationError as error:
        _fail(request, error)
        return _back_to_round(voting_round)
    return _code_sheet(request, voting_round, [code])


@login_required
@require_POST
def paper_ballot_issue(request, slug, number):
    # The organisation comes in the request body, not in the address: web server logs keep
    # addresses with their time, and this one would tell when an organisation voted (§ 9).
    voting_round = _round_to_manage(request.user, slug, number)
    try:
        organization_pk = int(request.POST.get("organization", ""))
    except ValueError:
        organization_pk = None
    organization = get_object_or_404(Organization, pk=organization_pk)
    try:
        services.issue_paper_ballot(
            voting_round=voting_round, organization=organization, by=request.user
        )
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(
            request,
            _("%(organization)s has received a paper ballot; its code is void.")
            % {"organization": organization},
        )
    return _back_to_round(voting_round)


@login_required
@require_POST
def paper_count_enter(request, slug, number):
    voting_round = _round_to_manage(request.user, slug, number)
    candidacies = list(voting_round.candidacies.select_related("person"))
    form = PaperCountForm(request.POST, prefix="paper", candidacies=candidacies)
    if form.is_valid():
        try:
            services.enter_paper_count(
                voting_round=voting_round,
                votes=form.votes(),
                abstentions=form.cleaned_data["abstentions"],
                invalid=form.cleaned_data["invalid"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The paper count has been saved."))
            return _back_to_round(voting_round)
    return _round_page(request, voting_round, failed=form)


@never_cache
@sensitive_post_parameters("count-private_key")
@sensitive_variables("form", "private_key")
@login_required
@require_POST
def round_finalize(request, slug, number):
    """Count a closed round with its private key: open the sealed ballots, declare it final."""
    voting_round = _round_to_manage(request.user, slug, number)
    private_key = ""
    if voting_round.public_key:  # rounds opened before ballots were sealed have no key
        form = CountForm(request.POST, request.FILES, prefix="count")
        if not form.is_valid():
            # Redirect with the message instead of showing the form again: the page never
            # carries the key back to the browser.
            for errors in form.errors.values():
                for message in errors:
                    messages.error(request, message)
            return _back_to_round(voting_round)
        private_key = form.key_text()
    try:
        services.finalize_count(voting_round=voting_round, private_key=private_key, by=request.user)
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(
            request, _("%(round)s: the count is final.") % {"round": voting_round.label}
        )
    return _back_to_round(voting_round)


@never_cache
@login_required
@require_POST
def round_repeat(request, slug, number):
    """Start a closed, uncounted round again; shows the new private key once."""
    voting_round = _round_to_manage(request.user, slug, number)
    form = RepeatRoundForm(request.POST, prefix="repeat")
    if form.is_valid():
        try:
            opened = services.repeat_round(
                voting_round=voting_round, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _key_sheet(request, opened)
    return _round_page(request, voting_round, failed=form)


@login_required
@require_POST
def lot_draw(request, slug, number):
    voting_round = _round_to_manage(request.user, slug, number)
    form = LotDrawForm(request.POST, prefix="lot")
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.draw_lot(voting_round=voting_round, note=note, by=request.user)
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(request, _("The lot has been drawn and recorded."))
    return _back_to_round(voting_round)


@login_required
@require_POST
def lot_record(request, slug, number):
    voting_round = _round_to_manage(request.user, slug, number)
    try:
        tie = services.pending_tie(voting_round)
    except ValidationError as error:
        _fail(request, error)
        return _back_to_round(voting_round)
    form = LotRecordForm(request.POST, prefix="lot-record", candidacies=tie.candidacies)
    if form.is_valid():
        try:
            services.record_lot(
                voting_round=voting_round,
                order=form.order(),
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The result of the lot has been recorded."))
            return _back_to_round(voting_round)
    return _round_page(request, voting_round, failed=form)
