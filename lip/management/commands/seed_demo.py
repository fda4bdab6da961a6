"""Load structure and demo data and create demo accounts (never in production)."""

from base64 import b32encode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from lip.roles import Role

DEMO_PASSWORD = "lip-demo-2026"  # noqa: S105 - fictional accounts for local demos only
# The back-office demo accounts share this public TOTP key (hex), so that anyone can try the
# admin: add the printed key to an authenticator app or run `manage.py demo_totp`.
DEMO_TOTP_KEY = "6c69702d64656d6f2d323032362d746f74702121"

# Fixtures in load order: first the real structure of the council document, then demo content.
STRUCTURE_FIXTURES = ["structure", "structure_etappen", "structure_beteiligung"]
DEMO_FIXTURES = [
    "demo",
    "demo_meetings",
    "demo_wahlen",
    "demo_etappen",
    "demo_beteiligung",
    "demo_events",
    "demo_translations",  # version 1002 in English, Türkçe, العربية and Leichte Sprache
]  # refers to the demo accounts by user name

DEMO_FILE_COMMANDS = ["seed_demo_files"]  # gremien: the signed minutes of a demo meeting

DEMO_ACCOUNTS = [
    # username, role, staff (back office), description shown in the printed list
    ("geschaeftsstelle", Role.OFFICE, True, "Geschäftsstelle OE 50.6"),
    ("dezernat3", Role.DEPARTMENT, False, "Dezernat III"),
    ("dezernat4", Role.DEPARTMENT, False, "Dezernat IV"),
    ("dezernat5", Role.DEPARTMENT, False, "Dezernat V"),
    ("dezernat6", Role.DEPARTMENT, False, "Dezernat VI"),
    ("expertin", Role.EXPERT_GROUP, False, "Geschäftsführung einer Expert*innengruppe"),
    ("beirat", Role.STATEMENT, False, "Integrationsbeirat / Stellungnahme"),
    ("ausschuss", Role.COMMITTEE, False, "Mitglied des Internationalen Ausschusses"),
]


class Command(BaseCommand):
    help = "Lädt Struktur- und Demodaten und legt Demo-Konten an (nur in der Entwicklung)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Demo-Konten werden nur in der Entwicklungsumgebung (DEBUG an) angelegt."
            )
        with transaction.atomic():
            for fixture in STRUCTURE_FIXTURES:
                call_command("loaddata", fixture, verbosity=0)
            self.create_accounts()
            for fixture in DEMO_FIXTURES:
                call_command("loaddata", fixture, verbosity=0)
            # The adopted catalogue and a year of its implementation (umsetzung/demo.py).
            call_command("seed_demo_umsetzung")
            # Files cannot be fixtures: each app that has demo files attaches them itself.
            for command in DEMO_FILE_COMMANDS:
                call_command(command, verbosity=0)
        self.print_logins()

    def create_accounts(self) -> None:
        User = get_user_model()
        for username, role, is_staff, _description in DEMO_ACCOUNTS:
            user, _created = User.objects.get_or_create(username=username)
            user.is_staff = is_staff
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.set([Group.objects.get(name=role.value)])
        admin, _created = User.objects.get_or_create(username="admin")
        admin.is_staff = admin.is_superuser = True
        admin.set_password(DEMO_PASSWORD)
        admin.save()
        demo_usernames = [username for username, *_rest in DEMO_ACCOUNTS] + ["admin"]
        for user in User.objects.filter(is_staff=True, username__in=demo_usernames):
            TOTPDevice.objects.update_or_create(
                user=user, name="Demo", defaults={"key": DEMO_TOTP_KEY, "confirmed": True}
            )

    def print_logins(self) -> None:
        self.stdout.write("")
        self.stdout.write(f"Demo-Konten (Passwort für alle: {DEMO_PASSWORD}):")
        for username, _role, _is_staff, description in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<18} {description}")
        self.stdout.write(f"  {'admin':<18} Superuser (Technik)")
        self.stdout.write("")
        secret = b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode()
        self.stdout.write("Zwei-Faktor-Anmeldung für /admin/ (geschaeftsstelle, admin):")
        self.stdout.write(f"  Schlüssel für eine Authenticator-App: {secret}")
        self.stdout.write("  oder den aktuellen Code anzeigen: manage.py demo_totp")
        self.stdout.write("")
