"""The agenda (Tagesordnung) of a meeting: items added, changed, moved and removed.

Each change locks the meeting row, so two people editing one agenda take turns and positions
never collide; simple-history keeps every item's earlier states and who changed them.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lip.history import as_history_user

from ..models import AgendaItem, Committee, Meeting
from ._common import tidy


def lock_meeting(meeting: Meeting) -> Meeting:
    """The meeting row, locked for this transaction; a cancelled meeting takes no changes."""
    meeting = Meeting.objects.select_for_update().select_related("committee").get(pk=meeting.pk)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("This meeting was cancelled; it cannot be changed any more."))
    return meeting


def _check_item(meeting: Meeting, title: str, version) -> str:
    title = tidy(title)
    if not title:
        raise ValidationError(_("Please enter the title of the agenda item."))
    if (
        version is not None
        and meeting.committee.kind == Committee.Kind.EXPERT_GROUP
        and version.draft.committee_id != meeting.committee_id
    ):
        raise ValidationError(
            _("An expert group puts only versions of its own drafts on its agenda.")
        )
    return title


@transaction.atomic
def add_agenda_item(
    *, meeting: Meeting, title: str, text: str = "", version=None, by
) -> AgendaItem:
    """Add an item at the end of the agenda."""
    meeting = lock_meeting(meeting)
    title = _check_item(meeting, title, version)
    last = meeting.agenda_items.order_by("-position").values_list("position", flat=True).first()
    item = AgendaItem(
        meeting=meeting, position=(last or 0) + 1, title=title, text=tidy(text), version=version
    )
    as_history_user(item, by).save()
    return item


@transaction.atomic
def update_agenda_item(
    *, item: AgendaItem, title: str, text: str = "", version=None, by
) -> AgendaItem:
    """Change an item's title, text or version."""
    meeting = lock_meeting(item.meeting)
    item = AgendaItem.objects.get(pk=item.pk, meeting=meeting)
    title = _check_item(meeting, title, version)
    text = tidy(text)
    if (item.title, item.text, item.version_id) == (title, text, getattr(version, "pk", None)):
        raise ValidationError(_("The agenda item is unchanged."))
    item.title, item.text, item.version = title, text, version
    as_history_user(item, by).save()
    return item


@transaction.atomic
def remove_agenda_item(*, item: AgendaItem, by) -> None:
    """Remove an item; the items after it move up one place."""
    meeting = lock_meeting(item.meeting)
    item = AgendaItem.objects.get(pk=item.pk, meeting=meeting)
    position = item.position
    as_history_user(item, by).delete()
    for later in meeting.agenda_items.filter(position__gt=position).order_by("position"):
        later.position -= 1  # ascending: the place before is always free
        as_history_user(later, by).save(update_fields=["position"])


@transaction.atomic
def move_agenda_item(*, item: AgendaItem, up: bool, by) -> AgendaItem:
    """Swap an item with the one before (up) or after it."""
    meeting = lock_meeting(item.meeting)
    item = AgendaItem.objects.get(pk=item.pk, meeting=meeting)
    neighbours = meeting.agenda_items.filter(
        **({"position__lt": item.position} if up else {"position__gt": item.position})
    ).order_by("-position" if up else "position")
    other = neighbours.first()
    if other is None:
        raise ValidationError(
            _("This is already the first agenda item.")
            if up
            else _("This is already the last agenda item.")
        )
    mine, theirs = item.position, other.position
    # Positions are unique per meeting: park the item on 0 (never used) without a history row.
    item.position = 0
    item.save_without_historical_record(update_fields=["position"])
    other.position = mine
    as_history_user(other, by).save(update_fields=["position"])
    item.position = theirs
    as_history_user(item, by).save(update_fields=["position"])
    return item
