"""Staffing of the expert groups by their lead Dezernate (and the office).

The pages show the live staffing check; every change goes through a service in gremien/services/.
A form that fails is shown again on the staffing page with what was typed, never redirected away.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms.meetings import ChairForm
from ..forms.staffing import (
    MemberAddForm,
    MembershipEndForm,
    MembershipReplaceForm,
    NominationAcceptForm,
    NominationDeclineForm,
    ScopeChangeForm,
    organization_choices,
    person_choices,
)
from ..models import Committee, Membership, Nomination, ScopeChange
from ..permissions import can_staff_committee, can_view_staffing_overview, staffable_committees
from ..services import (
    accept_nomination,
    add_member,
    decline_nomination,
    end_membership,
    replace_member,
    set_chair,
)
from ..staffing import check_staffing, with_staffing_data
from .scope import propose_from_form


@dataclass
class MemberRow:
    membership: Membership
    end_form: MembershipEndForm
    replace_form: MembershipReplaceForm


@dataclass
class NominationRow:
    nomination: Nomination
    accept_form: NominationAcceptForm
    decline_form: NominationDeclineForm


def _committee_to_staff(user, slug: str) -> Committee:
    """Load an expert group the user may staff: 404 if there is none, 403 if not theirs."""
    committee = get_object_or_404(Committee, slug=slug, kind=Committee.Kind.EXPERT_GROUP)
    if not can_staff_committee(user, committee):
        raise PermissionDenied
    return committee


def _back_to_staffing(committee: Committee):
    """After a change: the staffing page, which shows the updated check."""
    return redirect("gremien:staffing", slug=committee.slug)


def _date(value) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


@login_required
def overview(request):
    """The expert groups the user's Dezernat leads (the office: all), each with its check."""
    if not can_view_staffing_overview(request.user):
        raise PermissionDenied
    committees = with_staffing_data(
        staffable_committees(request.user)
        .annotate(
            open_nomination_count=Count(
                "nominations",
                filter=Q(nominations__status=Nomination.Status.PROPOSED),
                distinct=True,
            )
        )
        .prefetch_related("lead_departments")
        .order_by("position", "name")
    )
    reports = [check_staffing(committee) for committee in committees]
    return render(request, "gremien/staffing_overview.html", {"reports": reports})


@login_required
def committee_staffing(request, slug):
    """One expert group: the staffing check, its members, the pool and the topic scope."""
    committee = _committee_to_staff(request.user, slug)
    return _staffing_page(request, committee)


def _staffing_page(request, committee: Committee, *, failed: forms.Form | None = None):
    """Render the staffing page; a form that failed takes the place of its empty twin.

    The page runs a fixed number of queries: the select options are built once and handed to
    every form, and all lists come from one query each.
    """
    committee = (
        with_staffing_data(Committee.objects.filter(pk=committee.pk))
        .prefetch_related("subtopics", "lead_departments")
        .get()
    )
    report = check_staffing(committee)
    people = person_choices(exclude_committee=committee)
    organizations = organization_choices()
    if failed is not None and "person" in failed.fields:
        # Keep the chosen person visible even if they sit in the group already.
        failed.fields["person"].choices = person_choices()
        failed.fields["organization"].choices = organizations

    def pick(form_class, prefix, **kwargs):
        if failed is not None and failed.prefix == prefix:
            return failed
        return form_class(prefix=prefix, **kwargs)

    person_kwargs = {"person_choices": people, "organization_choices": organizations}
    member_rows = [
        MemberRow(
            membership=membership,
            end_form=pick(MembershipEndForm, f"end-{membership.pk}", membership=membership),
            replace_form=pick(
                MembershipReplaceForm,
                f"replace-{membership.pk}",
                membership=membership,
                **person_kwargs,
            ),
        )
        for membership in report.members
    ]
    nominations = (
        Nomination.objects.filter(committee=committee, status=Nomination.Status.PROPOSED)
        .select_related("organization")
        .order_by("created_at", "pk")
    )
    nomination_rows = [
        NominationRow(
            nomination=nomination,
            accept_form=pick(NominationAcceptForm, f"accept-{nomination.pk}"),
            decline_form=pick(NominationDeclineForm, f"decline-{nomination.pk}"),
        )
        for nomination in nominations
    ]
    today = timezone.localdate()
    not_current = (
        Membership.objects.filter(committee=committee)
        .filter(Q(end_date__lt=today) | Q(start_date__gt=today))
        .select_related("person", "organization", "replaced_by__person")
        .order_by("-start_date", "-pk")
    )
    upcoming = [m for m in not_current if m.start_date > today]
    former = [m for m in not_current if m.start_date <= today]
    scope_changes = list(committee.scope_changes.all())
    pending_statuses = {ScopeChange.Status.PROPOSED, ScopeChange.Status.AGREED}
    pending_change = next((c for c in scope_changes if c.status in pending_statuses), None)
    subtopics = [subtopic.name for subtopic in committee.subtopics.all()]
    add_form = pick(MemberAddForm, "add", committee=committee, **person_kwargs)
    chair_form = pick(ChairForm, "chair", members=report.members)
    scope_form = pick(
        ScopeChangeForm,
        "scope",
        initial={"new_name": committee.name, "new_subtopics": "\n".join(subtopics)},
    )
    shown = [add_form, scope_form, chair_form]
    shown += [form for row in member_rows for form in (row.end_form, row.replace_form)]
    shown += [form for row in nomination_rows for form in (row.accept_form, row.decline_form)]
    # A failed action on something the page no longer lists (e.g. a proposal decided meanwhile)
    # still has to say what went wrong.
    stray_errors = []
    if failed is not None and not any(form is failed for form in shown):
        stray_errors = [error for errors in failed.errors.values() for error in errors]
    context = {
        "committee": committee,
        "report": report,
        "lead_departments": list(committee.lead_departments.all()),
        "subtopics": subtopics,
        "member_rows": member_rows,
        "add_form": add_form,
        "chair_form": chair_form,
        "chair": next((m for m in report.members if m.is_chair), None),
        "nomination_rows": nomination_rows,
        "scope_form": scope_form,
        "pending_change": pending_change,
        "settled_changes": [c for c in scope_changes if c is not pending_change],
        "upcoming": upcoming,
        "former": former,
        "stray_errors": stray_errors,
    }
    status = 200 if failed is None else 400
    return render(request, "gremien/committee_staffing.html", context, status=status)


@login_required
@require_POST
def member_add(request, slug):
    committee = _committee_to_staff(request.user, slug)
    form = MemberAddForm(request.POST, prefix="add", committee=committee)
    if form.is_valid():
        try:
            membership = add_member(
                committee=committee,
                person=form.cleaned_data["person"],
                new_person=form.new_person_data(),
                role=form.cleaned_data["role"],
                start_date=form.cleaned_data["start_date"],
                end_date=form.cleaned_data["end_date"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(person)s is now a member of %(committee)s.")
                % {"person": membership.person, "committee": committee},
            )
            return _back_to_staffing(committee)
    return _staffing_page(request, committee, failed=form)


@login_required
@require_POST
def membership_end(request, slug, pk):
    committee = _committee_to_staff(request.user, slug)
    membership = get_object_or_404(
        Membership.objects.select_related("person"), pk=pk, committee=committee
    )
    form = MembershipEndForm(request.POST, prefix=f"end-{membership.pk}", membership=membership)
    if form.is_valid():
        try:
            end_membership(
                membership=membership, end_date=form.cleaned_data["end_date"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The membership of %(person)s ends on %(date)s.")
                % {"person": membership.person, "date": _date(form.cleaned_data["end_date"])},
            )
            return _back_to_staffing(committee)
    return _staffing_page(request, committee, failed=form)


@login_required
@require_POST
def membership_replace(request, slug, pk):
    committee = _committee_to_staff(request.user, slug)
    membership = get_object_or_404(
        Membership.objects.select_related("person"), pk=pk, committee=committee
    )
    form = MembershipReplaceForm(
        request.POST, prefix=f"replace-{membership.pk}", membership=membership
    )
    if form.is_valid():
        try:
            successor = replace_member(
                membership=membership,
                person=form.cleaned_data["person"],
                new_person=form.new_person_data(),
                start_date=form.cleaned_data["start_date"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(new)s succeeds %(old)s from %(date)s.")
                % {
                    "new": successor.person,
                    "old": membership.person,
                    "date": _date(form.cleaned_data["start_date"]),
                },
            )
            return _back_to_staffing(committee)
    return _staffing_page(request, committee, failed=form)


@login_required
@require_POST
def nomination_accept(request, slug, pk):
    committee = _committee_to_staff(request.user, slug)
    nomination = get_object_or_404(Nomination, pk=pk, committee=committee)
    form = NominationAcceptForm(request.POST, prefix=f"accept-{nomination.pk}")
    if form.is_valid():
        try:
            membership = accept_nomination(
                nomination=nomination,
                role=form.cleaned_data["role"],
                start_date=form.cleaned_data["start_date"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(person)s has been taken over from the pool into %(committee)s.")
                % {"person": membership.person, "committee": committee},
            )
            return _back_to_staffing(committee)
    return _staffing_page(request, committee, failed=form)


@login_required
@require_POST
def nomination_decline(request, slug, pk):
    committee = _committee_to_staff(request.user, slug)
    nomination = get_object_or_404(Nomination, pk=pk, committee=committee)
    form = NominationDeclineForm(request.POST, prefix=f"decline-{nomination.pk}")
    if form.is_valid():
        try:
            decline_nomination(
                nomination=nomination, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The proposal of %(given)s %(family)s has been declined.")
                % {"given": nomination.given_name, "family": nomination.family_name},
            )
            return _back_to_staffing(committee)
    return _staffing_page(request, committee, failed=form)


@login_required
@require_POST
def scope_change_propose(request, slug):
    committee = _committee_to_staff(request.user, slug)
    form = ScopeChangeForm(request.POST, prefix="scope")
    if propose_from_form(request, committee, form):
        return _back_to_staffing(committee)
    return _staffing_page(request, committee, failed=form)


@login_required
@require_POST
def chair_set(request, slug):
    """Name the chair (Vorsitz / Sprecher*in) of the group, or leave it without one."""
    committee = _committee_to_staff(request.user, slug)
    members = list(
        Membership.objects.current().filter(committee=committee).select_related("person")
    )
    form = ChairForm(request.POST, prefix="chair", members=members)
    if form.is_valid():
        chosen = form.chosen()
        try:
            set_chair(committee=committee, membership=chosen, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if chosen is None:
                message = _("%(committee)s has no chair at the moment.") % {"committee": committee}
            else:
                message = _("%(person)s is now the chair of %(committee)s.") % {
                    "person": chosen.person,
                    "committee": committee,
                }
            messages.success(request, message)
            return _back_to_staffing(committee)
    return _staffing_page(request, committee, failed=form)
