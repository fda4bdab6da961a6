from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UmsetzungConfig(AppConfig):
    name = "umsetzung"
    verbose_name = _("Implementation")
