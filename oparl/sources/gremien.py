"""Bodies, persons, memberships, meetings, agenda items and meeting places (app gremien)."""

from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from etappen.models import DraftVersion
from gremien.models import AgendaItem, Committee, Meeting, Membership, Minutes, Person

from ..timestamps import iso, last_published, last_record, latest, or_before
from .attachments import ATTACHMENT_FILES, attachments_changed
from .base import SCHEMA, Context, Part, compact
from .visibility import PUBLISHED, meeting_ever_public, meeting_public

# OParl's words for the kind of an organisation; the body's own kind goes into classification.
ORGANIZATION_TYPES = {
    Committee.Kind.EQUALITY_OFFICER: "Verwaltungsbereich",
    Committee.Kind.OTHER: "Sonstiges",
}


def minutes_file(minutes: Minutes, meeting: Meeting, ctx: Context) -> dict:
    """Published minutes as a File: the meeting page shows them (#protokoll)."""
    return compact(
        {
            "id": ctx.url("file-minutes", pk=minutes.pk),
            "type": SCHEMA + "File",
            "name": _("Minutes: %(title)s") % {"title": meeting.title},
            "mimeType": "text/html",
            "date": timezone.localdate(minutes.published_at).isoformat(),
            "accessUrl": ctx.absolute(meeting.get_absolute_url() + "#protokoll"),
            "text": minutes.text,
            "meeting": [ctx.url("meeting", pk=meeting.pk)],
            "created": iso(minutes.published_at),
            "modified": iso(max(minutes.updated_at, minutes.published_at)),
        }
    )


def version_file(version: DraftVersion, ctx: Context) -> dict:
    """A published Fassung as a File: its page on the platform."""
    return compact(
        {
            "id": ctx.url("file-version", pk=version.pk),
            "type": SCHEMA + "File",
            "name": str(version),
            "mimeType": "text/html",
            "date": timezone.localdate(version.published_at).isoformat(),
            "accessUrl": ctx.absolute(version.get_absolute_url()),
            "paper": [ctx.url("paper-version", pk=version.pk)],
            "created": iso(version.created_at),
            "modified": iso(max(version.created_at, version.published_at)),
        }
    )


class OrganizationPart(Part):
    """Committee → Organization; every body is public."""

    route = "organization"
    type_name = "Organization"
    model = Committee

    def with_related(self, queryset):
        return queryset.select_related("reports_to")

    def serialize(self, obj: Committee, ctx: Context) -> dict:
        return self.stamped(
            obj,
            ctx,
            body=ctx.body(),
            name=obj.name,
            organizationType=ORGANIZATION_TYPES.get(obj.kind, "Gremium"),
            classification=obj.get_kind_display(),
            subOrganizationOf=ctx.url(self.route, pk=obj.reports_to_id)
            if obj.reports_to_id
            else None,
            keyword=[obj.topic_field] if obj.topic_field else None,
            web=ctx.absolute(obj.get_absolute_url()),
        )


class MembershipPart(Part):
    """Membership → Membership, only of persons who agreed to be listed by name."""

    route = "membership"
    type_name = "Membership"
    model = Membership

    def public(self):
        return Q(person__listed_publicly=True)

    def ever_public(self):
        return Q(
            Exists(
                Person.history.model.objects.filter(id=OuterRef("person_id"), listed_publicly=True)
            )
        )

    def withdrawn_modified(self):
        # Withdrawn when the person took back the consent: a change of the person.
        return latest(last_record(Membership), last_record(Person, ref="person_id"))

    def serialize(self, obj: Membership, ctx: Context) -> dict:
        role = obj.get_role_display()
        if obj.is_chair:
            role = _("%(role)s, chair or speaker") % {"role": role}
        return self.stamped(
            obj,
            ctx,
            person=ctx.url("person", pk=obj.person_id),
            organization=ctx.url("organization", pk=obj.committee_id),
            role=role,
            votingRight=obj.has_vote,
            startDate=obj.start_date.isoformat(),
            endDate=obj.end_date.isoformat() if obj.end_date else None,
        )


MEMBERSHIPS = MembershipPart()


class PersonPart(Part):
    """Person → Person: name only, and only with the consent to be listed (listed_publicly) and
    at least one membership; the memberships are embedded (OParl importers read them there)."""

    route = "person"
    type_name = "Person"
    model = Person

    def public(self):
        return Q(listed_publicly=True) & Q(Exists(Membership.objects.filter(person=OuterRef("pk"))))

    def ever_public(self):
        history = Person.history.model.objects.filter(id=OuterRef("id"), listed_publicly=True)
        return Q(Exists(history))

    def modified(self):
        return latest(last_record(Person), last_record(Membership, key="person_id"))

    def with_related(self, queryset):
        return queryset.prefetch_related(
            Prefetch("memberships", queryset=MEMBERSHIPS.live().order_by("start_date", "pk"))
        )

    def serialize(self, obj: Person, ctx: Context) -> dict:
        return self.stamped(
            obj,
            ctx,
            body=ctx.body(),
            name=obj.full_name,
            familyName=obj.family_name,
            givenName=obj.given_name,
            membership=[MEMBERSHIPS.serialize(m, ctx) for m in obj.memberships.all()],
        )


class AgendaItemPart(Part):
    """AgendaItem → AgendaItem of a meeting everyone may see; a Fassung it deals with appears
    as a file only once it is published."""

    route = "agenda-item"
    type_name = "AgendaItem"
    model = AgendaItem

    def public(self):
        return meeting_public("meeting_id")

    def ever_public(self):
        return meeting_ever_public("meeting_id")

    def modified(self):
        return latest(last_record(AgendaItem), F("version__published_at"))

    def withdrawn_modified(self):
        return latest(last_record(AgendaItem), last_record(Meeting, ref="meeting_id"))

    def stub_extra(self):
        return F("position")

    def stub(self, ctx, pk, created, modified, extra=0):
        return {**super().stub(ctx, pk, created, modified), "order": extra}

    def with_related(self, queryset):
        return queryset.select_related(
            "meeting__committee", "version__draft__committee", "version__draft__stage"
        )

    def serialize(self, obj: AgendaItem, ctx: Context) -> dict:
        version = obj.version
        published = version is not None and version.published_at is not None
        return self.stamped(
            obj,
            ctx,
            meeting=ctx.url("meeting", pk=obj.meeting_id),
            number=str(obj.position),
            order=obj.position,
            name=obj.title,
            public=obj.meeting.is_public,
            auxiliaryFile=[version_file(version, ctx)] if published else None,
            web=ctx.absolute(obj.meeting.get_absolute_url()),
        )


AGENDA_ITEMS = AgendaItemPart()


def agenda_versions_published(ref: str = "pk"):
    """When a Fassung on the meeting's agenda was last published (it then shows as a file)."""
    return last_published(AgendaItem.objects, key="meeting", field="version__published_at", ref=ref)


class LocationPart(Part):
    """The place of a meeting everyone may see, as a Location with the meeting's number."""

    route = "location"
    type_name = "Location"
    model = Meeting

    def public(self):
        return meeting_public() & ~Q(location="")

    def ever_public(self):
        placed = Meeting.history.model.objects.filter(id=OuterRef("id")).exclude(location="")
        return meeting_ever_public() & Q(Exists(placed))

    def with_related(self, queryset):
        return queryset.select_related("committee")

    def serialize(self, obj: Meeting, ctx: Context) -> dict:
        return self.stamped(
            obj,
            ctx,
            description=obj.location,
            meetings=[ctx.url("meeting", pk=obj.pk)],
            web=ctx.absolute(obj.get_absolute_url()),
        )


LOCATIONS = LocationPart()


class MeetingPart(Part):
    """Meeting → Meeting: public meetings and those with published minutes, with their agenda,
    place and published minutes (never internal ones, never who attended)."""

    route = "meeting"
    type_name = "Meeting"
    model = Meeting

    def public(self):
        return meeting_public()

    def ever_public(self):
        return meeting_ever_public()

    def modified(self):
        return latest(
            last_record(Meeting),
            last_record(AgendaItem, key="meeting_id"),
            last_record(Minutes, key="meeting_id"),
            agenda_versions_published(),
            attachments_changed(),
        )

    def fetch(self, pks):
        meetings = super().fetch(pks)
        files = ATTACHMENT_FILES.of_meetings(list(meetings.values())) if meetings else {}
        for meeting in meetings.values():
            meeting.oparl_files = files.get(meeting.pk, [])
        return meetings

    def with_related(self, queryset):
        return (
            queryset.select_related("committee", "minutes")
            .annotate(place_modified=or_before(last_record(Meeting)))
            .prefetch_related(
                "participants",
                Prefetch(
                    "agenda_items",
                    queryset=AGENDA_ITEMS.live().select_related(
                        "meeting__committee", "version__draft__committee", "version__draft__stage"
                    ),
                ),
            )
        )

    def serialize(self, obj: Meeting, ctx: Context) -> dict:
        minutes = getattr(obj, "minutes", None)
        location = None
        if obj.location:
            location = compact(
                {
                    "id": ctx.url("location", pk=obj.pk),
                    "type": SCHEMA + "Location",
                    "description": obj.location,
                    "web": ctx.absolute(obj.get_absolute_url()),
                    "created": iso(obj.oparl_created),
                    "modified": iso(obj.place_modified),
                }
            )
        return self.stamped(
            obj,
            ctx,
            name=obj.title,
            meetingState=obj.get_status_display(),
            cancelled=obj.status == Meeting.Status.CANCELLED,
            start=iso(obj.start),
            end=iso(obj.end) if obj.end else None,
            location=location,
            organization=[ctx.url("organization", pk=obj.committee_id)]
            + [ctx.url("organization", pk=c.pk) for c in obj.participants.all()],
            agendaItem=[AGENDA_ITEMS.serialize(item, ctx) for item in obj.agenda_items.all()],
            resultsProtocol=minutes_file(minutes, obj, ctx)
            if minutes is not None and minutes.status == PUBLISHED
            else None,
            auxiliaryFile=[ATTACHMENT_FILES.serialize(f, ctx) for f in obj.oparl_files],
            web=ctx.absolute(
                reverse("gremien:meeting-detail", kwargs={"slug": obj.committee.slug, "pk": obj.pk})
            ),
        )
