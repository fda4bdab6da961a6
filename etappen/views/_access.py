"""Loading and refusing, shared by the etappen views."""

from dataclasses import dataclass

from django.contrib.auth.views import redirect_to_login
from django.http import Http404

from ..models import Draft, DraftVersion
from ..permissions import can_view_draft


def not_visible(request):
    """Anonymous visitors are asked to sign in; signed-in people without the right get a 404.

    A 404 rather than a 403: an internal text does not exist for someone who may not read it.
    """
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise Http404


@dataclass
class DraftRow:
    """A draft as lists show it: its state for everyone, a link for those who may open it."""

    draft: Draft
    latest: DraftVersion | None
    can_open: bool
    published: DraftVersion | None


def draft_rows(user, drafts) -> list[DraftRow]:
    """Rows for drafts loaded with ``versions__consultation_requests`` prefetched."""
    rows = []
    for draft in drafts:
        versions = list(draft.versions.all())
        rows.append(
            DraftRow(
                draft=draft,
                latest=versions[-1] if versions else None,
                can_open=can_view_draft(user, draft),
                published=next((v for v in reversed(versions) if v.is_public), None),
            )
        )
    return rows
