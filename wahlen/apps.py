from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WahlenConfig(AppConfig):
    name = "wahlen"
    verbose_name = _("Elections")

    def ready(self):
        from lip.pagecache import register_clock

        register_clock(coming_nomination_deadlines)


def coming_nomination_deadlines(now):
    """Pages showing an election change when its nomination deadline passes (one query)."""
    from django.db.models import Min

    from .models import Election

    deadline = Election.objects.filter(nomination_deadline__gt=now).aggregate(
        next=Min("nomination_deadline")
    )["next"]
    return [deadline] if deadline else []
