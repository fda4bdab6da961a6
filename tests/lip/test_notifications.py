import datetime
import threading
import time
from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lip.models import EmailOptOut, Notification, NotificationPreference
from lip.notifications import Kind, Mode, Recipient, notify, set_preferences
from lip.notifications.delivery import deliver_batch, deliver_due, send_digests
from lip.notifications.tokens import make_token, read_token
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//LIP Hannover//DE\r\nBEGIN:VEVENT\r\n"
    "UID:meeting-1@lip.example.org\r\nDTSTAMP:20270101T100000Z\r\n"
    "DTSTART:20270110T160000Z\r\nSUMMARY:Sitzung der Lenkungsgruppe\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)


class FailingBackend(BaseEmailBackend):
    """A mail server that refuses every message."""

    def send_messages(self, email_messages):
        raise SMTPException("421 Dienst nicht verfügbar")


class SlowBackend(LocmemBackend):
    """The in-memory outbox, a little slow, so concurrent deliveries overlap."""

    def send_messages(self, messages):
        time.sleep(0.002)
        return super().send_messages(messages)


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://lip.example.org"
    settings.NOTIFICATION_FROM_EMAIL = (
        "Landeshauptstadt Hannover – Lokaler Integrationsplan <lip@hannover-stadt.de>"
    )


def send(recipients, *, kind=Kind.MEETING, cause="meeting:1", **overrides) -> int:
    arguments = {
        "kind": kind,
        "cause": cause,
        "recipients": recipients,
        "subject": "Sitzung der Lenkungsgruppe am 10. Januar",
        "template": "generic",
        "context": {"text": "Die Lenkungsgruppe tagt im Neuen Rathaus."},
        "link": "/gremien/lenkungsgruppe/",
        **overrides,
    }
    return notify(**arguments)


def rows(count: int, *, kind=Kind.MEETING) -> None:
    """Due outbox rows without rendering templates (for the batch tests)."""
    Notification.objects.bulk_create(
        Notification(
            email=f"person{number}@example.org",
            kind=kind,
            cause="meeting:1",
            subject="Sitzung",
            body_text="Text",
            body_html="<p>Text</p>",
            link="https://lip.example.org/",
        )
        for number in range(count)
    )


# notify() ----------------------------------------------------------------------------------


def test_notify_writes_one_row_per_recipient_and_is_idempotent():
    member = UserFactory(email="Ada@Example.org", first_name="Ada", last_name="Lovelace")
    without_address = UserFactory(email="")
    inactive = UserFactory(email="inaktiv@example.org", is_active=False)
    recipients = [
        member,
        inactive,
        without_address,
        Recipient(email="beirat@example.org", name="Beirat Mitte"),
        "buerger@example.org",
        "ada@example.org",  # the member's address once more
    ]

    assert send(recipients) == 3
    assert send(recipients) == 0

    assert sorted(Notification.objects.values_list("email", flat=True)) == [
        "ada@example.org",
        "beirat@example.org",
        "buerger@example.org",
    ]
    row = Notification.objects.get(email="ada@example.org")
    assert row.user == member
    assert row.status == Notification.Status.PENDING
    assert row.link == "https://lip.example.org/gremien/lenkungsgruppe/"
    assert "Ada Lovelace" in row.body_text
    assert "Die Lenkungsgruppe tagt im Neuen Rathaus." in row.body_text
    assert "Die Lenkungsgruppe tagt im Neuen Rathaus." in row.body_html
    assert "/konto/benachrichtigungen/" in row.body_text
    citizen = Notification.objects.get(email="buerger@example.org")
    assert "/konto/benachrichtigungen/" not in citizen.body_text
    assert "/benachrichtigungen/abbestellen/" in citizen.body_text


def test_another_cause_is_another_mail():
    assert send(["a@example.org"], cause="meeting:1") == 1
    assert send(["a@example.org"], cause="meeting:1:moved") == 1
    assert send(["a@example.org"], kind=Kind.DEADLINE_REMINDER, cause="meeting:1") == 1
    assert Notification.objects.count() == 3


def test_rolled_back_change_sends_nothing(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        send(["a@example.org"])
        raise RuntimeError("the service failed after notify()")

    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_nothing_is_sent_before_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send(["a@example.org"])
    assert mail.outbox == []

    for callback in callbacks:
        callback()
    assert [message.to for message in mail.outbox] == [["a@example.org"]]


def test_unknown_template_fails_the_service():
    with pytest.raises(Exception, match="nonexistent"):
        send(["a@example.org"], template="nonexistent")
    assert not Notification.objects.exists()


# Delivery ----------------------------------------------------------------------------------


def test_delivery_sends_text_html_headers_and_calendar_file(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send(
            ["a@example.org", "b@example.org"],
            deadline=datetime.date(2027, 1, 31),
            ics=ICS,
        )

    assert sorted(message.to[0] for message in mail.outbox) == ["a@example.org", "b@example.org"]
    for message in mail.outbox:
        assert len(message.to) == 1 and message.cc == [] and message.bcc == []
        other = "b@example.org" if message.to == ["a@example.org"] else "a@example.org"
        raw = message.message().as_string()
        assert other not in raw
        assert message.subject == "Sitzung der Lenkungsgruppe am 10. Januar"
        assert message.from_email.startswith("Landeshauptstadt Hannover – Lokaler Integrationsplan")
        assert "https://lip.example.org/gremien/lenkungsgruppe/" in message.body
        assert "31. Januar 2027" in message.body
        [(html, mimetype)] = message.alternatives
        assert mimetype == "text/html"
        assert 'href="https://lip.example.org/gremien/lenkungsgruppe/"' in html
        assert "31. Januar 2027" in html
        [(filename, content, attachment_type)] = message.attachments
        assert filename.endswith(".ics")
        assert attachment_type == "text/calendar"
        assert "BEGIN:VCALENDAR" in content
        unsubscribe = message.extra_headers["List-Unsubscribe"]
        assert unsubscribe.startswith("<https://lip.example.org/benachrichtigungen/abbestellen/")
        assert unsubscribe.endswith("/>")
        assert unsubscribe[1:-1] in message.body
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in raw
    row = Notification.objects.get(email="a@example.org")
    assert row.status == Notification.Status.SENT
    assert row.sent_at is not None
    assert row.attempts == 0


def test_a_failing_mail_server_keeps_the_mail_and_a_retry_sends_it_once(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.lip.test_notifications.FailingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        send(["a@example.org"])

    row = Notification.objects.get()
    assert row.status == Notification.Status.PENDING
    assert row.attempts == 1
    assert "421 Dienst nicht verfügbar" in row.last_error
    assert row.next_attempt_at > timezone.now()
    assert mail.outbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert deliver_due() == 0  # not due yet
    later = row.next_attempt_at + datetime.timedelta(seconds=1)
    assert deliver_due(now=later) == 1
    assert deliver_due(now=later) == 0
    call_command("send_notifications", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert [message.to for message in mail.outbox] == [["a@example.org"]]
    row.refresh_from_db()
    assert row.status == Notification.Status.SENT


def test_retries_wait_longer_each_time_and_stop_after_the_limit(settings):
    settings.EMAIL_BACKEND = "tests.lip.test_notifications.FailingBackend"
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    settings.NOTIFICATION_RETRY_SECONDS = 60
    rows(1)
    now = timezone.now()
    waits = []
    for _ in range(5):
        deliver_due(now=now)
        row = Notification.objects.get()
        waits.append(row.next_attempt_at - now)
        now = row.next_attempt_at

    assert row.status == Notification.Status.FAILED
    assert row.attempts == 3
    assert waits[:2] == [datetime.timedelta(seconds=60), datetime.timedelta(seconds=120)]

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert deliver_due(now=now + datetime.timedelta(days=1)) == 0
    assert mail.outbox == []


def test_one_refused_mail_does_not_stop_the_others(settings):
    rows(3)
    Notification.objects.filter(email="person1@example.org").update(subject="Zeile\nkaputt")

    assert deliver_due() == 2

    assert sorted(message.to[0] for message in mail.outbox) == [
        "person0@example.org",
        "person2@example.org",
    ]
    broken = Notification.objects.get(email="person1@example.org")
    assert broken.status == Notification.Status.PENDING
    assert broken.attempts == 1
    assert broken.last_error


def test_a_backend_that_can_defer_gets_a_retry_task(settings):
    from django_tasks import task_backends

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.EMAIL_BACKEND = "tests.lip.test_notifications.FailingBackend"
    rows(1)

    deliver_due()

    [result] = task_backends["default"].results
    assert result.task.name == "deliver_notifications"
    assert result.task.run_after == Notification.objects.get().next_attempt_at


def test_a_batch_costs_the_same_queries_for_10_and_1000_recipients(django_assert_num_queries):
    rows(10)
    with CaptureQueriesContext(connection) as small:
        assert deliver_batch() == (10, 10)
    Notification.objects.all().delete()
    mail.outbox.clear()

    rows(1000)
    with django_assert_num_queries(len(small.captured_queries)):
        assert deliver_batch() == (100, 100)
    assert deliver_due() == 900
    assert len(mail.outbox) == 1000
    assert not Notification.objects.exclude(status=Notification.Status.SENT).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_deliveries_send_every_mail_exactly_once(settings):
    settings.EMAIL_BACKEND = "tests.lip.test_notifications.SlowBackend"
    rows(300)
    start = threading.Barrier(2)
    sent = []
    errors = []

    def deliver():
        try:
            start.wait()
            sent.append(deliver_due(batch_size=20))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sum(sent) == 300
    assert all(count > 0 for count in sent), "both deliveries took rows"
    addresses = [message.to[0] for message in mail.outbox]
    assert len(addresses) == 300
    assert len(set(addresses)) == 300
    assert Notification.objects.filter(status=Notification.Status.SENT).count() == 300


# Preferences and the digest ----------------------------------------------------------------


def test_kind_turned_off_sends_nothing(django_capture_on_commit_callbacks):
    member = UserFactory(email="a@example.org")
    set_preferences(user=member, modes={Kind.MEETING: Mode.OFF})

    with django_capture_on_commit_callbacks(execute=True):
        assert send([member]) == 0

    assert mail.outbox == []


def test_digest_collects_rows_into_one_mail(django_capture_on_commit_callbacks):
    member = UserFactory(email="a@example.org", first_name="Ada")
    set_preferences(user=member, modes={Kind.MEETING: Mode.DIGEST})

    with django_capture_on_commit_callbacks(execute=True):
        send([member], cause="meeting:1", subject="Sitzung am 10. Januar")
        send(
            [member],
            cause="meeting:2",
            subject="Sitzung am 20. Januar",
            deadline=datetime.date(2027, 1, 15),
        )
        send([member], kind=Kind.PROCESS_STEPS, cause="process-event:1", subject="Schritt")
    assert mail.outbox == []

    assert send_digests() == 1
    assert send_digests() == 0

    [message] = mail.outbox
    assert message.to == ["a@example.org"]
    for subject in ("Sitzung am 10. Januar", "Sitzung am 20. Januar", "Schritt"):
        assert subject in message.body
        assert subject in message.alternatives[0][0]
    assert "15. Januar 2027" in message.body
    assert "Ada" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert not Notification.objects.exclude(status=Notification.Status.SENT).exists()


def test_digest_failure_keeps_the_rows_for_the_next_run(settings):
    for cause in ("process-event:1", "process-event:2"):
        Notification.objects.create(
            email="a@example.org",
            kind=Kind.PROCESS_STEPS,
            cause=cause,
            mode=Mode.DIGEST,
            subject=cause,
            body_text="Text",
            body_html="<p>Text</p>",
        )
    settings.EMAIL_BACKEND = "tests.lip.test_notifications.FailingBackend"

    assert send_digests() == 0
    assert set(Notification.objects.values_list("attempts", flat=True)) == {1}

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_digests(now=timezone.now() + datetime.timedelta(hours=1)) == 1
    assert len(mail.outbox) == 1


def test_preferences_page_saves_only_the_own_choices(client):
    member = UserFactory(email="a@example.org")
    other = UserFactory(email="b@example.org")
    client.force_login(member)
    url = reverse("notifications:preferences")

    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("<fieldset") >= len([kind for kind in Kind if kind.for_accounts])
    assert "<legend" in html
    assert Kind.COMMENT_PUBLISHED.value not in html  # citizens' kinds are not chosen here

    data = {kind.value: kind.default_mode for kind in Kind if kind.for_accounts}
    data[Kind.PROCESS_STEPS.value] = Mode.IMMEDIATE
    data[Kind.MEETING.value] = Mode.OFF
    response = client.post(url, data)

    assert response.status_code == 302
    assert dict(NotificationPreference.objects.values_list("kind", "mode")) == {
        Kind.PROCESS_STEPS: Mode.IMMEDIATE,
        Kind.MEETING: Mode.OFF,
    }
    assert set(NotificationPreference.objects.values_list("user", flat=True)) == {member.pk}
    assert not other.notification_preferences.exists()
    preference = NotificationPreference.objects.get(kind=Kind.MEETING)
    assert preference.history.get().history_user == member


def test_preferences_page_rejects_unknown_modes_and_needs_login(client):
    url = reverse("notifications:preferences")
    assert client.get(url).status_code == 302

    client.force_login(UserFactory())
    response = client.post(url, {Kind.MEETING.value: "sometimes"})
    assert response.status_code == 200
    assert not NotificationPreference.objects.exists()


# Unsubscribe -------------------------------------------------------------------------------


def unsubscribe_path(email, kinds) -> str:
    return reverse("notifications:unsubscribe", args=[make_token(email, kinds)])


def test_unsubscribe_by_link_asks_first_then_turns_the_kind_off(
    client, django_capture_on_commit_callbacks
):
    url = unsubscribe_path("buerger@example.org", [Kind.EVENT_REMINDER])

    page = client.get(url)
    assert page.status_code == 200
    assert b"buerger@example.org" in page.content
    assert b'method="post"' in page.content
    assert not EmailOptOut.objects.exists()  # a link scanner's GET changes nothing

    assert client.post(url).status_code == 200
    assert EmailOptOut.objects.filter(email="buerger@example.org", kind=Kind.EVENT_REMINDER)

    with django_capture_on_commit_callbacks(execute=True):
        assert send(["Buerger@example.org"], kind=Kind.EVENT_REMINDER) == 0
        assert send(["buerger@example.org"], kind=Kind.EVENT_CANCELLED) == 1
    assert [message.to for message in mail.outbox] == [["buerger@example.org"]]


def test_one_click_post_works_without_login_and_csrf_token(django_capture_on_commit_callbacks):
    member = UserFactory(email="a@example.org")
    set_preferences(user=member, modes={Kind.MEETING: Mode.DIGEST})
    send([member], cause="meeting:1")  # waits for the digest
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        unsubscribe_path("a@example.org", [Kind.MEETING]),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert NotificationPreference.objects.get(user=member, kind=Kind.MEETING).mode == Mode.OFF
    assert Notification.objects.get().status == Notification.Status.CANCELLED
    with django_capture_on_commit_callbacks(execute=True):
        assert send([member], cause="meeting:2") == 0
    assert send_digests() == 0
    assert mail.outbox == []


def test_turning_a_kind_on_again_lifts_the_unsubscription():
    member = UserFactory(email="a@example.org")
    Client().post(unsubscribe_path("a@example.org", [Kind.MEETING]))
    assert send([member]) == 0

    set_preferences(user=member, modes={Kind.MEETING: Mode.IMMEDIATE})

    assert not EmailOptOut.objects.exists()
    assert send([member]) == 1


def test_the_unsubscribe_link_of_a_delivered_mail_works(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send(["a@example.org"])
    [message] = mail.outbox
    path = message.extra_headers["List-Unsubscribe"][1:-1].removeprefix("https://lip.example.org")

    assert client.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200

    assert EmailOptOut.objects.filter(email="a@example.org", kind=Kind.MEETING).exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_token_changes_nothing(client, method):
    token = make_token("a@example.org", [Kind.MEETING])
    forged = token.replace(token[3], "A" if token[3] != "A" else "B", 1)

    response = getattr(client, method)(reverse("notifications:unsubscribe", args=[forged]))

    assert response.status_code == 404
    assert "lip/notifications/unsubscribe_invalid.html" in [t.name for t in response.templates]
    assert not EmailOptOut.objects.exists()


def test_token_round_trip():
    assert read_token(make_token("a@example.org", ["meeting", "process_steps"])) == (
        "a@example.org",
        [Kind.MEETING, Kind.PROCESS_STEPS],
    )


# Back office -------------------------------------------------------------------------------


def test_office_sees_the_outbox_and_retries_failed_mails(client, office_user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=office_user, name="Telefon", confirmed=True)
    rows(2)
    Notification.objects.filter(email="person0@example.org").update(
        status=Notification.Status.FAILED, attempts=6, last_error="SMTPException: kaputt"
    )
    Notification.objects.filter(email="person1@example.org").update(
        status=Notification.Status.SENT, sent_at=timezone.now()
    )
    client.force_login(office_user)
    url = reverse("admin:lip_notification_changelist")

    page = client.get(url, {"status": "failed"})

    assert page.status_code == 200
    assert b"person0@example.org" in page.content
    assert b"SMTPException: kaputt" in page.content
    assert b"person1@example.org" not in page.content
    row = Notification.objects.get(email="person0@example.org")
    assert client.get(reverse("admin:lip_notification_change", args=[row.pk])).status_code == 200
    assert client.get(reverse("admin:lip_notification_add")).status_code == 403

    client.post(
        url,
        {
            "action": "retry",
            "_selected_action": list(Notification.objects.values_list("pk", flat=True)),
        },
    )

    row.refresh_from_db()
    assert row.status == Notification.Status.PENDING
    assert row.attempts == 0
    assert row.next_attempt_at <= timezone.now()
    assert Notification.objects.get(email="person1@example.org").status == "sent"


# Real commits: the worker closes and reopens database connections between tasks.
@pytest.mark.django_db(transaction=True)
def test_on_the_database_backend_the_worker_sends(settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with transaction.atomic():
        send(["a@example.org"])
    assert mail.outbox == []  # nothing in the request: the task waits for the worker
    assert DBTaskResult.objects.count() == 1

    call_command("db_worker", "--batch", "--interval", "0", "--no-startup-delay")

    assert [message.to for message in mail.outbox] == [["a@example.org"]]
