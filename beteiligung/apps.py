from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BeteiligungConfig(AppConfig):
    name = "beteiligung"
    verbose_name = _("Participation")

    def ready(self):
        from etappen.signals import version_closed
        from lip.pagecache import register_clock

        from .services.windows import coming_window_moments, end_window_of_closed_version

        version_closed.connect(end_window_of_closed_version, dispatch_uid="beteiligung-window")
        register_clock(coming_window_moments)
