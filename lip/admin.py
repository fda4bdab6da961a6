from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as StockUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .accounts import (
    can_change_access,
    can_edit_account,
    log_role_change,
    reset_second_factor,
    set_roles,
)
from .forms import AccountForm, AccountRolesForm
from .models import ProcessEvent
from .roles import roles_of

User = get_user_model()


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


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(StockUserAdmin):
    """Accounts. Superusers get Django's full user admin.

    Everyone else (the office, OE 50.6, with ``auth.change_user``) sets only what cannot raise
    anyone above the office: names, email, the active and staff flags and the platform's roles.
    Superuser status, single permissions and other groups are neither shown nor accepted (the
    form has no such fields, so a forged POST changes nothing); superusers' accounts are
    read-only to them, and their own access they cannot change.
    """

    list_display = ["username", "email", "first_name", "last_name", "is_staff", "role_list"]
    actions = ["reset_two_factor"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def _limited(self, request, obj) -> bool:
        """The narrowed form: a non-superuser looking at an existing account."""
        return obj is not None and not request.user.is_superuser

    def get_fieldsets(self, request, obj=None):
        if not self._limited(request, obj):
            return super().get_fieldsets(request, obj)
        roles = "roles" if can_change_access(request.user, obj) else "role_list"
        return [
            (None, {"fields": ["username", "password"]}),
            (_("Personal info"), {"fields": ["first_name", "last_name", "email"]}),
            (_("Access"), {"fields": ["is_active", "is_staff", roles]}),
            (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        if not self._limited(request, obj):
            return super().get_readonly_fields(request, obj)
        readonly = ["role_list", "last_login", "date_joined"]
        if not can_change_access(request.user, obj):
            readonly += ["is_active", "is_staff"]
        return readonly

    def get_form(self, request, obj=None, **kwargs):
        if self._limited(request, obj):
            # The form class decides which fields a POST can set at all.
            limited = AccountRolesForm if can_change_access(request.user, obj) else AccountForm
            kwargs["form"] = limited
        return super().get_form(request, obj, **kwargs)

    def has_change_permission(self, request, obj=None):
        if obj is not None and not can_edit_account(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not can_edit_account(request.user, obj):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        # Belt and braces: whatever the form, only a superuser can save a superuser.
        if obj.is_superuser and not request.user.is_superuser:
            raise PermissionDenied
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        account = form.instance
        if "roles" in form.cleaned_data:
            super().save_related(request, form, formsets, change)
            set_roles(account=account, roles=form.cleaned_data["roles"], by=request.user)
            return
        # The stock form (superusers) sets the groups itself; record the roles all the same.
        before = roles_of(User.objects.get(pk=account.pk))
        super().save_related(request, form, formsets, change)
        after = roles_of(User.objects.get(pk=account.pk))
        log_role_change(account=account, before=before, after=after, by=request.user)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            actions.pop("reset_two_factor", None)
        return actions

    @admin.display(description=_("Roles"))
    def role_list(self, obj):
        return ", ".join(str(role.label) for role in roles_of(obj)) or "–"

    @admin.action(description=_("Reset two-factor login (lost phone)"))
    def reset_two_factor(self, request, queryset):
        count = sum(reset_second_factor(account=account, by=request.user) for account in queryset)
        message = ngettext(
            "%(count)d device deleted; the account sets up a new one at its next login.",
            "%(count)d devices deleted; the accounts set up new ones at their next login.",
            count,
        ) % {"count": count}
        self.message_user(request, message, messages.SUCCESS)
