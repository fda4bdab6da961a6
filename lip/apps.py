from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LipConfig(AppConfig):
    name = "lip"
    verbose_name = _("LIP platform")
