from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WahlenConfig(AppConfig):
    name = "wahlen"
    verbose_name = _("Elections")
