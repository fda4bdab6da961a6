"""A draft's page and the section editor of its expert group (submitting: submission.py).

A form that fails is shown again with what was typed (status 400, or 409 for an edit conflict);
nothing a person typed is lost.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms import (
    DeadlineForm,
    GenderRelevanceForm,
    MoveForm,
    RevisionForm,
    SectionForm,
    SubmitForm,
    section_initial,
)
from ..models import (
    ConsultationRequest,
    Decision,
    Draft,
    DraftSection,
    DraftVersion,
    Requirement,
    SectionKind,
)
from ..permissions import (
    can_edit_draft,
    can_extend_deadline,
    can_file_statement,
    can_record_decision,
    can_submit_draft,
    can_view_draft,
    can_view_statements,
    can_view_version,
)
from ..services import (
    add_section,
    delete_section,
    move_section,
    set_gender_relevance,
    update_section,
)
from ._access import mark_meeting_links, not_visible


def load_draft(pk: int) -> Draft:
    return get_object_or_404(
        Draft.objects.select_related("stage", "committee").prefetch_related(
            Prefetch("versions", queryset=DraftVersion.objects.order_by("number")),
            "versions__consultation_requests",
        ),
        pk=pk,
    )


def _draft_to_edit(request, pk: int) -> Draft:
    """A draft the user may edit: 404 if they may not even see it, 403 if they may only read."""
    draft = load_draft(pk)
    if not can_view_draft(request.user, draft):
        raise Http404
    if not can_edit_draft(request.user, draft):
        raise PermissionDenied
    return draft


@dataclass
class RequestRow:
    request: ConsultationRequest
    can_file: bool
    deadline_form: DeadlineForm | None
    status: str  # ConsultationRequest.Status; "" for the steering group's decision


def draft_detail(request, pk):
    draft = load_draft(pk)
    if not can_view_draft(request.user, draft):
        return not_visible(request)
    return draft_page(request, draft)


def draft_page(request, draft: Draft, *, failed: forms.Form | None = None, status: int = 400):
    """State, versions, consultation of the latest version, decisions and open requirements.

    ``failed`` is a form to show again as sent (with ``status``). A fixed number of queries,
    whatever the number of sections, versions or bodies.
    """
    user = request.user
    versions = list(draft.versions.all())
    latest = versions[-1] if versions else None
    today = timezone.localdate()

    def pick(form_class, prefix, **kwargs):
        if failed is not None and failed.prefix == prefix:
            return failed
        return form_class(prefix=prefix, **kwargs)

    request_rows = []
    if latest is not None and can_view_statements(user, latest):
        may_extend = can_extend_deadline(user) and not latest.is_closed
        for consultation_request in latest.consultation_requests.select_related(
            "committee", "statement"
        ):
            request_status = (
                consultation_request.status(today) if consultation_request.expects_statement else ""
            )
            open_request = request_status in (
                ConsultationRequest.Status.PENDING,
                ConsultationRequest.Status.OVERDUE,
            )
            request_rows.append(
                RequestRow(
                    request=consultation_request,
                    can_file=can_file_statement(user, consultation_request),
                    deadline_form=pick(
                        DeadlineForm,
                        f"deadline-{consultation_request.pk}",
                        initial={"deadline": consultation_request.deadline},
                    )
                    if may_extend and open_request
                    else None,
                    status=request_status,
                )
            )
    can_edit = can_edit_draft(user, draft)
    # Decisions and their Vorgaben follow the statement rule version by version (a body consulted
    # on a later version only); the group and the office, who submit, read them all.
    by_pk = {version.pk: version for version in versions}
    decisions = [
        decision
        for decision in Decision.objects.filter(version__draft=draft)
        .select_related("version", "meeting__committee", "meeting__minutes")
        .prefetch_related("requirements__addressed_by")
        .order_by("version__number")
        if decision.version_id in by_pk and can_view_statements(user, by_pk[decision.version_id])
    ]
    mark_meeting_links(user, decisions)
    open_requirements = [
        requirement
        for decision in decisions
        for requirement in decision.requirements.all()
        if not requirement.addressed_by.all()
        and requirement.settlement != Requirement.Settlement.FULFILLED
    ]
    # Vorgaben the group carried over from its accepted draft of an earlier stage, for those who
    # may read the decision they come from.
    open_requirements += [
        requirement
        for requirement in Requirement.objects.open_for(draft)
        .exclude(decision__version__draft=draft)
        .select_related("decision__version__draft__stage")
        .prefetch_related("decision__version__consultation_requests")
        .order_by("pk")
        if can_view_statements(user, requirement.decision.version)
    ]
    submit_form = None
    if can_submit_draft(user, draft) and draft.allows("submit"):
        submit_form = pick(SubmitForm, "submit", open_requirements=open_requirements)
    gender_form = None
    if can_edit and draft.is_editable:
        gender_form = pick(
            GenderRelevanceForm, "gender", initial={"gender_relevant": draft.gender_relevant}
        )
    context = {
        "draft": draft,
        "versions": [v for v in versions if can_view_version(user, v)],
        "latest": latest,
        "request_rows": request_rows,
        "decisions": decisions,
        "open_requirements": open_requirements,
        "section_count": draft.sections.count() if can_edit else None,
        "can_edit": can_edit,
        "submit_form": submit_form,
        "gender_form": gender_form,
        "can_decide": (
            latest is not None
            and can_record_decision(user)
            and draft.state == Draft.State.SUBMITTED
            and not latest.is_closed
        ),
        "stray_errors": _stray_errors(
            failed, [submit_form, gender_form] + [row.deadline_form for row in request_rows]
        ),
    }
    return render(
        request, "etappen/draft_detail.html", context, status=200 if failed is None else status
    )


def _stray_errors(failed, shown) -> list[str]:
    """Errors of a failed form the page no longer shows (e.g. the draft moved on meanwhile)."""
    if failed is None or any(form is failed for form in shown):
        return []
    return [error for errors in failed.errors.values() for error in errors]


@login_required
def section_list(request, pk):
    """The editor: the working sections in order, with edit, move and delete."""
    draft = _draft_to_edit(request, pk)
    sections = list(draft.sections.select_related("parent", "updated_by").order_by("position"))
    return render(
        request,
        "etappen/section_list.html",
        {"draft": draft, "sections": sections, "editable": draft.is_editable},
    )


def _section_form(draft: Draft, *args, **kwargs) -> SectionForm:
    parents = []
    if draft.stage.structured:
        parents = list(
            draft.sections.filter(
                kind__in=[SectionKind.GOAL, SectionKind.INTERMEDIATE_GOAL]
            ).order_by("position")
        )
    return SectionForm(*args, structured=draft.stage.structured, parents=parents, **kwargs)


def _section_page(request, draft, form, *, section=None, current=None, status=200):
    """The section form; once the draft is not editable, the page says so and shows no form."""
    context = {
        "draft": draft,
        "form": form if draft.is_editable else None,
        "section": section,
        "current": current,
    }
    return render(request, "etappen/section_form.html", context, status=status)


@login_required
def section_add_form(request, pk):
    draft = _draft_to_edit(request, pk)
    return _section_page(request, draft, _section_form(draft, new=True))


@login_required
@require_POST
def section_add(request, pk):
    draft = _draft_to_edit(request, pk)
    form = _section_form(draft, request.POST, new=True)
    if form.is_valid():
        try:
            section = add_section(draft=draft, data=form.section_data(), by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The section “%(heading)s” has been added.") % {"heading": section.heading},
            )
            return redirect("etappen:section-list", pk=draft.pk)
    return _section_page(request, draft, form, status=400)


def _section(draft: Draft, key) -> DraftSection:
    return get_object_or_404(
        DraftSection.objects.select_related("updated_by").prefetch_related("districts"),
        draft=draft,
        key=key,
    )


@login_required
def section_edit(request, pk, key):
    draft = _draft_to_edit(request, pk)
    section = _section(draft, key)
    form = _section_form(draft, initial=section_initial(section))
    return _section_page(request, draft, form, section=section)


@login_required
@require_POST
def section_save(request, pk, key):
    """Save one section; if someone saved it meanwhile, keep this person's text in the form."""
    draft = _draft_to_edit(request, pk)
    section = _section(draft, key)
    form = _section_form(draft, request.POST)
    if form.is_valid():
        try:
            saved = update_section(
                section=section,
                base_revision=form.cleaned_data["revision"],
                data=form.section_data(),
                by=request.user,
            )
        except ValidationError as error:
            if error.code != "conflict":
                form.add_error(None, error)
                return _section_page(request, draft, form, section=section, status=400)
            # Show the saved text above the person's own; a second save then overwrites it.
            current = _section(draft, key)
            data = request.POST.copy()
            data["revision"] = current.revision
            form = _section_form(draft, data)
            form.is_valid()
            form.add_error(None, error)
            return _section_page(request, draft, form, section=section, current=current, status=409)
        messages.success(
            request, _("The section “%(heading)s” has been saved.") % {"heading": saved.heading}
        )
        return redirect("etappen:section-list", pk=draft.pk)
    return _section_page(request, draft, form, section=section, status=400)


@login_required
@require_POST
def section_move(request, pk, key):
    draft = _draft_to_edit(request, pk)
    section = _section(draft, key)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose up or down."))
    else:
        try:
            move_section(section=section, direction=form.cleaned_data["direction"], by=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
    return redirect(f"{_list_url(draft)}#abschnitt-{section.key}")


@login_required
@require_POST
def section_delete(request, pk, key):
    draft = _draft_to_edit(request, pk)
    section = _section(draft, key)
    form = RevisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The section could not be deleted. Please try again."))
        return redirect("etappen:section-list", pk=draft.pk)
    try:
        delete_section(
            section=section, base_revision=form.cleaned_data["revision"], by=request.user
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request, _("The section “%(heading)s” has been deleted.") % {"heading": section.heading}
        )
    return redirect("etappen:section-list", pk=draft.pk)


def _list_url(draft: Draft) -> str:
    return reverse("etappen:section-list", kwargs={"pk": draft.pk})


@login_required
@require_POST
def draft_gender(request, pk):
    draft = _draft_to_edit(request, pk)
    form = GenderRelevanceForm(request.POST, prefix="gender")
    if form.is_valid():
        try:
            set_gender_relevance(
                draft=draft,
                gender_relevant=form.cleaned_data["gender_relevant"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The marking has been saved."))
            return redirect(draft)
    return draft_page(request, load_draft(pk), failed=form)
