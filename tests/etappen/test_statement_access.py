"""Statements, decisions and Vorgaben follow one rule (can_view_statements), also once published.

The group whose draft it is, the bodies consulted on the version, the steering group, the
Ausschuss and the office read them; anonymous visitors are sent to the login, every other
signed-in person gets a 404. Readers who may not act get a 403, and a refused POST changes
nothing.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from etappen.models import ConsultationRequest, Decision, DraftVersion, Statement
from etappen.permissions import can_view_statements
from etappen.services import (
    SectionData,
    add_section,
    file_statement,
    return_draft_for_revision,
    set_gender_relevance,
    submit_draft,
)
from lip.models import ProcessEvent
from lip.roles import Role
from tests.conftest import user_with_role
from tests.factories import UserFactory

from .factories import DraftFactory, ExpertGroupFactory, member_of

pytestmark = pytest.mark.django_db

STATEMENT = "Vertrauliche Einschätzung 0815"
NOTE = "Interner Vermerk der Lenkungsgruppe 4711"

ROLES = [
    "group",
    "council",
    "round_table",
    "steering",
    "ausschuss",
    "office",
    "citizen",
    "other_group",
    "anonymous",
]
READERS = {"group", "council", "round_table", "steering", "ausschuss", "office"}
# Who may file the round table's statement: its members and the office on its behalf.
FILERS = {"round_table", "office"}


@dataclass
class Consultation:
    version: DraftVersion
    assessment: ConsultationRequest  # filed by the first integration council
    open_request: ConsultationRequest  # the round table's, nothing filed yet
    users: dict


@pytest.fixture
def consultation(bodies, stage) -> Consultation:
    """A published version with a filed assessment and an open request of the round table."""
    group = ExpertGroupFactory(name="Demokratie")
    users = {
        "group": member_of(group),
        "council": member_of(bodies.councils[0]),
        "round_table": member_of(bodies.round_table),
        "steering": member_of(bodies.steering),
        "ausschuss": user_with_role(Role.COMMITTEE),
        "office": user_with_role(Role.OFFICE),
        "citizen": UserFactory(),
        "other_group": member_of(ExpertGroupFactory()),
        "anonymous": None,
    }
    draft = DraftFactory(stage=stage, committee=group)
    add_section(draft=draft, data=SectionData(heading="Leitlinien", text="Text"), by=None)
    version = submit_draft(draft=draft, by=users["office"])
    assessment = version.consultation_requests.get(committee=bodies.councils[0])
    file_statement(request=assessment, text=STATEMENT, by=users["council"])
    DraftVersion.objects.filter(pk=version.pk).update(published_at=timezone.now())
    version.refresh_from_db()
    return Consultation(
        version=version,
        assessment=assessment,
        open_request=version.consultation_requests.get(committee=bodies.round_table),
        users=users,
    )


def login(client, user):
    if user is not None:
        client.force_login(user)


def url(name, pk):
    return reverse(f"etappen:{name}", kwargs={"pk": pk})


def assert_sent_to_login(response, path):
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={quote(path)}"


def test_anonymous_visitors_cannot_read_a_published_versions_statement(client, consultation):
    path = url("statement-form", consultation.assessment.pk)

    response = client.get(path)

    assert_sent_to_login(response, path)
    assert STATEMENT not in response.content.decode()


def test_signed_in_people_outside_the_rule_get_a_404(client, consultation):
    client.force_login(UserFactory())

    response = client.get(url("statement-form", consultation.assessment.pk))

    assert response.status_code == 404
    assert STATEMENT not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_statement_page(client, consultation, role):
    login(client, consultation.users[role])
    path = url("statement-form", consultation.assessment.pk)

    response = client.get(path)

    if role in READERS:
        assert response.status_code == 200
        assert STATEMENT in response.content.decode()
    elif role == "anonymous":
        assert_sent_to_login(response, path)
    else:
        assert response.status_code == 404
    user = consultation.users[role] or AnonymousUser()
    assert can_view_statements(user, consultation.version) == (role in READERS)


@pytest.mark.parametrize("role", ROLES)
def test_filing_a_statement(client, consultation, role):
    login(client, consultation.users[role])
    request = consultation.open_request
    events = ProcessEvent.objects.count()

    response = client.post(
        url("statement-file", request.pk), {"text": "Unser Text", "action": "file"}
    )

    if role in FILERS:
        assert response.status_code == 302
        assert response["Location"] == consultation.version.get_absolute_url()
        assert Statement.objects.get(request=request).text == "Unser Text"
        return
    if role in READERS:
        assert response.status_code == 403
    elif role == "anonymous":
        assert_sent_to_login(response, url("statement-file", request.pk))
    else:
        assert response.status_code == 404
    # A refused POST changes nothing.
    assert not Statement.objects.filter(request=request).exists()
    assert ProcessEvent.objects.count() == events


@pytest.mark.parametrize("role", ROLES)
def test_extending_a_deadline(client, consultation, role):
    login(client, consultation.users[role])
    request = consultation.open_request
    old = request.deadline
    new = old + datetime.timedelta(days=7)
    prefix = f"deadline-{request.pk}"

    response = client.post(
        url("deadline-extend", request.pk),
        {f"{prefix}-deadline": new.isoformat(), f"{prefix}-reason": "Sitzung"},
    )

    request.refresh_from_db()
    if role == "office":
        assert response.status_code == 302
        assert request.deadline == new
        return
    if role in READERS:
        assert response.status_code == 403
    elif role == "anonymous":
        assert_sent_to_login(response, url("deadline-extend", request.pk))
    else:
        assert response.status_code == 404
    assert request.deadline == old


@pytest.mark.parametrize("role", ROLES)
def test_decision_form(client, consultation, role):
    login(client, consultation.users[role])
    path = url("decision-form", consultation.version.pk)

    response = client.get(path)
    posted = client.post(
        url("decision-record", consultation.version.pk),
        {
            "outcome": Decision.Outcome.REVISION,
            "decided_on": timezone.localdate().isoformat(),
            "meeting": "umlaufverfahren",
            "requirements": "Vorgabe",
            "pending_override_reason": "Sondersitzung",
            "confirmed": "1",
        },
    )

    if role == "office":
        assert response.status_code == 200
        assert posted.status_code == 302
        return
    if role in READERS:
        assert response.status_code == posted.status_code == 403
    elif role == "anonymous":
        assert_sent_to_login(response, path)
        assert posted.status_code == 302
    else:
        assert response.status_code == posted.status_code == 404
    assert not Decision.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_version_page_shows_the_consultation_to_readers_only(client, consultation, role):
    return_draft_for_revision(
        pending_override_reason="Die Lenkungsgruppe tagte vor Fristende.",
        version=consultation.version,
        decided_on=timezone.localdate(),
        requirements=["Vorgabe 0042"],
        note=NOTE,
        by=consultation.users["office"],
    )
    login(client, consultation.users[role])

    response = client.get(consultation.version.get_absolute_url())

    content = response.content.decode()
    assert response.status_code == 200  # the version itself is published
    for internal in (STATEMENT, NOTE, "Vorgabe 0042"):
        assert (internal in content) == (role in READERS)


def test_draft_page_shows_decisions_only_on_versions_a_body_was_consulted_on(
    client, draft, member, office, bodies
):
    """The equality officer is asked about version 2 only: the Vorgaben on version 1 stay hidden."""
    first = submit_draft(draft=draft, by=member)
    return_draft_for_revision(
        pending_override_reason="Die Lenkungsgruppe tagte vor Fristende.",
        version=first,
        decided_on=timezone.localdate(),
        requirements=["Vorgabe zu Fassung 1"],
        by=office,
    )
    set_gender_relevance(draft=draft, gender_relevant=True, by=member)
    submit_draft(draft=draft, by=member)
    equality = member_of(bodies.equality)

    client.force_login(equality)
    seen_by_equality = client.get(draft.get_absolute_url()).content.decode()
    client.force_login(member)
    seen_by_group = client.get(draft.get_absolute_url()).content.decode()

    assert "Gleichstellungsbeauftragte" in seen_by_equality  # the consultation on version 2
    assert "Vorgabe zu Fassung 1" not in seen_by_equality
    assert "Vorgabe zu Fassung 1" in seen_by_group


def test_public_event_of_a_return_does_not_count_the_vorgaben(draft, member, office):
    version = submit_draft(draft=draft, by=member)

    return_draft_for_revision(
        pending_override_reason="Die Lenkungsgruppe tagte vor Fristende.",
        version=version,
        decided_on=timezone.localdate(),
        requirements=[f"Vorgabe {number}" for number in range(7)],
        by=office,
    )

    event = ProcessEvent.objects.get(kind="draft_returned")
    assert event.is_public
    assert "7" not in event.summary
    assert "Vorgabe" not in event.summary
