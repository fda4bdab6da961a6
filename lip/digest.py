"""The email digest for members of the Internationaler Ausschuss ("fortlaufend informiert")."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import DigestReceipt, ProcessEvent
from .roles import Role


def digest_recipients():
    """Active Ausschuss accounts with an email address."""
    return (
        get_user_model()
        .objects.filter(groups__name=Role.COMMITTEE.value, is_active=True)
        .exclude(email="")
        .order_by("pk")
    )


@transaction.atomic
def send_digest(*, user, base_url: str) -> int:
    """Mail the user every event since their last digest; returns how many events it listed.

    The receipt row is locked, so two runs at once cannot send the same events twice; a first
    digest starts at the time the account was created.
    """
    receipt, created = DigestReceipt.objects.select_for_update().get_or_create(user=user)
    if created:
        before = ProcessEvent.objects.filter(occurred_at__lt=user.date_joined)
        receipt.last_event_id = before.aggregate(last=Max("pk"))["last"] or 0
    events = list(ProcessEvent.objects.filter(pk__gt=receipt.last_event_id).order_by("pk"))
    if not events:
        receipt.save()
        return 0
    context = {
        "user": user,
        "events": events,
        "progress_url": base_url + reverse("progress"),
    }
    send_mail(
        subject=_("Local Integration Plan: %(count)s new steps") % {"count": len(events)},
        message=render_to_string("emails/digest.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[user.email],
    )
    receipt.last_event_id = events[-1].pk
    receipt.sent_at = timezone.now()
    receipt.save()
    return len(events)
