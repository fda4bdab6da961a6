"""The outbox in the back office: OE 50.6 sees every mail, its errors, and can try again.

Registered from LipConfig.ready() (lip/apps.py).
"""

from django.contrib import admin, messages
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from lip.models import EmailOptOut, Notification, NotificationPreference

from .delivery import enqueue_delivery


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: rows are written by notify() and the delivery only."""

    list_display = [
        "email",
        "kind",
        "status",
        "mode",
        "attempts",
        "short_error",
        "created_at",
        "sent_at",
        "next_attempt_at",
    ]
    list_filter = ["status", "kind", "mode"]
    search_fields = ["email", "subject", "cause"]
    date_hierarchy = "created_at"
    actions = ["retry"]
    readonly_fields = [
        "email",
        "name",
        "user",
        "kind",
        "cause",
        "mode",
        "language",
        "subject",
        "link",
        "deadline",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "sent_at",
        "body_text",
        "ics",
    ]
    exclude = ["body_html"]

    @admin.display(description=_("last error"))
    def short_error(self, obj):
        return Truncator(obj.last_error).chars(80)

    @admin.action(description=_("Try again"), permissions=["change"])
    def retry(self, request, queryset):
        """Failed or waiting mails: attempts back to zero, due now. Sent ones stay sent."""
        count = queryset.filter(
            status__in=[Notification.Status.FAILED, Notification.Status.PENDING]
        ).update(status=Notification.Status.PENDING, attempts=0, next_attempt_at=timezone.now())
        transaction.on_commit(enqueue_delivery, robust=True)
        self.message_user(
            request,
            ngettext(
                "%(count)d mail will be sent again.",
                "%(count)d mails will be sent again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # The list's action needs "change"; a single row is shown read-only.
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EmailOptOut)
class EmailOptOutAdmin(admin.ModelAdmin):
    """Addresses that unsubscribed; deleting a row subscribes the address again."""

    list_display = ["email", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["email"]
    readonly_fields = ["email", "kind", "created_at"]

    def has_add_permission(self, request):
        return False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(SimpleHistoryAdmin):
    """What each account chose on /konto/benachrichtigungen/ (changed only by the person)."""

    list_display = ["user", "kind", "mode", "updated_at"]
    list_filter = ["kind", "mode"]
    search_fields = ["user__username", "user__email"]
    readonly_fields = ["user", "kind", "mode", "updated_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
