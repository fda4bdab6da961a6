"""The demo's files (called by lip's seed_demo after the fixtures): fixtures hold no files.

Attaches the signed minutes to the published minutes of the constituent meeting of the
Lenkungsgruppe (demo meeting 1001) through the same service as the minutes page, once: a second
run finds the file and adds nothing.
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand

from lip.attachments.services import attach, attachments_of

from ...models import Minutes

DEMO_MINUTES_MEETING = 1001
DEMO_FILE_NAME = "Protokoll konstituierende Sitzung (unterschrieben).pdf"


def one_page_pdf(lines: list[str]) -> bytes:
    """A small valid PDF with a few lines of text (Helvetica, WinAnsi), built without a renderer
    so that seeding stays fast."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    text = "BT /F1 12 Tf 72 770 Td 16 TL " + " ".join(f"({escape(line)}) '" for line in lines)
    stream = (text + " ET").encode("cp1252")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Lang (de-DE) >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


class Command(BaseCommand):
    help = "Hängt die Demo-Dateien an (nur mit den Demodaten; mehrfach aufrufbar)."

    def handle(self, *args, **options):
        minutes = (
            Minutes.objects.select_related("meeting").filter(meeting=DEMO_MINUTES_MEETING).first()
        )
        if minutes is None:
            return
        if any(file.original_name == DEMO_FILE_NAME for file in attachments_of(minutes)):
            return
        content = one_page_pdf(
            [
                "Landeshauptstadt Hannover – Lenkungsgruppe LIP",
                f"Protokoll: {minutes.meeting.title}",
                f"{minutes.meeting.start:%d.%m.%Y}, {minutes.meeting.location}",
                "",
                "Unterschrieben von der Vorsitzenden und der Geschäftsstelle OE 50.6.",
                "(Demodatei der LIP-Plattform)",
            ]
        )
        attach(
            obj=minutes,
            uploaded_file=SimpleUploadedFile(DEMO_FILE_NAME, content, "application/pdf"),
            by=minutes.written_by,
        )
