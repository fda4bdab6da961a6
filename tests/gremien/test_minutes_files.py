"""Files on the minutes of a meeting, in the product: OE 50.6 and the lead Dezernat attach and
remove them on the minutes page; whoever may read the minutes in their state sees the files
(listed on the meeting page, served at /anhang/<uuid>/), everyone else gets 404.
"""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gremien.models import Meeting, Minutes
from gremien.services import (
    attach_minutes_file,
    mark_meeting_held,
    publish_minutes,
    save_minutes,
)
from lip.attachments.models import Attachment

from .test_meetings_agenda import login, meeting_url, page

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
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
    settings.PAGE_CACHE_ENABLED = False


def upload(name="Protokoll.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def post_file(client, meeting, file):
    return client.post(meeting_url(meeting, "minutes-file-add"), {"file": file})


def stored_files() -> list[str]:
    folders, files = default_storage.listdir("")
    return files + [name for folder in folders for name in default_storage.listdir(folder)[1]]


@pytest.mark.parametrize("actor", ["office", "own_department"])
def test_the_planners_attach_a_file_on_the_minutes_page(client, world, actor):
    login(client, world.users[actor])

    response = post_file(client, world.meeting, upload("Protokoll unterschrieben.pdf"))

    assert response.status_code == 302
    minutes = Minutes.objects.get(meeting=world.meeting)
    assert minutes.status == Minutes.Status.DRAFT and minutes.text == ""
    attachment = Attachment.objects.get()
    assert attachment.owner == minutes
    assert attachment.uploaded_by == world.users[actor]
    assert attachment.history.get().history_user == world.users[actor]
    html = page(client.get(meeting_url(world.meeting, "minutes")))
    assert "Protokoll unterschrieben.pdf" in html
    assert attachment.get_absolute_url() in html
    assert client.get(attachment.get_absolute_url()).status_code == 200


def test_attaching_keeps_a_text_being_written_saveable(client, world):
    office = world.users["office"]
    save_minutes(meeting=world.meeting, text="TOP 1", status="entwurf", revision=0, by=office)
    attach_minutes_file(meeting=world.meeting, uploaded_file=upload(), by=office)

    # A form opened before the upload (revision 1) still saves.
    save_minutes(meeting=world.meeting, text="TOP 1 und 2", status="intern", revision=1, by=office)

    assert Minutes.objects.get().text == "TOP 1 und 2"


def test_the_wrong_type_is_refused_in_german_and_nothing_stored(client, world):
    login(client, world.users["office"])

    response = post_file(client, world.meeting, upload("Protokoll.pdf", HTML))

    assert response.status_code == 400
    assert WRONG_TYPE in page(response)
    assert not Attachment.objects.exists()
    assert not Minutes.objects.exists()
    assert stored_files() == []


def test_an_over_size_file_is_refused(client, world, settings):
    settings.ATTACHMENT_MAX_BYTES = 512 * 1024
    login(client, world.users["office"])

    response = post_file(client, world.meeting, upload("Folien.pdf", PDF + b"0" * 512 * 1024))

    assert response.status_code == 400
    assert "Die Datei ist größer als 0,5 MB." in page(response)
    assert not Attachment.objects.exists()
    assert stored_files() == []


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        ("anonymous", 302),
        ("citizen", 404),
        ("other_department", 404),
        ("member", 403),
    ],
)
def test_others_attach_nothing(client, world, actor, status):
    login(client, world.users[actor])

    response = post_file(client, world.meeting, upload())

    assert response.status_code == status
    assert not Attachment.objects.exists()


# Who reads a file of the minutes of an internal meeting, by the state of the minutes.
READERS = {
    "entwurf": {"office", "own_department"},
    "intern": {"office", "own_department", "member"},
    "veroeffentlicht": {
        "anonymous",
        "citizen",
        "member",
        "own_department",
        "other_department",
        "office",
    },
}


@pytest.mark.parametrize("state", READERS)
@pytest.mark.parametrize(
    "actor", ["anonymous", "citizen", "member", "own_department", "other_department", "office"]
)
def test_a_file_is_read_by_whoever_reads_the_minutes(client, world, state, actor):
    office = world.users["office"]
    attachment = attach_minutes_file(meeting=world.meeting, uploaded_file=upload(), by=office)
    if state == "intern":
        save_minutes(meeting=world.meeting, text="Intern", status="intern", revision=0, by=office)
    elif state == "veroeffentlicht":
        mark_meeting_held(meeting=world.meeting, by=office)
        publish_minutes(meeting=world.meeting, text="Ergebnis", revision=0, by=office)
    login(client, world.users[actor])

    served = client.get(attachment.get_absolute_url())
    meeting_page = client.get(meeting_url(world.meeting))

    if actor in READERS[state]:
        assert served.status_code == 200
        assert served.getvalue() == PDF
        assert attachment.get_absolute_url() in page(meeting_page)
        # Only a published file may be stored (signed-in responses are never: lip/middleware.py).
        may_store = state == "veroeffentlicht" and actor == "anonymous"
        assert (served.get("Cache-Control") != "private, no-store") == may_store
    else:
        assert served.status_code == 404
        assert attachment.get_absolute_url() not in meeting_page.content.decode()


def test_a_file_is_removed_until_the_minutes_are_published(
    client, world, django_capture_on_commit_callbacks
):
    office = world.users["office"]
    kept = attach_minutes_file(meeting=world.meeting, uploaded_file=upload("a.pdf"), by=office)
    gone = attach_minutes_file(meeting=world.meeting, uploaded_file=upload("b.pdf"), by=office)
    login(client, office)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(meeting_url(world.meeting, "minutes-file-remove", uuid=gone.uuid))

    assert response.status_code == 302
    assert list(Attachment.objects.all()) == [kept]
    assert not default_storage.exists(gone.file.name)
    assert gone.history.filter(history_type="-").get().history_user == office

    mark_meeting_held(meeting=world.meeting, by=office)
    publish_minutes(meeting=world.meeting, text="Ergebnis", revision=0, by=office)
    client.post(meeting_url(world.meeting, "minutes-file-remove", uuid=kept.uuid))
    refused = post_file(client, world.meeting, upload("c.pdf"))

    assert list(Attachment.objects.all()) == [kept]
    assert refused.status_code == 400
    html = page(client.get(meeting_url(world.meeting, "minutes")))
    assert "a.pdf" in html and 'enctype="multipart/form-data"' not in html


def test_members_and_other_departments_remove_nothing(client, world):
    attachment = attach_minutes_file(
        meeting=world.meeting, uploaded_file=upload(), by=world.users["office"]
    )
    for actor, status in [("member", 403), ("other_department", 404)]:
        client.logout()
        login(client, world.users[actor])
        response = client.post(
            meeting_url(world.meeting, "minutes-file-remove", uuid=attachment.uuid)
        )
        assert response.status_code == status
    assert Attachment.objects.count() == 1


def test_a_file_of_other_minutes_is_not_removed_here(client, world):
    office = world.users["office"]
    other = Meeting.objects.create(
        committee=world.group, title="Andere Sitzung", start=world.meeting.start
    )
    foreign = attach_minutes_file(meeting=other, uploaded_file=upload(), by=office)
    attach_minutes_file(meeting=world.meeting, uploaded_file=upload(), by=office)
    login(client, office)

    response = client.post(meeting_url(world.meeting, "minutes-file-remove", uuid=foreign.uuid))

    assert response.status_code == 302
    assert Attachment.objects.filter(pk=foreign.pk).exists()


def test_deleting_the_meeting_deletes_the_minutes_files(world, django_capture_on_commit_callbacks):
    attachment = attach_minutes_file(
        meeting=world.meeting, uploaded_file=upload(), by=world.users["office"]
    )

    with django_capture_on_commit_callbacks(execute=True):
        world.meeting.delete()

    assert not Attachment.objects.exists()
    assert not default_storage.exists(attachment.file.name)


def test_the_publish_confirmation_names_the_files(client, world):
    office = world.users["office"]
    attach_minutes_file(meeting=world.meeting, uploaded_file=upload("Folien.pdf"), by=office)
    mark_meeting_held(meeting=world.meeting, by=office)
    login(client, office)

    response = client.post(
        meeting_url(world.meeting, "minutes"),
        {"text": "Ergebnis", "revision": 0, "action": "veroeffentlichen"},
    )

    assert "Folien.pdf" in page(response)


def test_the_meeting_page_lists_the_meetings_own_files_for_its_readers(client, world):
    from lip.attachments.services import attach

    slides = attach(obj=world.meeting, uploaded_file=upload("Folien.pdf"), by=None)
    login(client, world.users["member"])
    assert slides.get_absolute_url() in page(client.get(meeting_url(world.meeting)))
    # Published minutes open the internal meeting's page, not its own files.
    office = world.users["office"]
    mark_meeting_held(meeting=world.meeting, by=office)
    publish_minutes(meeting=world.meeting, text="Ergebnis", revision=0, by=office)
    client.logout()

    html = page(client.get(meeting_url(world.meeting)))

    assert "Ergebnis" in html and slides.get_absolute_url() not in html


@pytest.mark.parametrize("actor", ["anonymous", "office"])
def test_the_meeting_page_runs_the_same_queries_whatever_the_files(client, world, actor):
    office = world.users["office"]
    mark_meeting_held(meeting=world.meeting, by=office)
    publish_minutes(meeting=world.meeting, text="Ergebnis", revision=0, by=office)
    login(client, world.users[actor])
    url = meeting_url(world.meeting)

    with CaptureQueriesContext(connection) as without_files:
        client.get(url)
    Minutes.objects.filter(meeting=world.meeting).update(status="entwurf", published_at=None)
    for name in ("a.pdf", "b.pdf", "c.pdf"):
        attach_minutes_file(meeting=world.meeting, uploaded_file=upload(name), by=office)
    Minutes.objects.filter(meeting=world.meeting).update(
        status="veroeffentlicht", published_at=world.meeting.start
    )
    with CaptureQueriesContext(connection) as with_files:
        html = page(client.get(url))

    assert "c.pdf" in html
    assert len(with_files) == len(without_files)


def test_the_demo_has_published_minutes_with_a_signed_file_once(client, settings):
    from django.core.management import call_command
    from pypdf import PdfReader

    settings.DEBUG = True  # seed_demo refuses to run otherwise
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.DEBUG = False

    minutes = Minutes.objects.select_related("meeting").get(meeting=1001)
    [attachment] = Attachment.objects.of(minutes)
    assert minutes.status == Minutes.Status.PUBLISHED
    assert minutes.meeting.agenda_items.exists() and minutes.meeting.attendances.exists()
    html = page(client.get(minutes.meeting.get_absolute_url()))
    assert attachment.get_absolute_url() in html
    served = client.get(attachment.get_absolute_url())
    assert served.status_code == 200 and served["Content-Type"] == "application/pdf"
    from io import BytesIO

    text = PdfReader(BytesIO(served.getvalue())).pages[0].extract_text()
    assert "Konstituierende Sitzung der Lenkungsgruppe" in text
