from django.contrib import admin

from .models import ProcessEvent


@admin.register(ProcessEvent)
class ProcessEventAdmin(admin.ModelAdmin):
    """The event log is written by the services only; the back office reads it."""

    list_display = ["occurred_at", "kind", "summary", "actor", "is_public"]
    list_filter = ["kind", "is_public"]
    search_fields = ["summary", "kind"]
    date_hierarchy = "occurred_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
