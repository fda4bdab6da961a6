"""Track the measures of the adopted catalogue (after the council's decision is recorded)."""

from django.core.management.base import BaseCommand

from umsetzung.services import create_measures_from_catalogue


class Command(BaseCommand):
    help = (
        "Create a tracked measure for every measure of the catalogue the council adopted; "
        "measures already tracked stay unchanged."
    )

    def handle(self, *args, **options):
        created = create_measures_from_catalogue()
        self.stdout.write(f"{len(created)} measure(s) now tracked.")
