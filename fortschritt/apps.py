from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FortschrittConfig(AppConfig):
    """The reading side on top of every app: progress, start page, diagrams, feed, tasks.

    No app imports it; it imports them (DESIGN.md, "fortschritt").
    """

    name = "fortschritt"
    verbose_name = _("Progress")
