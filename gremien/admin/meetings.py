"""Back office for meetings: OE 50.6 plans, moves and cancels them; the members hear of it."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from lip.admin_forms import CleanTextAdminForm
from lip.attachments.admin import AttachmentInline

from ..models import AgendaItem, Attendance, Meeting, Minutes
from ..services import cancel_meeting, mark_meeting_held, move_meeting, plan_meeting
from ._actions import take_step

# A change of these is a move: the members get a new invitation (gremien.services.meetings).
MOVE_FIELDS = {"start", "end", "location"}


class MeetingAdminForm(CleanTextAdminForm):
    def clean(self):
        cleaned_data = super().clean()
        moved = MOVE_FIELDS & set(self.changed_data)
        if self.instance.pk and moved and self.instance.status != Meeting.Status.PLANNED:
            raise ValidationError(
                _("Only a planned meeting can be moved; this one is %(status)s.")
                % {"status": self.instance.get_status_display()}
            )
        return cleaned_data


class _ReadOnlyInline(admin.TabularInline):
    """Agenda, attendance and minutes are written on the meeting page, through the services
    that lock the meeting and record each step; the back office shows them."""

    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AgendaItemInline(_ReadOnlyInline):
    model = AgendaItem
    fields = ["position", "title", "version"]
    readonly_fields = fields


class AttendanceInline(_ReadOnlyInline):
    model = Attendance
    fields = ["person", "membership", "status"]
    readonly_fields = fields


class MinutesInline(admin.StackedInline):
    model = Minutes
    extra = 0
    can_delete = False
    fields = ["status", "published_at", "written_by", "updated_at", "text"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    form = MeetingAdminForm
    list_display = ["title", "committee", "kind", "start", "status", "is_public"]
    list_filter = ["kind", "status", "is_public", ("committee", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["committee"]
    search_fields = ["title", "location", "committee__name"]
    autocomplete_fields = ["committee", "participants"]
    date_hierarchy = "start"
    # Held or cancelled is a step of the process: the actions record it in the event log.
    readonly_fields = ["status", "sequence"]
    actions = ["mark_held", "cancel"]
    # Slides, signed minutes …: checked by content, served only to who may see the meeting.
    inlines = [AgendaItemInline, AttendanceInline, MinutesInline, AttachmentInline]

    def save_model(self, request, obj, form, change):
        """A new meeting and a new date or place go through the services, which record the step
        and mail the members; other corrections (title, agenda, public) are saved as they are."""
        if not change:
            meeting = plan_meeting(
                committee=obj.committee,
                title=obj.title,
                start=obj.start,
                end=obj.end,
                location=obj.location,
                kind=obj.kind,
                is_public=obj.is_public,
                notes=obj.notes,
                participants=form.cleaned_data.get("participants", []),
                by=request.user,
            )
            # The admin goes on with its own instance (participants, log entry, redirect):
            # make it the row the service created.
            obj.pk = meeting.pk
            obj.sequence = meeting.sequence
            obj._state.adding = False
            obj._state.db = meeting._state.db
            return
        moved = MOVE_FIELDS & set(form.changed_data)
        if not moved:
            super().save_model(request, obj, form, change)
            return
        wanted = {"start": obj.start, "end": obj.end, "location": obj.location}
        if set(form.changed_data) - MOVE_FIELDS - {"participants"}:
            # Save the other corrections first, with the date and place still unchanged.
            stored = Meeting.objects.values("start", "end", "location").get(pk=obj.pk)
            for name, value in stored.items():
                setattr(obj, name, value)
            super().save_model(request, obj, form, change)
        meeting = move_meeting(meeting=obj, **wanted, by=request.user)
        for name, value in wanted.items():
            setattr(obj, name, value)
        obj.sequence = meeting.sequence

    @admin.action(description=_("Mark as held"))
    def mark_held(self, request, queryset):
        objects = queryset.select_related("committee")
        take_step(
            self,
            request,
            objects,
            mark_meeting_held,
            gettext("Meetings held: %(count)s"),
            "meeting",
        )

    @admin.action(description=_("Cancel and tell the members"))
    def cancel(self, request, queryset):
        objects = queryset.select_related("committee")
        take_step(
            self,
            request,
            objects,
            cancel_meeting,
            gettext("Meetings cancelled: %(count)s"),
            "meeting",
        )
