"""Print the current second-factor codes of the demo accounts (never in production)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from .seed_demo import DEMO_TOTP_KEY


class Command(BaseCommand):
    help = "Zeigt die aktuellen Zwei-Faktor-Codes der Demo-Konten (nur in der Entwicklung)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo-Codes gibt es nur in der Entwicklungsumgebung (DEBUG an).")
        # Only devices with the public demo key: the command reveals nothing that is not in
        # the repository already.
        devices = TOTPDevice.objects.filter(key=DEMO_TOTP_KEY, confirmed=True).select_related(
            "user"
        )
        if not devices:
            raise CommandError("Keine Demo-Konten mit Zwei-Faktor-Anmeldung: erst seed_demo.")
        for device in devices.order_by("user__username"):
            totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
            code = str(totp.token()).zfill(device.digits)
            self.stdout.write(f"{device.user.username:<18} {code}")
        self.stdout.write("Jeder Code gilt etwa 30 Sekunden und nur einmal.")
