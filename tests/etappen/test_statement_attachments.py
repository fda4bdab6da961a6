"""Files on a body's statement: uploaded with the draft through the statement form, filed with
the text, seen by whoever reads the statements (the draft's files only by the body and OE 50.6).
"""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from etappen.models import Statement, StatementDraft
from etappen.services import save_statement_draft
from lip.attachments.models import Attachment
from lip.attachments.services import attachments_of
from lip.roles import Role
from tests.conftest import user_with_role
from tests.factories import UserFactory

from .conftest import submit
from .factories import ExpertGroupFactory, member_of

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40
HTML = b"<html><body><script>alert(1)</script></body></html>"
WRONG_TYPE = (
    "Diese Datei ist kein PDF, ODT, DOCX, PNG oder JPEG (erkannt am Inhalt, nicht am Namen)."
)


@pytest.fixture(autouse=True)
def _empty_storage(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


@pytest.fixture
def council_request(draft, member, bodies):
    """The first integration council's open request on a submitted version."""
    version = submit(draft, member)
    return version.consultation_requests.get(committee=bodies.councils[0])


@pytest.fixture
def council_member(council_request):
    return member_of(council_request.committee, username="beirat")


def url(name, **kwargs):
    return reverse(f"etappen:{name}", kwargs=kwargs)


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def post_statement(client, consultation_request, *, action, file=None, text="Unser Text"):
    data = {"text": text, "action": action}
    if file is not None:
        data["attachment"] = file
    return client.post(url("statement-file", pk=consultation_request.pk), data)


def test_the_form_takes_a_file_and_says_which(client, council_request, council_member):
    client.force_login(council_member)

    page = client.get(url("statement-form", pk=council_request.pk)).content.decode()

    assert 'enctype="multipart/form-data"' in page
    assert 'type="file" name="attachment"' in page
    assert 'accept=".pdf,application/pdf,.odt,' in page
    assert "Erlaubt: PDF, ODT, DOCX, PNG oder JPEG, höchstens 20 MB." in page


def test_a_saved_draft_keeps_the_file(client, council_request, council_member):
    client.force_login(council_member)

    response = post_statement(client, council_request, action="save", file=upload("Brief.pdf", PDF))

    assert response.status_code == 302
    statement_draft = StatementDraft.objects.get(request=council_request)
    [attachment] = attachments_of(statement_draft)
    assert attachment.original_name == "Brief.pdf"
    assert attachment.uploaded_by == council_member
    page = client.get(url("statement-form", pk=council_request.pk)).content.decode()
    assert attachment.get_absolute_url() in page
    assert url("statement-file-remove", pk=council_request.pk, uuid=attachment.uuid) in page


def test_the_wrong_type_is_refused_and_nothing_saved(client, council_request, council_member):
    client.force_login(council_member)

    response = post_statement(
        client, council_request, action="save", file=upload("Brief.pdf", HTML)
    )

    assert response.status_code == 400
    assert WRONG_TYPE in response.content.decode()
    assert not StatementDraft.objects.exists()
    assert not Attachment.objects.exists()
    assert not default_storage.listdir("")[0]


def test_an_over_size_file_is_refused(client, council_request, council_member, settings):
    settings.ATTACHMENT_MAX_BYTES = 512 * 1024
    client.force_login(council_member)

    response = post_statement(
        client, council_request, action="save", file=upload("Brief.pdf", PDF + b"0" * 512 * 1024)
    )

    assert response.status_code == 400
    assert "Die Datei ist größer als 0,5 MB." in response.content.decode()
    assert not Attachment.objects.exists()


def test_filing_takes_the_drafts_files_along(
    client, council_request, council_member, django_capture_on_commit_callbacks
):
    client.force_login(council_member)
    post_statement(client, council_request, action="save", file=upload("Brief.pdf", PDF))

    confirm = post_statement(client, council_request, action="check", file=upload("a.png", PNG))
    assert confirm.status_code == 200
    assert "Brief.pdf" in confirm.content.decode() and "a.png" in confirm.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        filed = post_statement(client, council_request, action="file")

    assert filed.status_code == 302
    statement = Statement.objects.get(request=council_request)
    attachments = attachments_of(statement)
    assert [a.original_name for a in attachments] == ["Brief.pdf", "a.png"]
    assert not StatementDraft.objects.exists()
    # Deleting the draft did not delete the files that went with the text.
    assert all(default_storage.exists(a.file.name) for a in attachments)
    page = client.get(url("statement-form", pk=council_request.pk)).content.decode()
    assert attachments[0].get_absolute_url() in page


@pytest.mark.parametrize(
    ("reader", "status"),
    [
        ("council_member", 200),
        ("office", 200),
        ("steering", 200),
        ("group_member", 200),
        ("other_council", 200),  # consulted on the same version
        ("other_group", 404),
        ("citizen", 404),
        ("anonymous", 404),
    ],
)
def test_filed_files_are_seen_by_the_statements_readers(
    client, council_request, council_member, member, bodies, reader, status
):
    client.force_login(council_member)
    post_statement(client, council_request, action="check", file=upload("Brief.pdf", PDF))
    post_statement(client, council_request, action="file")
    client.logout()
    [attachment] = Attachment.objects.all()
    users = {
        "council_member": council_member,
        "office": user_with_role(Role.OFFICE),
        "steering": member_of(bodies.steering),
        "group_member": member,
        "other_council": member_of(bodies.councils[1]),
        "other_group": member_of(ExpertGroupFactory()),
        "citizen": UserFactory(),
        "anonymous": None,
    }
    if users[reader] is not None:
        client.force_login(users[reader])

    assert client.get(attachment.get_absolute_url()).status_code == status


@pytest.mark.parametrize(
    ("reader", "status"),
    [("council_member", 200), ("office", 200), ("group_member", 404), ("steering", 404)],
)
def test_a_drafts_files_only_for_the_body_and_the_office(
    client, council_request, council_member, member, bodies, reader, status
):
    save_statement_draft(
        request=council_request,
        text="Entwurf",
        by=council_member,
        files=[upload("Brief.pdf", PDF)],
    )
    [attachment] = Attachment.objects.all()
    users = {
        "council_member": council_member,
        "office": user_with_role(Role.OFFICE),
        "group_member": member,
        "steering": member_of(bodies.steering),
    }
    client.force_login(users[reader])

    assert client.get(attachment.get_absolute_url()).status_code == status


def test_a_file_is_taken_off_the_draft(
    client, council_request, council_member, django_capture_on_commit_callbacks
):
    statement_draft = save_statement_draft(
        request=council_request, text="Entwurf", by=council_member, files=[upload("x.pdf", PDF)]
    )
    [attachment] = attachments_of(statement_draft)
    client.force_login(council_member)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("statement-file-remove", pk=council_request.pk, uuid=attachment.uuid)
        )

    assert response.status_code == 302
    assert not Attachment.objects.exists()
    assert not default_storage.exists(attachment.file.name)


@pytest.mark.parametrize(("who", "status"), [("other_council", 403), ("other_group", 404)])
def test_others_cannot_take_a_file_off(
    client, council_request, council_member, bodies, who, status
):
    statement_draft = save_statement_draft(
        request=council_request, text="Entwurf", by=council_member, files=[upload("x.pdf", PDF)]
    )
    [attachment] = attachments_of(statement_draft)
    other = bodies.councils[1] if who == "other_council" else ExpertGroupFactory()
    client.force_login(member_of(other))

    response = client.post(
        url("statement-file-remove", pk=council_request.pk, uuid=attachment.uuid)
    )

    assert response.status_code == status
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_a_file_of_another_draft_is_not_taken_off(client, council_request, council_member, bodies):
    other_request = council_request.version.consultation_requests.get(committee=bodies.councils[1])
    other_member = member_of(bodies.councils[1])
    other_draft = save_statement_draft(
        request=other_request, text="Fremd", by=other_member, files=[upload("x.pdf", PDF)]
    )
    [attachment] = attachments_of(other_draft)
    save_statement_draft(request=council_request, text="Entwurf", by=council_member)
    client.force_login(council_member)

    response = client.post(
        url("statement-file-remove", pk=council_request.pk, uuid=attachment.uuid), follow=True
    )

    assert "Diese Datei gehört nicht zum Entwurf." in response.content.decode()
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_the_statement_page_runs_the_same_queries_whatever_the_files(
    client, council_request, council_member
):
    client.force_login(council_member)
    page_url = url("statement-form", pk=council_request.pk)

    def queries_with(files: int) -> int:
        save_statement_draft(
            request=council_request,
            text="Entwurf",
            by=council_member,
            files=[upload(f"{n}.pdf", PDF) for n in range(files)],
        )
        client.get(page_url)  # warm the per-process caches
        with CaptureQueriesContext(connection) as queries:
            page = client.get(page_url)
        assert page.content.decode().count('href="/anhang/') == Attachment.objects.count()
        return len(queries)

    assert queries_with(1) == queries_with(4)
