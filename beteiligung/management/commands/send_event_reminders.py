"""Daily job: remind everyone with a place two days before the event."""

import datetime

from django.core.management.base import BaseCommand

from beteiligung.notifications import send_event_reminders


class Command(BaseCommand):
    help = "Remind registered people two days before their event; run daily, never twice."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            help="Act as if today were this date (YYYY-MM-DD).",
        )

    def handle(self, *args, date=None, **options):
        created = send_event_reminders(today=date)
        self.stdout.write(f"{created} reminder(s) put into the outbox.")
