"""Demo data of the implementation; called by ``manage.py seed_demo`` (never in production)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from umsetzung.demo import seed_implementation


class Command(BaseCommand):
    help = "Legt die Demodaten der Umsetzung an (nach seed_demo; nur in der Entwicklung)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demodaten nur in der Entwicklungsumgebung (DEBUG an).")
        seed_implementation()
