"""Daily job: remind the responsible units of the reports due for the yearly report."""

import datetime

from django.core.management.base import BaseCommand

from umsetzung.notifications import send_report_reminders


class Command(BaseCommand):
    help = (
        "Remind the units responsible for measures whose report for the annual report is due "
        "within REPORT_REMINDER_DAYS_BEFORE days; run daily. Running it again sends nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            help="Act as if today were this date (YYYY-MM-DD).",
        )

    def handle(self, *args, date=None, **options):
        created = send_report_reminders(today=date)
        self.stdout.write(f"{created} reminder(s) put into the outbox.")
