"""Who may see a meeting, as gremien.permissions decides it, written as query conditions."""

from django.db.models import Exists, OuterRef, Q

from gremien.models import Meeting, Minutes

PUBLISHED = Minutes.Status.PUBLISHED


def meeting_public(ref: str = "pk") -> Q:
    """A meeting everyone may see: public, or with published minutes (gremien.permissions).

    ``ref`` names the meeting: the row itself ("pk") or a foreign key of the row ("meeting_id").
    """
    if ref != "pk":
        return Q(Exists(Meeting.objects.filter(meeting_public(), pk=OuterRef(ref))))
    published = Minutes.objects.filter(meeting=OuterRef("pk"), status=PUBLISHED)
    return Q(is_public=True) | Q(Exists(published))


def meeting_ever_public(ref: str = "id") -> Q:
    """The meeting was public at some time, or its minutes were published."""
    history = Meeting.history.model.objects.filter(id=OuterRef(ref), is_public=True)
    minutes = Minutes.history.model.objects.filter(meeting_id=OuterRef(ref), status=PUBLISHED)
    return Q(Exists(history)) | Q(Exists(minutes))
