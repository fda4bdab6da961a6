"""Send each member of the Internationaler Ausschuss the steps since their last digest."""

from django.conf import settings
from django.core.management.base import BaseCommand

from lip.digest import digest_recipients, send_digest


class Command(BaseCommand):
    help = "Sendet den Mitgliedern des Internationalen Ausschusses die neuen Prozessschritte."

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "SITE_URL", "http://127.0.0.1:8000"),
            help="Adresse der Plattform für Links in der E-Mail.",
        )

    def handle(self, *args, base_url, **options):
        sent = 0
        for user in digest_recipients():
            if send_digest(user=user, base_url=base_url.rstrip("/")):
                sent += 1
        self.stdout.write(f"{sent} Zusammenfassung(en) versandt.")
