"""The back office of OE 50.6 for participation. Rules stay in the services: state changes
(publishing, cancelling, moderation) run through admin actions that call them."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from .models import CommentWindow, Concern, Consideration, Contribution, Event, Registration, Report
from .services import fill_free_places, publish_event


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "starts_on", "is_public", "status", "published_at", "capacity"]
    list_filter = ["kind", "is_public", "status", "registration_open"]
    search_fields = ["title", "location", "description"]
    date_hierarchy = "starts_on"
    readonly_fields = ["published_at", "status", "cancellation_reason"]
    filter_horizontal = ["committees"]
    actions = ["publish", "move_up"]
    fieldsets = [
        (None, {"fields": ["title", "kind", "description", "is_public", "stage", "committees"]}),
        (
            _("Date and place"),
            {
                "fields": [
                    "starts_on",
                    "ends_on",
                    "start_time",
                    "end_time",
                    "location",
                    "accessibility",
                ]
            },
        ),
        (_("Registration"), {"fields": ["registration_open", "capacity"]}),
        (_("Status"), {"fields": ["published_at", "status", "cancellation_reason"]}),
    ]

    @admin.action(description=_("Publish selected events"))
    def publish(self, request, queryset):
        published = 0
        for event in queryset:
            try:
                publish_event(event=event, by=request.user)
            except ValidationError as error:
                self.message_user(request, f"{event}: {error.messages[0]}", messages.WARNING)
            else:
                published += 1
        self.message_user(
            request,
            ngettext("%(count)s event published.", "%(count)s events published.", published)
            % {"count": published},
        )

    @admin.action(description=_("Give free places to the waiting list"))
    def move_up(self, request, queryset):
        moved = sum(
            len(fill_free_places(event=event, site_url=request.build_absolute_uri("/")))
            for event in queryset
        )
        self.message_user(
            request,
            ngettext(
                "%(count)s person moved up from the waiting list.",
                "%(count)s people moved up from the waiting list.",
                moved,
            )
            % {"count": moved},
        )


@admin.register(Registration)
class RegistrationAdmin(SimpleHistoryAdmin):
    """Read-only: registrations change only through the person's links and the services."""

    list_display = ["event", "name", "status", "created_at", "confirmed_at", "queued_at"]
    list_filter = ["status", "event"]
    search_fields = ["name", "email"]
    list_select_related = ["event"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CommentWindow)
class CommentWindowAdmin(SimpleHistoryAdmin):
    """Read-only: publish and change windows on the office page (services record the events)."""

    list_display = ["version", "opens_at", "closes_at", "moderation", "created_by"]
    list_select_related = ["version__draft__committee", "version__draft__stage", "created_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReportInline(admin.TabularInline):
    model = Report
    extra = 0
    can_delete = False
    readonly_fields = ["reason", "created_at", "resolved_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Contribution)
class ContributionAdmin(SimpleHistoryAdmin):
    """Read-only overview; moderation happens in the queue (/beteiligung/moderation/)."""

    list_display = ["pk", "kind", "author_name", "status", "created_at", "version", "committee"]
    list_filter = ["kind", "status"]
    search_fields = ["text", "title", "author_name", "email"]
    list_select_related = ["version__draft__committee", "version__draft__stage", "committee"]
    inlines = [ReportInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Concern)
class ConcernAdmin(SimpleHistoryAdmin):
    list_display = ["pk", "source", "topic", "status", "routed_to", "created_at"]
    list_filter = ["source", "status", "routed_to"]
    search_fields = ["text"]
    list_select_related = ["topic", "routed_to"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Consideration)
class ConsiderationAdmin(SimpleHistoryAdmin):
    list_display = ["pk", "committee", "outcome", "answered_at", "answered_by"]
    list_filter = ["outcome", "committee"]
    search_fields = ["reason"]
    list_select_related = ["committee", "answered_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
