from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def can_view_meeting_files(user, meeting) -> bool:
    """A meeting's files (slides, signed minutes): whoever may see the meeting's page
    (permissions.meeting_rights): everyone for a public meeting; otherwise OE 50.6, the lead
    Dezernat of an expert group and the current members of the host and participating bodies."""
    from .permissions import meeting_rights

    return meeting_rights(user, meeting).view


def can_view_minutes_files(user, minutes) -> bool:
    """The files of the minutes (the signed Protokoll, slides shown in the meeting): whoever may
    read the minutes in their state (permissions.can_view_minutes)."""
    from .permissions import can_view_minutes

    return can_view_minutes(user, minutes)


def minutes_are_public(minutes) -> bool:
    return minutes.status == minutes.Status.PUBLISHED


class GremienConfig(AppConfig):
    name = "gremien"
    verbose_name = _("Committees")

    def ready(self):
        from lip.attachments.registry import register

        from .models import Meeting, Minutes

        register(Meeting, can_view=can_view_meeting_files, is_public=lambda m: m.is_public)
        register(Minutes, can_view=can_view_minutes_files, is_public=minutes_are_public)
