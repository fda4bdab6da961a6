"""Attachments (lip/attachments): the type from the bytes, the size limit, random stored names,
serving only to who may see the record, and files that go with their record."""

import datetime
import hashlib
import io
import re
import uuid
import zipfile

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from etappen.models import ConsultationRequest, Statement
from gremien.models import Meeting
from lip.attachments.detection import ODT_MIME
from lip.attachments.forms import AttachmentField
from lip.attachments.models import Attachment
from lip.attachments.registry import rule_for
from lip.attachments.services import (
    attach,
    attachments_by_owner,
    attachments_of,
    clean_name,
    move_attachments,
    remove,
)
from lip.roles import Role
from tests.conftest import user_with_role
from tests.etappen.factories import DraftVersionFactory, member_of
from tests.factories import CommitteeFactory, UserFactory

pytestmark = pytest.mark.django_db

WRONG_TYPE = (
    "Diese Datei ist kein PDF, ODT, DOCX, PNG oder JPEG (erkannt am Inhalt, nicht am Namen)."
)
TOO_LARGE = "Die Datei ist größer als 20 MB."

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def zipped(entries: dict[str, bytes], *, encrypt_flag: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    data = buffer.getvalue()
    if encrypt_flag:
        # zipfile writes no encrypted entries: set the "encrypted" bit in both headers.
        data = bytearray(data)
        for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            position = data.find(signature)
            while position != -1:
                data[position + offset] |= 0x1
                position = data.find(signature, position + 4)
        data = bytes(data)
    return data


def odt(**extra: bytes) -> bytes:
    return zipped(
        {
            "mimetype": ODT_MIME.encode(),
            "META-INF/manifest.xml": b"<manifest:manifest/>",
            "content.xml": b"<office:document-content/>",
            **extra,
        }
    )


CONTENT_TYPES = (
    b'<Types><Override PartName="/word/document.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def docx(**extra: bytes) -> bytes:
    return zipped(
        {"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": b"<w:document/>", **extra}
    )


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def stored_files(path: str = "") -> list[str]:
    """Every file in the (in-memory) storage."""
    try:
        folders, files = default_storage.listdir(path)
    except FileNotFoundError:
        return []
    found = [f"{path}/{name}".lstrip("/") for name in files]
    for folder in folders:
        found += stored_files(f"{path}/{folder}".lstrip("/"))
    return found


@pytest.fixture(autouse=True)
def _empty_storage(settings):
    """A fresh in-memory storage per test (changing STORAGES resets default_storage)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


@pytest.fixture
def statement(db):
    """An Integrationsbeirat's filed assessment on a version: internal, like every statement."""
    council = CommitteeFactory(name="Integrationsbeirat Mitte", kind="integrationsbeirat")
    version = DraftVersionFactory()
    request = ConsultationRequest.objects.create(
        version=version,
        committee=council,
        kind=ConsultationRequest.Kind.ASSESSMENT,
        deadline=timezone.localdate() + datetime.timedelta(days=7),
    )
    filer = member_of(council)
    return Statement.objects.create(request=request, text="Unsere Einschätzung", filed_by=filer)


def meeting_of(committee, *, is_public: bool) -> Meeting:
    return Meeting.objects.create(
        committee=committee, title="Sitzung", start=timezone.now(), is_public=is_public
    )


# Type by content -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "mime", "extension"),
    [
        ("brief.pdf", PDF, "application/pdf", ".pdf"),
        ("folien.png", PNG, "image/png", ".png"),
        ("foto.jpeg", JPEG, "image/jpeg", ".jpg"),
        ("protokoll.odt", odt(), ODT_MIME, ".odt"),
        (
            "stellungnahme.docx",
            docx(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ".docx",
        ),
    ],
)
def test_allowed_types_are_stored_with_the_detected_type(statement, name, data, mime, extension):
    attachment = attach(obj=statement, uploaded_file=upload(name, data), by=None)

    assert attachment.mime_type == mime
    assert attachment.file.name.endswith(extension)
    assert attachment.original_name == name
    assert default_storage.open(attachment.file.name).read() == data


def test_a_png_named_pdf_is_stored_as_png(statement):
    attachment = attach(obj=statement, uploaded_file=upload("brief.pdf", PNG), by=None)

    assert attachment.mime_type == "image/png"
    assert attachment.file.name.endswith(".png")
    assert attachment.download_name == "brief.png"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("brief.pdf", HTML),  # HTML renamed to .pdf
        ("brief.pdf", b"Nur Text, kein PDF."),
        ("archiv.docx", zipped({"readme.txt": b"kein Dokument"})),  # a ZIP, but no document
        ("tabelle.odt", zipped({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"})),
        ("bild.png", b"GIF89a" + b"\x00" * 20),
    ],
)
def test_bytes_of_no_allowed_type_are_refused_whatever_the_name(statement, name, data):
    with pytest.raises(ValidationError) as refused:
        attach(obj=statement, uploaded_file=upload(name, data), by=None)

    assert refused.value.messages == [WRONG_TYPE]
    assert not Attachment.objects.exists()
    assert stored_files() == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (docx(**{"word/vbaProject.bin": b"\x00" * 10}), "Makros"),
        (
            docx(**{"[Content_Types].xml": CONTENT_TYPES.replace(b"main+xml", b"macroEnabled")}),
            "Makros",
        ),
        (odt(**{"Basic/Standard/Module1.xml": b"<script/>"}), "Makros"),
        (
            odt(**{"META-INF/manifest.xml": b"<manifest:encryption-data/>"}),
            "Passwort",
        ),
        (zipped({"word/document.xml": b"x"}, encrypt_flag=True), "Passwort"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "Passwort"),
    ],
    ids=["docm", "macro-content-type", "odt-basic", "odt-encrypted", "zip-encrypted", "cfb"],
)
def test_macros_and_passwords_are_refused(statement, data, message):
    with pytest.raises(ValidationError) as refused:
        attach(obj=statement, uploaded_file=upload("dokument.docx", data), by=None)

    assert message in refused.value.messages[0]
    assert not Attachment.objects.exists()
    assert stored_files() == []


class HugeUpload:
    """An upload that says it is large; reading it would fail the test."""

    name = "riesig.pdf"
    size = 20 * 1024 * 1024 + 1

    def read(self, *args):
        raise AssertionError("an over-size file must be refused before it is read")

    seek = chunks = read


def test_over_size_is_refused_before_reading(statement):
    with pytest.raises(ValidationError) as refused:
        attach(obj=statement, uploaded_file=HugeUpload(), by=None)

    assert refused.value.messages == [TOO_LARGE]
    assert not Attachment.objects.exists()
    assert stored_files() == []


def test_the_limit_comes_from_the_settings(statement, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024 * 1024
    with pytest.raises(ValidationError) as refused:
        attach(obj=statement, uploaded_file=upload("gross.pdf", PDF + b"0" * 1024 * 1024), by=None)

    assert refused.value.messages == ["Die Datei ist größer als 1 MB."]


def test_empty_files_are_refused(statement):
    with pytest.raises(ValidationError) as refused:
        attach(obj=statement, uploaded_file=upload("leer.pdf", b""), by=None)

    assert refused.value.messages == ["Die Datei ist leer."]


def test_the_allowed_types_come_from_the_settings(statement, settings):
    settings.ATTACHMENT_TYPES = ["pdf"]

    with pytest.raises(ValidationError) as refused:
        attach(obj=statement, uploaded_file=upload("bild.png", PNG), by=None)

    assert refused.value.messages == [
        "Diese Datei ist kein PDF (erkannt am Inhalt, nicht am Namen)."
    ]


# Storage --------------------------------------------------------------------------------------


def test_stored_names_are_random_and_never_the_persons(statement):
    first = attach(obj=statement, uploaded_file=upload("Brief Müller.pdf", PDF), by=None)
    second = attach(obj=statement, uploaded_file=upload("Brief Müller.pdf", PDF), by=None)

    for attachment in (first, second):
        assert re.fullmatch(r"anhaenge/[0-9a-f]{2}/[0-9a-f]{32}\.pdf", attachment.file.name)
        assert "Müller" not in attachment.file.name
    assert first.file.name != second.file.name
    assert sorted(stored_files()) == sorted([first.file.name, second.file.name])


def test_what_is_known_about_the_file_is_kept(statement):
    user = UserFactory()
    attachment = attach(obj=statement, uploaded_file=upload("brief.pdf", PDF), by=user)

    assert attachment.size == len(PDF)
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    assert attachment.uploaded_by == user
    assert attachment.owner == statement
    record = attachment.history.get()
    assert record.history_type == "+" and record.history_user == user


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("C:\\Users\\kim\\Brief.pdf", "Brief.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("brief\u202egnp.pdf", "briefgnp.pdf"),  # a bidi override disguising the extension
        ("a\x00b\x1f.pdf", "ab.pdf"),
        ("x" * 300 + ".pdf", "x" * 196 + ".pdf"),
        ("", "anhang"),
    ],
)
def test_the_original_name_is_cleaned(given, kept):
    assert clean_name(given) == kept


def test_a_model_nobody_registered_takes_no_file(db):
    committee = CommitteeFactory()

    with pytest.raises(ValueError, match="not registered"):
        attach(obj=committee, uploaded_file=upload("brief.pdf", PDF), by=None)
    assert rule_for(type(committee)) is None
    assert stored_files() == []


def test_removing_deletes_the_file_after_the_commit(statement, django_capture_on_commit_callbacks):
    attachment = attach(obj=statement, uploaded_file=upload("brief.pdf", PDF), by=None)
    name = attachment.file.name

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        remove(attachment=attachment, by=None)
    assert default_storage.exists(name)  # a rollback would still find its file

    for callback in callbacks:
        callback()
    assert not default_storage.exists(name)
    assert not Attachment.objects.exists()


def test_deleting_the_owner_deletes_its_files(db, django_capture_on_commit_callbacks):
    meeting = meeting_of(CommitteeFactory(), is_public=False)
    other = meeting_of(CommitteeFactory(), is_public=False)
    gone = attach(obj=meeting, uploaded_file=upload("folien.pdf", PDF), by=None)
    kept = attach(obj=other, uploaded_file=upload("folien.pdf", PDF), by=None)

    with django_capture_on_commit_callbacks(execute=True):
        meeting.delete()

    assert list(Attachment.objects.all()) == [kept]
    assert stored_files() == [kept.file.name]
    assert not default_storage.exists(gone.file.name)


def test_moving_hands_the_files_to_another_record(statement, db):
    meeting = meeting_of(CommitteeFactory(), is_public=False)
    attachment = attach(obj=statement, uploaded_file=upload("brief.pdf", PDF), by=None)

    move_attachments(source=statement, target=meeting, by=None)

    assert attachments_of(statement) == []
    assert attachments_of(meeting) == [attachment]
    assert default_storage.exists(attachment.file.name)


def test_attachments_of_many_records_in_one_query(db, django_assert_num_queries):
    meetings = [meeting_of(CommitteeFactory(), is_public=True) for _ in range(3)]
    for meeting in meetings[:2]:
        attach(obj=meeting, uploaded_file=upload("a.pdf", PDF), by=None)
        attach(obj=meeting, uploaded_file=upload("b.png", PNG), by=None)

    with django_assert_num_queries(1):
        grouped = attachments_by_owner(meetings)

    assert [len(grouped.get(meeting.pk, [])) for meeting in meetings] == [2, 2, 0]


# Serving --------------------------------------------------------------------------------------

STATEMENT_ROLES = ["anonymous", "citizen", "other_body", "department", "council", "office"]
STATEMENT_READERS = {"council", "office"}


def user_for(role: str, statement: Statement):
    if role == "anonymous":
        return None
    if role == "citizen":
        return UserFactory()
    if role == "other_body":
        return member_of(CommitteeFactory(kind="integrationsbeirat"))
    if role == "department":
        return user_with_role(Role.DEPARTMENT)
    if role == "council":
        return member_of(statement.request.committee)
    return user_with_role(Role.OFFICE)


@pytest.mark.parametrize("role", STATEMENT_ROLES)
def test_a_statements_file_is_served_only_to_its_readers(client, statement, role):
    attachment = attach(obj=statement, uploaded_file=upload("brief.pdf", PDF), by=None)
    user = user_for(role, statement)
    if user is not None:
        client.force_login(user)

    response = client.get(attachment.get_absolute_url())

    if role not in STATEMENT_READERS:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="brief.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    ("name", "data", "disposition"),
    [
        ("protokoll.odt", odt(), 'attachment; filename="protokoll.odt"'),
        ("brief.docx", docx(), 'attachment; filename="brief.docx"'),
        ("foto.jpeg", JPEG, 'inline; filename="foto.jpeg"'),
        ("foto.pdf", PNG, 'inline; filename="foto.png"'),
    ],
)
def test_documents_are_downloaded_and_images_shown(client, statement, name, data, disposition):
    attachment = attach(obj=statement, uploaded_file=upload(name, data), by=None)
    client.force_login(user_with_role(Role.OFFICE))

    response = client.get(attachment.get_absolute_url())

    assert response["Content-Disposition"] == disposition
    assert response["Content-Type"] == attachment.mime_type


def test_files_of_a_public_meeting_are_public(client, db):
    meeting = meeting_of(CommitteeFactory(), is_public=True)
    attachment = attach(obj=meeting, uploaded_file=upload("tagesordnung.pdf", PDF), by=None)

    response = client.get(attachment.get_absolute_url())

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 404),
        ("citizen", 404),
        ("member_of_another_body", 404),
        ("committee_role", 404),
        ("member", 200),
        ("member_of_participant", 200),
        ("office", 200),
    ],
)
def test_files_of_an_internal_meeting(client, db, role, status):
    host, participant = CommitteeFactory(), CommitteeFactory()
    meeting = meeting_of(host, is_public=False)
    meeting.participants.add(participant)
    attachment = attach(obj=meeting, uploaded_file=upload("folien.pdf", PDF), by=None)
    users = {
        "anonymous": None,
        "citizen": UserFactory(),
        "member_of_another_body": member_of(CommitteeFactory()),
        "committee_role": user_with_role(Role.COMMITTEE),
        "member": member_of(host),
        "member_of_participant": member_of(participant),
        "office": user_with_role(Role.OFFICE),
    }
    if users[role] is not None:
        client.force_login(users[role])

    response = client.get(attachment.get_absolute_url())

    assert response.status_code == status
    if status == 200:
        assert response["Cache-Control"] == "private, no-store"


def test_unknown_addresses_and_unregistered_owners_are_404(client, db):
    committee = CommitteeFactory()
    stray = Attachment.objects.create(
        owner=committee,
        file="anhaenge/00/stray.pdf",
        original_name="x.pdf",
        mime_type="application/pdf",
        size=1,
        sha256="0" * 64,
    )
    client.force_login(user_with_role(Role.OFFICE))

    unknown = reverse("attachments:download", kwargs={"uuid": uuid.uuid4()})
    assert client.get(unknown).status_code == 404
    assert client.get(stray.get_absolute_url()).status_code == 404


def test_files_of_a_deleted_owner_are_404(client, db):
    meeting = meeting_of(CommitteeFactory(), is_public=True)
    attachment = attach(obj=meeting, uploaded_file=upload("tagesordnung.pdf", PDF), by=None)
    Meeting.objects.filter(pk=meeting.pk).delete()

    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_only_get_and_head(client, db):
    meeting = meeting_of(CommitteeFactory(), is_public=True)
    attachment = attach(obj=meeting, uploaded_file=upload("tagesordnung.pdf", PDF), by=None)

    assert client.post(attachment.get_absolute_url()).status_code == 405


def test_media_is_served_by_no_other_url(client, statement):
    attachment = attach(obj=statement, uploaded_file=upload("brief.pdf", PDF), by=None)

    assert client.get(f"/media/{attachment.file.name}").status_code == 404
    assert client.get(f"/static/{attachment.file.name}").status_code == 404


def test_anonymous_rule_check_needs_no_account(statement):
    rule = rule_for(Statement)

    assert rule.can_view(AnonymousUser(), statement) is False
    assert rule.is_public(statement) is False


# The upload field -----------------------------------------------------------------------------


def test_the_field_refuses_by_content_with_the_german_message():
    field = AttachmentField(required=False)

    with pytest.raises(ValidationError) as refused:
        field.clean(upload("brief.pdf", HTML))

    assert refused.value.messages == [WRONG_TYPE]
    assert field.clean(upload("brief.pdf", PDF)).name == "brief.pdf"
    assert field.clean(None) is None


def test_the_field_tells_types_and_size_before_the_upload():
    field = AttachmentField()

    assert str(field.help_text) == (
        "Erlaubt: PDF, ODT, DOCX, PNG oder JPEG, höchstens 20 MB. Der Typ wird am Inhalt erkannt."
    )
    accept = field.widget.attrs["accept"].split(",")
    assert {".pdf", ".odt", ".docx", ".png", ".jpg", ".jpeg", "application/pdf"} <= set(accept)


# Back office ----------------------------------------------------------------------------------


def admin_post_data(page, **values) -> dict:
    """The change form's own data plus the attachment inline's management form."""
    formset = page.context["inline_admin_formsets"][0].formset
    prefix = formset.prefix
    data = {
        f"{prefix}-TOTAL_FORMS": str(formset.total_form_count()),
        f"{prefix}-INITIAL_FORMS": str(formset.initial_form_count()),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, form in enumerate(formset.initial_forms):
        data[f"{prefix}-{index}-id"] = str(form.instance.pk)
    data.update({key.replace("PREFIX", prefix): value for key, value in values.items()})
    return data


@pytest.fixture
def office_admin(client):
    client.force_login(user_with_role(Role.OFFICE, is_staff=True))
    return client


def test_the_office_adds_a_file_to_a_statement_in_the_back_office(office_admin, statement):
    url = reverse("admin:etappen_statement_change", args=[statement.pk])
    page = office_admin.get(url)
    index = page.context["inline_admin_formsets"][0].formset.initial_form_count()

    response = office_admin.post(
        url, admin_post_data(page, **{f"PREFIX-{index}-upload": upload("brief.pdf", PDF)})
    )

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.owner == statement and attachment.mime_type == "application/pdf"
    statement.refresh_from_db()
    assert statement.text == "Unsere Einschätzung"


def test_the_back_office_refuses_the_wrong_type_and_stores_nothing(office_admin, statement):
    url = reverse("admin:etappen_statement_change", args=[statement.pk])
    page = office_admin.get(url)

    response = office_admin.post(
        url,
        admin_post_data(page, **{"PREFIX-0-upload": upload("brief.pdf", HTML)}),
    )

    assert response.status_code == 200
    assert WRONG_TYPE in response.content.decode()
    assert not Attachment.objects.exists()
    assert stored_files() == []


def test_the_office_removes_a_file_in_the_back_office(
    office_admin, statement, django_capture_on_commit_callbacks
):
    attachment = attach(obj=statement, uploaded_file=upload("brief.pdf", PDF), by=None)
    url = reverse("admin:etappen_statement_change", args=[statement.pk])
    page = office_admin.get(url)

    with django_capture_on_commit_callbacks(execute=True):
        response = office_admin.post(url, admin_post_data(page, **{"PREFIX-0-DELETE": "on"}))

    assert response.status_code == 302
    assert not Attachment.objects.exists()
    assert not default_storage.exists(attachment.file.name)


def test_the_statements_text_stays_read_only_in_the_back_office(office_admin, statement):
    url = reverse("admin:etappen_statement_change", args=[statement.pk])
    page = office_admin.get(url)

    office_admin.post(url, admin_post_data(page, text="Geändert", is_late="on"))

    statement.refresh_from_db()
    assert statement.text == "Unsere Einschätzung" and not statement.is_late


def test_production_refuses_media_inside_the_static_files():
    from tests.lip.test_settings import ROOT, run_manage

    result = run_manage(
        "check",
        DJANGO_SETTINGS_MODULE="lip.settings.production",
        SECRET_KEY="x" * 50,
        DEBUG="false",
        MEDIA_ROOT=str(ROOT / "static" / "anhaenge"),
    )

    assert result.returncode != 0
    assert "MEDIA_ROOT must not lie inside the static files" in result.stderr
