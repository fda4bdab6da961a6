"""Daily job: remind the bodies that still owe a statement (docs/benachrichtigungen.md)."""

import datetime

from django.core.management.base import BaseCommand

from etappen.notifications import send_deadline_reminders


class Command(BaseCommand):
    help = (
        "Remind bodies of statements due within REMINDER_DAYS_BEFORE days and of overdue ones; "
        "run daily. Running it again sends nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            help="Act as if today were this date (YYYY-MM-DD); for tests and catching up.",
        )

    def handle(self, *args, date=None, **options):
        created = send_deadline_reminders(today=date)
        self.stdout.write(f"{created} reminder(s) put into the outbox.")
