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

        # Role names kept on a user object go when its groups change (lip/roles.py).
        from django.contrib.auth import get_user_model
        from django.db.models.signals import m2m_changed

        from .roles import forget_group_names

        m2m_changed.connect(
            forget_group_names,
            sender=get_user_model().groups.through,
            dispatch_uid="roles:forget-group-names",
        )

        # A login writes the session's end: the first request after it need not (lip/middleware).
        from django.contrib.auth.signals import user_logged_in

        from .middleware import mark_session_refreshed

        user_logged_in.connect(mark_session_refreshed, dispatch_uid="sessions:refreshed-at-login")

        # An attachment's stored file goes when its row goes (lip/attachments/cleanup.py).
        from django.db.models.signals import post_delete

        from .attachments.cleanup import delete_stored_file
        from .attachments.models import Attachment

        post_delete.connect(
            delete_stored_file, sender=Attachment, dispatch_uid="attachments:stored-file"
        )
