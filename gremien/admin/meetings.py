"""Back office for meetings."""

from django.contrib import admin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ..models import Meeting
from ..services import cancel_meeting, mark_meeting_held
from ._actions import take_step


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "committee", "kind", "start", "status", "is_public"]
    list_filter = ["kind", "status", "is_public", ("committee", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["committee"]
    search_fields = ["title", "location", "committee__name"]
    autocomplete_fields = ["committee", "participants"]
    date_hierarchy = "start"
    # Held or cancelled is a step of the process: the actions record it in the event log.
    readonly_fields = ["status"]
    actions = ["mark_held", "cancel"]

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

    @admin.action(description=_("Cancel"))
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
