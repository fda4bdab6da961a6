"""Record the end of comment windows whose period has passed or whose version was decided on or
superseded (run e.g. every 15 minutes)."""

from django.core.management.base import BaseCommand

from beteiligung.services import record_elapsed_windows


class Command(BaseCommand):
    help = (
        "Schreibt für jedes abgelaufene oder durch eine Entscheidung über die Fassung beendete "
        "Kommentarfenster ein Prozessereignis (einmalig)."
    )

    def handle(self, *args, **options):
        count = record_elapsed_windows()
        self.stdout.write(f"Beendete Kommentarfenster erfasst: {count}")
