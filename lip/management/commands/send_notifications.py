"""Send every due mail of the outbox (also those waiting for a retry)."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from lip.models import Notification
from lip.notifications.delivery import deliver_due


class Command(BaseCommand):
    help = (
        "Versendet alle fälligen Benachrichtigungen (auch erneute Versuche) und löscht "
        "erledigte nach NOTIFICATION_RETENTION_DAYS Tagen."
    )

    def handle(self, *args, **options):
        sent = deliver_due()
        # Only what is needed is kept: after the retention period a mail is deleted once it is
        # done with (sent, failed or unsubscribed); waiting ones stay.
        before = timezone.now() - timedelta(days=settings.NOTIFICATION_RETENTION_DAYS)
        deleted, _ = (
            Notification.objects.filter(created_at__lt=before)
            .exclude(status=Notification.Status.PENDING)
            .delete()
        )
        self.stdout.write(f"{sent} Benachrichtigung(en) versandt, {deleted} alte gelöscht.")
