"""The expert group's own page for proposing a change of its topic scope (Themenzuschnitt).

The group's current members with an account reach it from the group's public page; the lead
Dezernat may use it too (it also proposes from its staffing page). The steering group's
agreement and the change itself are recorded by OE 50.6 in the back office.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ..forms.staffing import ScopeChangeForm
from ..models import Committee, ScopeChange
from ..permissions import can_propose_scope_change
from ..services import propose_scope_change


def propose_from_form(request, committee: Committee, form: ScopeChangeForm) -> bool:
    """Propose the change the valid form describes; True on success, else the form has errors.

    Shared by the group's own page and the Dezernat's staffing page.
    """
    if not form.is_valid():
        return False
    try:
        propose_scope_change(
            committee=committee,
            new_name=form.cleaned_data["new_name"],
            new_subtopics=form.cleaned_data["new_subtopics"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return False
    messages.success(
        request,
        _(
            "The change of the topic scope has been proposed. It takes effect once the "
            "steering group has agreed and the office has applied it."
        ),
    )
    return True


@login_required
def scope_change_form(request, slug):
    """Show the group's scope and its changes; propose a new name and subtopics."""
    committee = get_object_or_404(
        Committee.objects.prefetch_related("subtopics"),
        slug=slug,
        kind=Committee.Kind.EXPERT_GROUP,
    )
    if not can_propose_scope_change(request.user, committee):
        raise PermissionDenied
    subtopics = [subtopic.name for subtopic in committee.subtopics.all()]
    form = ScopeChangeForm(
        request.POST or None,
        prefix="scope",
        initial={"new_name": committee.name, "new_subtopics": "\n".join(subtopics)},
    )
    if request.method == "POST" and propose_from_form(request, committee, form):
        return redirect("gremien:scope-change-form", slug=committee.slug)
    changes = list(committee.scope_changes.all())
    pending_statuses = {ScopeChange.Status.PROPOSED, ScopeChange.Status.AGREED}
    pending_change = next((c for c in changes if c.status in pending_statuses), None)
    context = {
        "committee": committee,
        "subtopics": subtopics,
        "scope_form": form,
        "pending_change": pending_change,
        "settled_changes": [c for c in changes if c is not pending_change],
    }
    return render(
        request, "gremien/scope_change_form.html", context, status=400 if form.errors else 200
    )
