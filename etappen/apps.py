from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EtappenConfig(AppConfig):
    name = "etappen"
    verbose_name = _("Stages")
