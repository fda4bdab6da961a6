"""Delete or anonymise personal data of participation (run daily, e.g. by cron)."""

from django.core.management.base import BaseCommand

from beteiligung import conf
from beteiligung.services import purge_personal_data

LABELS = {
    "unconfirmed_contributions_deleted": "Unbestätigte Kommentare/Vorschläge gelöscht",
    "unconfirmed_concerns_deleted": "Unbestätigte Anliegen gelöscht",
    "unconfirmed_registrations_deleted": "Unbestätigte Anmeldungen gelöscht",
    "registration_needs_deleted": "Bedarfe nach der Veranstaltung gelöscht",
    "notifications_deleted": "Versandte Benachrichtigungen gelöscht",
    "rejected_contributions_deleted": "Abgelehnte/Spam-Beiträge gelöscht",
    "spam_concerns_deleted": "Spam-Anliegen gelöscht",
    "contributions_anonymised": "Beiträge anonymisiert",
    "concerns_anonymised": "Anliegen anonymisiert",
    "registrations_anonymised": "Anmeldungen anonymisiert",
}


class Command(BaseCommand):
    help = (
        "Löscht unbestätigte Einträge und Bedarfe nach Veranstaltungen; anonymisiert nach "
        "LIP_PROCESS_END + LIP_RETENTION_DAYS Namen und E-Mail-Adressen der Beteiligung."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Nur zählen, nichts ändern.")

    def handle(self, *args, **options):
        counts = purge_personal_data(dry_run=options["dry_run"])
        end = conf.process_end()
        if end is None:
            self.stdout.write(
                "LIP_PROCESS_END ist nicht gesetzt: der Prozess läuft, Namen und Adressen "
                "bleiben gespeichert."
            )
        else:
            self.stdout.write(
                f"Prozessende {end:%d.%m.%Y}, Aufbewahrung {conf.retention_days()} Tage."
            )
        prefix = "[Probelauf] " if options["dry_run"] else ""
        for key, label in LABELS.items():
            if key in counts:
                self.stdout.write(f"{prefix}{label}: {counts[key]}")
