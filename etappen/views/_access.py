"""Loading and refusing, shared by the etappen views."""

from dataclasses import dataclass

from django.contrib.auth.views import redirect_to_login
from django.http import Http404

from gremien.models import Minutes
from gremien.permissions import meeting_rights

from ..models import Decision, Draft, DraftVersion
from ..permissions import can_view_draft


def not_visible(request):
    """Anonymous visitors are asked to sign in; signed-in people without the right get a 404.

    A 404 rather than a 403: an internal text does not exist for someone who may not read it.
    """
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise Http404


def mark_meeting_links(user, decisions: list[Decision]) -> None:
    """Set ``meeting_visible`` on each decision: whether the user may open its meeting's page.

    The meeting page decides with ``gremien.permissions.meeting_rights`` (a 404 otherwise), so
    this asks the same function. Public meetings and meetings with published minutes need no
    query (load decisions with ``meeting__committee`` and ``meeting__minutes``); anonymous
    visitors see no internal meeting; otherwise one answer per meeting, however many decisions
    name it.
    """
    answers: dict[int, bool] = {}
    for decision in decisions:
        meeting = decision.meeting
        if meeting is None:
            decision.meeting_visible = False
            continue
        if meeting.pk not in answers:
            if meeting.is_public or _minutes_published(meeting):
                answers[meeting.pk] = True
            elif not user.is_authenticated:
                answers[meeting.pk] = False
            else:
                answers[meeting.pk] = meeting_rights(user, meeting).view
        decision.meeting_visible = answers[meeting.pk]


def _minutes_published(meeting) -> bool:
    try:
        return meeting.minutes.status == Minutes.Status.PUBLISHED
    except Minutes.DoesNotExist:
        return False


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
