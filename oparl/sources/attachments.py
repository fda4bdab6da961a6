"""Files attached to a meeting (Sitzungsunterlagen) or to its minutes (lip.attachments).

Their visibility is the owner's: a meeting's files with the meeting (public, or with published
minutes: gremien.permissions.meeting_rights), the minutes' files once the minutes are published.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    BigIntegerField,
    Case,
    DateTimeField,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    When,
)
from django.utils import timezone

from gremien.models import Meeting, Minutes
from lip.attachments.models import Attachment

from ..timestamps import last_record, latest
from .base import Context, Part
from .visibility import PUBLISHED, meeting_ever_public, meeting_public


def owner_types() -> tuple[int, int]:
    """The content types of meetings and minutes (Django keeps them after the first query)."""
    types = ContentType.objects.get_for_models(Meeting, Minutes)
    return types[Meeting].pk, types[Minutes].pk


def attachments_changed(ref: str = "id"):
    """When a file of the meeting ``ref`` or of its minutes was last added or removed."""
    meeting_type, minutes_type = owner_types()
    history = Attachment.history.model.objects
    minutes = Minutes.history.model.objects.filter(meeting_id=OuterRef(OuterRef(ref)))
    rows = history.filter(
        Q(owner_type_id=meeting_type, owner_id=OuterRef(ref))
        | Q(owner_type_id=minutes_type, owner_id__in=minutes.values("id"))
    )
    return Subquery(
        rows.order_by("-history_date").values("history_date")[:1], output_field=DateTimeField()
    )


class AttachmentFilePart(Part):
    """A file of a public meeting or of published minutes → File; never another one."""

    route = "file-attachment"
    type_name = "File"
    model = Attachment

    def public(self):
        meeting_type, minutes_type = owner_types()
        meetings = Meeting.objects.filter(meeting_public(), pk=OuterRef("owner_id"))
        minutes = Minutes.objects.filter(pk=OuterRef("owner_id"), status=PUBLISHED)
        return (Q(owner_type_id=meeting_type) & Q(Exists(meetings))) | (
            Q(owner_type_id=minutes_type) & Q(Exists(minutes))
        )

    def ever_public(self):
        meeting_type, minutes_type = owner_types()
        minutes = Minutes.history.model.objects.filter(id=OuterRef("owner_id"), status=PUBLISHED)
        return (Q(owner_type_id=meeting_type) & meeting_ever_public("owner_id")) | (
            Q(owner_type_id=minutes_type) & Q(Exists(minutes))
        )

    def withdrawn_modified(self):
        # Only a meeting's files are withdrawn (published minutes stay published).
        return latest(last_record(Attachment), last_record(Meeting, ref="owner_id"))

    def with_related(self, queryset):
        meeting_type, _minutes_type = owner_types()
        meeting_of_minutes = Minutes.objects.filter(pk=OuterRef("owner_id")).values("meeting")
        return queryset.annotate(
            meeting_pk=Case(
                When(owner_type_id=meeting_type, then=F("owner_id")),
                default=Subquery(meeting_of_minutes[:1]),
                output_field=BigIntegerField(),
            )
        ).order_by("uploaded_at", "pk")

    def serialize(self, obj: Attachment, ctx: Context) -> dict:
        return self.stamped(
            obj,
            ctx,
            name=obj.original_name,
            fileName=obj.download_name,
            mimeType=obj.mime_type,
            size=obj.size,
            date=timezone.localdate(obj.uploaded_at).isoformat(),
            accessUrl=ctx.absolute(obj.get_absolute_url()),
            meeting=[ctx.url("meeting", pk=obj.meeting_pk)],
        )

    def of_meetings(self, meetings) -> dict[int, list[Attachment]]:
        """The public files of these meetings and of their minutes, by meeting (one query)."""
        meeting_type, minutes_type = owner_types()
        minutes = [m.minutes.pk for m in meetings if getattr(m, "minutes", None) is not None]
        rows = self.live().filter(
            Q(owner_type_id=meeting_type, owner_id__in=[m.pk for m in meetings])
            | Q(owner_type_id=minutes_type, owner_id__in=minutes)
        )
        found: dict[int, list[Attachment]] = {}
        for attachment in self.with_related(rows):
            found.setdefault(attachment.meeting_pk, []).append(attachment)
        return found


ATTACHMENT_FILES = AttachmentFilePart()
