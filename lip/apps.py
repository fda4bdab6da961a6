from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LipConfig(AppConfig):
    name = "lip"
    verbose_name = _("LIP platform")

    def ready(self):
        # The outbox's back-office pages live with the engine (lip/notifications/admin.py).
        from .notifications import admin  # noqa: F401
