from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LipConfig(AppConfig):
    name = "lip"
    verbose_name = _("LIP platform")

    def ready(self):
        # The outbox's back-office pages live with the engine (lip/notifications/admin.py).
        from .notifications import admin  # noqa: F401
        from .pagecache import connect_signals

        connect_signals()

        # An attachment's stored file goes when its row goes (lip/attachments/cleanup.py).
        from django.db.models.signals import post_delete

        from .attachments.cleanup import delete_stored_file
        from .attachments.models import Attachment

        post_delete.connect(
            delete_stored_file, sender=Attachment, dispatch_uid="attachments:stored-file"
        )
