"""Delete rate-limit counters of past time windows (daily; idempotent)."""

from django.core.management.base import BaseCommand

from lip.ratelimit import delete_expired


class Command(BaseCommand):
    help = "Löscht abgelaufene Zähler der Ratenbegrenzungen."

    def handle(self, *args, **options):
        deleted = delete_expired()
        if options["verbosity"]:
            self.stdout.write(f"{deleted} abgelaufene Zähler gelöscht.")
