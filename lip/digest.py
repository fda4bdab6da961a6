"""The Ausschuss digest ("fortlaufend informiert"): one use of the notification engine.

Every process step becomes a notification of kind "process steps" to each member of the
Internationaler Ausschuss; by default they wait for the daily digest (``manage.py send_digest``),
and each member can choose to get them immediately or not at all on /konto/benachrichtigungen/.
Internal steps are included: the Ausschuss role reads every consultation (the statement rule,
etappen.permissions.can_view_all_statements), so every recipient may see them.
"""

from django.contrib.auth import get_user_model
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .models import ProcessEvent
from .notifications import Kind, notify
from .roles import Role

# A stable public address (DESIGN.md §4); the kernel names no app's URLs.
PROGRESS_PATH = "/fortschritt/"


def digest_recipients():
    """Active Ausschuss accounts with an email address."""
    return (
        get_user_model()
        .objects.filter(groups__name=Role.COMMITTEE.value, is_active=True)
        .exclude(email="")
        .order_by("pk")
    )


def notify_process_event(event: ProcessEvent) -> int:
    """Tell the Ausschuss members about one process step (record_event calls it)."""
    return notify(
        kind=Kind.PROCESS_STEPS,
        cause=f"process-event:{event.pk}",
        recipients=digest_recipients(),
        # Lazy: notify() translates it into the mail's language.
        subject=format_lazy(_("Step of the process: {summary}"), summary=event.summary),
        template="process_step",
        context={"event": event, "progress_url": PROGRESS_PATH},
        link=event.url or PROGRESS_PATH,
    )
