"""What a file is, told by its bytes, never by its name; and whether the platform takes it.

The magic numbers of PDF, PNG and JPEG sit in the first bytes. ODT and DOCX are ZIP archives:
an ODT names its type in the uncompressed ``mimetype`` entry, a DOCX has ``[Content_Types].xml``
and ``word/document.xml``. Documents with macros or a password are refused: the people who
open them could not check them first.

No libmagic (python-magic) is needed for five types; docs/anhaenge.md says how to add one.
"""

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.text import get_text_list
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class FileType:
    key: str  # the name in settings.ATTACHMENT_TYPES
    label: str  # what people call it
    mime: str
    extension: str  # of the stored file and of the download, by the detected type
    suffixes: tuple[str, ...]  # the names people give such files
    inline: bool  # the browser shows it; everything else is downloaded


ODT_MIME = "application/vnd.oasis.opendocument.text"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

FILE_TYPES = {
    file_type.key: file_type
    for file_type in (
        FileType("pdf", "PDF", "application/pdf", ".pdf", (".pdf",), inline=True),
        FileType("odt", "ODT", ODT_MIME, ".odt", (".odt",), inline=False),
        FileType("docx", "DOCX", DOCX_MIME, ".docx", (".docx",), inline=False),
        FileType("png", "PNG", "image/png", ".png", (".png",), inline=True),
        FileType("jpeg", "JPEG", "image/jpeg", ".jpg", (".jpg", ".jpeg"), inline=True),
    )
}
BY_MIME = {file_type.mime: file_type for file_type in FILE_TYPES.values()}

PDF_MAGIC = b"%PDF-"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
ZIP_MAGIC = b"PK\x03\x04"
# Compound File Binary: old Word files (.doc) and every password-protected DOCX.
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Entries of an archive read to tell its type; the rest is never unpacked.
SMALL_ENTRY_BYTES = 1024 * 1024


def allowed_types() -> list[FileType]:
    """The types settings.ATTACHMENT_TYPES allows, in the order given there."""
    unknown = set(settings.ATTACHMENT_TYPES) - set(FILE_TYPES)
    if unknown:
        raise ImproperlyConfigured(
            f"ATTACHMENT_TYPES: unknown {sorted(unknown)}; known are {sorted(FILE_TYPES)}."
        )
    return [FILE_TYPES[key] for key in settings.ATTACHMENT_TYPES]


def type_list() -> str:
    """The allowed types for messages and help texts: "PDF, ODT, DOCX, PNG oder JPEG"."""
    return str(get_text_list([file_type.label for file_type in allowed_types()]))


def size_limit_text() -> str:
    """The size limit in megabytes as people write it ("20")."""
    return f"{settings.ATTACHMENT_MAX_BYTES / (1024 * 1024):g}".replace(".", ",")


def accept_attribute() -> str:
    """The ``accept`` attribute of a file input: the names and types the picker offers."""
    values = []
    for file_type in allowed_types():
        values.extend(file_type.suffixes)
        values.append(file_type.mime)
    return ",".join(values)


def wrong_type_error() -> ValidationError:
    return ValidationError(
        _("This file is not a %(types)s (recognised by its content, not by its name).")
        % {"types": type_list()},
        code="wrong_type",
    )


def check_upload(uploaded_file) -> FileType:
    """The allowed type of the file, or a ValidationError with a German message.

    The size is checked first, from what the upload says, before a byte is read.
    """
    size = uploaded_file.size
    if size is None or size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(size)s MB.") % {"size": size_limit_text()},
            code="too_large",
        )
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    file_type = detect_type(uploaded_file)
    if file_type is None or file_type.key not in settings.ATTACHMENT_TYPES:
        raise wrong_type_error()
    return file_type


def detect_type(uploaded_file) -> FileType | None:
    """The known type the bytes show, None for anything else; refuses macros and passwords."""
    uploaded_file.seek(0)
    head = uploaded_file.read(8)
    try:
        if head.startswith(PDF_MAGIC):
            return FILE_TYPES["pdf"]
        if head.startswith(PNG_MAGIC):
            return FILE_TYPES["png"]
        if head.startswith(JPEG_MAGIC):
            return FILE_TYPES["jpeg"]
        if head.startswith(CFB_MAGIC):
            raise ValidationError(
                _(
                    "This file is an old Word document or protected by a password. Please save "
                    "it without a password as %(types)s."
                )
                % {"types": type_list()},
                code="legacy_or_encrypted",
            )
        if head.startswith(ZIP_MAGIC):
            uploaded_file.seek(0)
            return _office_document(uploaded_file)
        return None
    finally:
        uploaded_file.seek(0)


def _office_document(uploaded_file) -> FileType | None:
    try:
        archive = zipfile.ZipFile(uploaded_file)
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    with archive:
        names = set(archive.namelist())
        if any(info.flag_bits & 0x1 for info in archive.infolist()):
            raise _encrypted_error()
        if "mimetype" in names:
            if _read_entry(archive, "mimetype").strip() != ODT_MIME.encode():
                return None
            if b"encryption-data" in _read_entry(archive, "META-INF/manifest.xml"):
                raise _encrypted_error()
            # LibreOffice keeps Basic macros under Basic/, other script languages under Scripts/.
            if any(name.startswith(("Basic/", "Scripts/")) for name in names):
                raise _macro_error()
            return FILE_TYPES["odt"]
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            content_types = _read_entry(archive, "[Content_Types].xml")
            if "word/vbaProject.bin" in names or b"macroenabled" in content_types.lower():
                raise _macro_error()
            return FILE_TYPES["docx"]
    return None


def _read_entry(archive: zipfile.ZipFile, name: str) -> bytes:
    """At most SMALL_ENTRY_BYTES of one entry, whatever size it claims (no zip bombs)."""
    try:
        with archive.open(name) as entry:
            return entry.read(SMALL_ENTRY_BYTES)
    except (KeyError, zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError):
        return b""


def _encrypted_error() -> ValidationError:
    return ValidationError(
        _("This document is protected by a password. Please save it without a password."),
        code="encrypted",
    )


def _macro_error() -> ValidationError:
    return ValidationError(
        _("This document contains macros. Please save it without macros (as ODT or DOCX)."),
        code="macros",
    )
