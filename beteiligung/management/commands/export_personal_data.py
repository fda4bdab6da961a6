"""Art. 15 DSGVO: everything stored about one email address, as JSON."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from beteiligung.services import export_personal_data


class Command(BaseCommand):
    help = "Gibt alles, was zu einer E-Mail-Adresse gespeichert ist, als JSON aus (Art. 15 DSGVO)."

    def add_arguments(self, parser):
        parser.add_argument("email", help="Die E-Mail-Adresse der anfragenden Person.")
        parser.add_argument(
            "--output", help="Datei, in die das JSON geschrieben wird (sonst Standardausgabe)."
        )

    def handle(self, *args, **options):
        email = options["email"].strip()
        if "@" not in email:
            raise CommandError("Bitte eine E-Mail-Adresse angeben.")
        data = export_personal_data(email=email)
        text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
            self.stderr.write(f"Auskunft geschrieben nach {options['output']}.")
        else:
            self.stdout.write(text)
