"""The back office's admin site: staff get in only after confirming their login with a TOTP code.

``LipAdminConfig`` replaces "django.contrib.admin" in INSTALLED_APPS and makes this site the
default one, so every ``@admin.register`` of the apps lands here unchanged.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.urls import reverse


class LipAdminConfig(AdminConfig):
    default_site = "lip.admin_site.LipAdminSite"


class LipAdminSite(admin.AdminSite):
    # Imports of auth and account code stay inside the methods: this module is loaded while the
    # app registry is being built, before any model exists.

    def has_permission(self, request):
        """Active staff whose login this session was confirmed with the second factor."""
        from .accounts import is_second_factor_verified

        return super().has_permission(request) and is_second_factor_verified(request.user)

    def login(self, request, extra_context=None):
        """Staff signed in without the second factor go to its page; everyone else gets the form
        (a POST still signs in, e.g. with another account).

        A staff session opened here ends when the browser closes.
        """
        from django.contrib.auth.views import redirect_to_login

        from .accounts import confirmed_device, is_second_factor_verified

        user = request.user
        waiting = user.is_active and user.is_staff and not is_second_factor_verified(user)
        if request.method == "GET" and waiting:
            step = "two-factor-verify" if confirmed_device(user) else "two-factor-setup"
            target = request.GET.get("next") or reverse("admin:index", current_app=self.name)
            return redirect_to_login(target, reverse(step))
        response = super().login(request, extra_context)
        if request.method == "POST" and request.user.is_staff:
            request.session.set_expiry(0)
        return response
