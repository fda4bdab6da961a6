"""Submitting the working sections as the next version, through a confirmation page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms import SubmitForm
from ..models import Requirement
from ..permissions import can_submit_draft, can_view_draft
from ..services import plan_submission, submit_draft
from .drafts import draft_page, load_draft


@login_required
@require_POST
def draft_submit(request, pk):
    """Submit the working sections as the next version; this opens the consultation."""
    draft = load_draft(pk)
    if not can_view_draft(request.user, draft):
        raise Http404
    if not can_submit_draft(request.user, draft):
        raise PermissionDenied
    open_requirements = list(Requirement.objects.open_for(draft).order_by("pk"))
    form = SubmitForm(request.POST, prefix="submit", open_requirements=open_requirements)
    if not form.is_valid():
        return draft_page(request, load_draft(pk), failed=form)
    if request.POST.get("edit"):
        # Back from the confirmation page, with the choices made.
        return draft_page(request, draft, failed=form, status=200)
    try:
        if request.POST.get("confirmed") != "1":
            plan = plan_submission(draft=draft, addressed_requirements=form.chosen_requirements())
            return render(
                request, "etappen/submit_confirm.html", {"draft": draft, "plan": plan, "form": form}
            )
        version = submit_draft(
            draft=draft,
            addressed_requirements=form.chosen_requirements(),
            note=form.cleaned_data["note"],
            by=request.user,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return draft_page(request, load_draft(pk), failed=form)
    messages.success(
        request,
        _("Version %(number)s has been submitted; the consultation is open.")
        % {"number": version.number},
    )
    return redirect(version)
