"""The Wahlleitung's election page (OE 50.6): set up, settings, register, nominations, publish.

Every view: parse → authorize → call a service → redirect (or show the page again with the
form that failed, status 400). Permissions come from wahlen/permissions.py only.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gremien.models import Organization

from .. import services
from ..counting import outcome
from ..forms import ElectionForm, NominationForm, RegisterForm
from ..models import Candidacy, Election
from ..permissions import can_manage_election
from ._manage import _back, _election_to_manage, _fail

# Setting up -------------------------------------------------------------------------------------


@login_required
def election_create(request):
    """Set up a new election (form page)."""
    if not can_manage_election(request.user):
        raise PermissionDenied
    form = ElectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            election = services.create_election(**form.cleaned_data, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The election has been set up."))
            return _back(election)
    status = 400 if form.errors else 200
    return render(request, "wahlen/manage/election_create.html", {"form": form}, status=status)


@dataclass
class RegisterRow:
    entry: object
    has_candidacy: bool


@login_required
def election_manage(request, slug):
    """The Wahlleitung's overview of one election with every step it can take now."""
    election = _election_to_manage(request.user, slug)
    return _manage_page(request, election)


def _manage_page(request, election: Election, *, failed: forms.Form | None = None):
    """Render the overview; a form that failed takes the place of its empty twin."""

    def pick(form_class, prefix, **kwargs):
        if failed is not None and failed.prefix == prefix:
            return failed
        return form_class(prefix=prefix, **kwargs)

    candidacies = list(election.candidacies.select_related("person", "organization"))
    nominating = {c.organization_id for c in candidacies if c.is_standing}
    register = [
        RegisterRow(entry=entry, has_candidacy=entry.organization_id in nominating)
        for entry in election.register.select_related("organization").order_by("organization__name")
    ]
    in_preparation = election.status == Election.Status.PREPARATION
    state = outcome(election)
    context = {
        "election": election,
        "in_preparation": in_preparation,
        "register": register,
        "candidacies": candidacies,
        "outcome": state,
        "settings_form": (
            pick(ElectionForm, "settings", instance=election) if in_preparation else None
        ),
        "register_form": (
            pick(RegisterForm, "register", election=election) if in_preparation else None
        ),
        "nomination_form": (
            pick(NominationForm, "nomination", election=election) if in_preparation else None
        ),
        "can_open_round": state.state in (state.State.PREPARATION, state.State.RUNOFF_READY),
        "can_publish": state.state in (state.State.DECIDED, state.State.WITHOUT_RESULT),
    }
    status = 200 if failed is None else 400
    return render(request, "wahlen/manage/election.html", context, status=status)


@login_required
@require_POST
def election_update(request, slug):
    election = _election_to_manage(request.user, slug)
    form = ElectionForm(request.POST, prefix="settings", instance=election)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.update_election(
                election=election,
                title=data["title"],
                nomination_deadline=data["nomination_deadline"],
                voting_date=data["voting_date"],
                place=data["place"],
                description=data["description"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The settings have been saved."))
            return _back(election)
    election.refresh_from_db()  # the form changed the instance it was given
    return _manage_page(request, election, failed=form)


@login_required
@require_POST
def register_add(request, slug):
    election = _election_to_manage(request.user, slug)
    form = RegisterForm(request.POST, prefix="register", election=election)
    if form.is_valid():
        organization = form.cleaned_data["organization"]
        try:
            services.register_organization(
                election=election, organization=organization, by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(organization)s is now on the register.") % {"organization": organization},
            )
            return _back(election)
    return _manage_page(request, election, failed=form)


@login_required
@require_POST
def register_remove(request, slug, organization_pk):
    election = _election_to_manage(request.user, slug)
    organization = get_object_or_404(Organization, pk=organization_pk)
    try:
        services.unregister_organization(
            election=election, organization=organization, by=request.user
        )
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(
            request,
            _("%(organization)s has been taken off the register.") % {"organization": organization},
        )
    return _back(election)


@login_required
@require_POST
def candidacy_add(request, slug):
    election = _election_to_manage(request.user, slug)
    form = NominationForm(request.POST, prefix="nomination", election=election)
    if form.is_valid():
        data = form.cleaned_data
        try:
            candidacy = services.nominate_person(
                election=election,
                organization=data["organization"],
                person=data["person"],
                new_person={
                    "given_name": data["given_name"],
                    "family_name": data["family_name"],
                    "email": data["email"],
                },
                consent=data["consent"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(person)s is now a candidate of %(organization)s.")
                % {"person": candidacy.person, "organization": candidacy.organization},
            )
            return _back(election)
    return _manage_page(request, election, failed=form)


@login_required
@require_POST
def candidacy_withdraw(request, slug, pk):
    election = _election_to_manage(request.user, slug)
    candidacy = get_object_or_404(
        Candidacy.objects.select_related("person", "election"), pk=pk, election=election
    )
    try:
        services.withdraw_candidacy(candidacy=candidacy, by=request.user)
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(
            request,
            _("The withdrawal of %(person)s has been recorded.") % {"person": candidacy.person},
        )
    return _back(election)


# Result -----------------------------------------------------------------------------------------


@login_required
@require_POST
def publish(request, slug):
    election = _election_to_manage(request.user, slug)
    try:
        memberships = services.publish_result(election=election, by=request.user)
    except ValidationError as error:
        _fail(request, error)
        return _back(election)
    if memberships:
        messages.success(
            request,
            _("The result has been published. %(names)s now hold the MSO seats of %(body)s.")
            % {
                "names": ", ".join(str(membership.person) for membership in memberships),
                "body": election.committee,
            },
        )
    else:
        messages.success(request, _("The result has been published."))
    return redirect(election)
