from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def can_view_meeting_files(user, meeting) -> bool:
    """A meeting's files (slides, signed minutes): whoever may see the meeting's page
    (permissions.meeting_rights): everyone for a public meeting; otherwise OE 50.6, the lead
    Dezernat of an expert group and the current members of the host and participating bodies."""
    from .permissions import meeting_rights

    return meeting_rights(user, meeting).view


class GremienConfig(AppConfig):
    name = "gremien"
    verbose_name = _("Committees")

    def ready(self):
        from lip.attachments.registry import register

        from .models import Meeting

        register(Meeting, can_view=can_view_meeting_files, is_public=lambda m: m.is_public)
