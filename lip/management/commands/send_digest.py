"""Send the daily digest: one mail per address with everything that waits for it."""

from django.core.management.base import BaseCommand

from lip.notifications.delivery import send_digests


class Command(BaseCommand):
    help = (
        "Versendet die tägliche Zusammenfassung: jeder Person eine E-Mail mit allen "
        "Benachrichtigungen, die sie gesammelt erhalten möchte (z. B. die Prozessschritte an "
        "den Internationalen Ausschuss)."
    )

    def handle(self, *args, **options):
        sent = send_digests()
        self.stdout.write(f"{sent} Zusammenfassung(en) versandt.")
