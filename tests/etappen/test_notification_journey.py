"""One Fassung from submission to resubmission: exactly the mails the process causes.

Each mail is (recipient, subject, link); the journey asserts the set after each step, and that
no mail went out twice. Who gets what: docs/benachrichtigungen.md.
"""

import datetime
import io
import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from etappen.models import ConsultationRequest, Requirement
from etappen.notifications import send_deadline_reminders
from etappen.services import file_statement, return_draft_for_revision, submit_draft
from lip.roles import Role
from tests.conftest import user_with_role
from tests.factories import MembershipFactory, PersonFactory, UserFactory

from .factories import member_of

pytestmark = pytest.mark.django_db

URL = re.compile(r"https?://\S+")


def sent() -> list[tuple[str, str, str]]:
    """(to, subject, first link of the text part) of each mail in the outbox, then clear it."""
    result = []
    for message in mail.outbox:
        [to] = message.to
        result.append((to, message.subject, URL.search(message.body).group(0)))
    mail.outbox.clear()
    return result


def exactly(expected: set) -> None:
    mails = sent()
    assert len(mails) == len(set(mails)), "a mail went out twice"
    assert set(mails) == expected


def link(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def request_of(version, body) -> ConsultationRequest:
    return ConsultationRequest.objects.get(version=version, committee=body)


def de(value: datetime.date) -> str:
    return value.strftime("%d.%m.%Y")


@pytest.fixture
def clock(monkeypatch):
    """Today as the services see it (timezone.localdate), movable by the test."""
    state = {"today": timezone.localdate()}
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: state["today"])
    return state


@pytest.fixture
def people(bodies, group):
    """Members of every body: with and without an account, one in two bodies, one former."""
    mitte, linden = bodies.councils
    both = UserFactory(username="doppelt")
    person = PersonFactory(user=both)
    MembershipFactory(committee=mitte, person=person)
    MembershipFactory(committee=bodies.round_table, person=person)
    # A former member and a member without any address hear nothing.
    MembershipFactory(
        committee=bodies.round_table,
        person=PersonFactory(email="ehemals@example.org"),
        end_date=datetime.date(2020, 1, 1),
    )
    MembershipFactory(committee=linden, person=PersonFactory(email=""))
    return {
        "office": user_with_role(Role.OFFICE, username="oe506").email,
        "steering": member_of(bodies.steering, username="lenkung").email,
        "mitte": member_of(mitte, username="beirat-mitte").email,
        # Without an account: the person's own address.
        "linden": MembershipFactory(
            committee=linden, person=PersonFactory(email="linden@example.org")
        ).person.email,
        "conference": member_of(bodies.conference, username="dk").email,
        "round_table": member_of(bodies.round_table, username="runder-tisch").email,
        "both": both.email,
        "group": member_of(group, username="gruppe").email,
        # Also in the Internationaler Ausschuss: not consulted, no mail.
        "ausschuss": member_of(bodies.ausschuss, username="ausschuss").email,
    }


def submission_mails(version, bodies, people) -> set:
    mitte, linden = bodies.councils
    draft = version.draft
    n = version.number
    deadline = de(timezone.localdate() + datetime.timedelta(weeks=4))
    submitted = f"Fassung {n} eingereicht: Entwurf von Bildung"
    request = f"Bitte um Stellungnahme: Fassung {n} von Bildung"

    def form(body):
        return link(reverse("etappen:statement-form", args=[request_of(version, body).pk]))

    assert deadline  # the deadline is in the text; the link is what the person acts on
    return {
        (people["office"], submitted, link(draft.get_absolute_url())),
        (people["steering"], submitted, link(draft.get_absolute_url())),
        (people["mitte"], request, form(mitte)),
        (people["both"], request, form(mitte)),
        (people["linden"], request, form(linden)),
        (people["round_table"], request, form(bodies.round_table)),
        (people["both"], request, form(bodies.round_table)),
        (
            people["conference"],
            f"Bündelungsauftrag: Einschätzungen zu Fassung {n} von Bildung",
            form(bodies.conference),
        ),
    }


def test_one_version_from_submission_to_resubmission(
    clock, bodies, draft, people, django_capture_on_commit_callbacks
):
    mitte, linden = bodies.councils
    start = clock["today"]
    member = draft.committee.memberships.get().person.user

    # 1. Submitted: OE 50.6 and the steering group hear of it, each body gets its request.
    with django_capture_on_commit_callbacks(execute=True):
        version = submit_draft(draft=draft, by=member)
    exactly(submission_mails(version, bodies, people))
    statement_deadline = start + datetime.timedelta(weeks=4)
    assessment_deadline = start + datetime.timedelta(weeks=3)

    # 2. Five days before the statements' deadline: the bodies still owing are reminded; the
    # councils' assessments (a week earlier) are overdue by then.
    clock["today"] = statement_deadline - datetime.timedelta(days=5)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=io.StringIO())

    def form(body):
        return link(reverse("etappen:statement-form", args=[request_of(version, body).pk]))

    due = f"fällig am {de(statement_deadline)}"
    overdue = "Frist abgelaufen: Einschätzung von {} zu Fassung 1 von Bildung"
    exactly(
        {
            (
                people["round_table"],
                f"Erinnerung: Stellungnahme von Runder Tisch {due}",
                form(bodies.round_table),
            ),
            (
                people["both"],
                f"Erinnerung: Stellungnahme von Runder Tisch {due}",
                form(bodies.round_table),
            ),
            (
                people["conference"],
                "Erinnerung: Stellungnahme (bündelt die Einschätzungen der Beiräte) von "
                f"Delegiertenkonferenz {due}",
                form(bodies.conference),
            ),
            (people["mitte"], overdue.format(mitte.name), form(mitte)),
            (people["both"], overdue.format(mitte.name), form(mitte)),
            (people["linden"], overdue.format(linden.name), form(linden)),
        }
    )
    assert assessment_deadline < clock["today"]
    # The job runs again the same day (or twice at once): nothing twice.
    with django_capture_on_commit_callbacks(execute=True):
        assert send_deadline_reminders() == 0
    exactly(set())

    # 3. A late assessment: filed and marked late; nobody is mailed for a filing.
    with django_capture_on_commit_callbacks(execute=True):
        statement = file_statement(
            request=request_of(version, mitte),
            text="Wir begrüßen den Entwurf.",
            by=UserFactory(username="beirat-mitte"),
        )
    assert statement.is_late
    exactly(set())

    # 4. Sent back with Vorgaben: the group's members, with the Vorgaben in the text.
    clock["today"] += datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        return_draft_for_revision(
            version=version,
            decided_on=clock["today"],
            requirements=["Begriffe erklären", "Quellen nennen"],
            pending_override_reason="Sitzung vor Fristende.",
            by=UserFactory(username="oe506"),
        )
    [message] = mail.outbox
    assert "1. Begriffe erklären" in message.body
    assert "2. Quellen nennen" in message.body
    exactly(
        {
            (
                people["group"],
                "Fassung 1 zur Überarbeitung zurückgegeben: Entwurf von Bildung",
                link(draft.get_absolute_url()),
            )
        }
    )
    # The old version's requests are moot: no more reminders for them.
    with django_capture_on_commit_callbacks(execute=True):
        assert send_deadline_reminders(today=statement_deadline + datetime.timedelta(days=1)) == 0

    # 5. Resubmitted: the same mails again, for the new version and its new requests.
    clock["today"] += datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        second = submit_draft(
            draft=draft,
            addressed_requirements=list(Requirement.objects.open_for(draft)),
            by=member,
        )
    assert second.number == 2
    exactly(submission_mails(second, bodies, people))
