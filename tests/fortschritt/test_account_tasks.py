"""The account page leads each person to their work."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from etappen.models import ConsultationRequest, Draft
from etappen.services import file_statement
from lip.roles import Role
from tests.conftest import user_with_role
from tests.etappen.factories import DraftFactory, DraftVersionFactory, ExpertGroupFactory
from tests.factories import CommitteeFactory, MembershipFactory, PersonFactory, UserFactory

from .conftest import request_of, send_back, shift_deadlines, submit

pytestmark = pytest.mark.django_db


def member_of(committee, **kwargs):
    user = UserFactory(**kwargs)
    MembershipFactory(committee=committee, person=PersonFactory(user=user))
    return user


def test_council_member_finds_the_statement_their_body_owes(client):
    council = CommitteeFactory(name="Integrationsbeirat Linden-Limmer", kind="integrationsbeirat")
    draft = DraftFactory(state=Draft.State.SUBMITTED)
    version = DraftVersionFactory(draft=draft, number=1)
    request = ConsultationRequest.objects.create(
        version=version,
        committee=council,
        kind=ConsultationRequest.Kind.ASSESSMENT,
        deadline=timezone.localdate() + datetime.timedelta(days=7),
    )
    client.force_login(member_of(council))

    html = client.get("/konto/").content.decode()

    assert f"/etappen/anfrage/{request.pk}/" in html
    assert "Ausstehende Stellungnahmen meiner Gremien" in html


def test_expert_group_member_finds_the_groups_drafts(client):
    draft = DraftFactory()
    client.force_login(member_of(draft.committee))

    html = client.get("/konto/").content.decode()

    assert draft.get_absolute_url() in html
    assert "Entwürfe meiner Expert*innengruppen" in html


def test_office_finds_its_back_office_pages(client):
    client.force_login(user_with_role(Role.OFFICE, is_staff=True))

    html = client.get("/konto/").content.decode()

    for path in ("/beteiligung/moderation/", "/wahlen/", "/gremien/besetzung/", "/admin/"):
        assert f'href="{path}"' in html


def test_person_without_role_or_seat_has_no_work(client):
    client.force_login(UserFactory())

    html = client.get("/konto/").content.decode()

    assert "Meine Aufgaben" not in html


# --- every open task, with the Fassung named and overdue ones marked --------------------------


def test_owed_statements_name_the_fassung_and_mark_overdue_ones(client, draft, member, bodies):
    version = submit(draft, member)
    shift_deadlines(version, -4, committee=bodies.round_table)
    shift_deadlines(version, 6, committee=bodies.council)
    beirat = member_of(bodies.round_table)
    MembershipFactory(committee=bodies.council, person=beirat.person)
    client.force_login(beirat)

    response = client.get("/konto/")

    items = response.context["tasks"].statements
    assert [(i.committee, i.days_late) for i in items] == [
        (bodies.round_table, 4),
        (bodies.council, 0),
    ]
    html = response.content.decode()
    assert "Fassung 1 der Expert*innengruppe Bildung (Etappe 1: Grundlagenpapier)" in html
    assert "4 Tage überfällig" in html
    assert "1 Aufgabe ist überfällig." in html
    for item in items:
        assert f'href="/etappen/anfrage/{request_of(version, item.committee).pk}/"' in html


def test_moot_and_filed_requests_are_no_task(client, draft, member, office, bodies):
    version = submit(draft, member)
    beirat = member_of(bodies.round_table)
    MembershipFactory(committee=bodies.council, person=beirat.person)
    file_statement(request=request_of(version, bodies.council), text="Einschätzung", by=beirat)
    client.force_login(beirat)
    assert [i.committee for i in client.get("/konto/").context["tasks"].statements] == [
        bodies.round_table
    ]

    send_back(version, office)

    assert client.get("/konto/").context["tasks"].statements == []


def test_the_steering_group_sees_the_decision_it_owes(client, draft, member, bodies):
    version = submit(draft, member)
    shift_deadlines(version, -2)
    client.force_login(member_of(bodies.steering))

    response = client.get("/konto/")

    (item,) = response.context["tasks"].decisions
    assert (item.version, item.days_late) == (version, 2)
    assert f'href="/etappen/fassung/{version.pk}/"' in response.content.decode()


def test_the_office_records_owed_decisions_from_its_account(client, draft, member, office):
    version = submit(draft, member)
    shift_deadlines(version, -2)
    client.force_login(office)

    html = client.get("/konto/").content.decode()

    assert f'href="/etappen/fassung/{version.pk}/beschluss/"' in html
    assert "Beschluss 2 Tage überfällig" in html


def test_expert_group_members_see_what_waits_for_their_abwaegung(client, group, member):
    from beteiligung.models import Concern, Consideration
    from tests.beteiligung.factories import (
        CommentFactory,
        ConcernFactory,
        PublishedVersionFactory,
        SuggestionFactory,
    )

    version = PublishedVersionFactory(draft__committee=group, number=2)
    answered = CommentFactory(version=version)
    CommentFactory.create_batch(2, version=version)
    Consideration.objects.create(
        contribution=answered,
        committee=group,
        outcome=Consideration.Outcome.NOTED,
        reason="Zur Kenntnis genommen.",
        answered_by=member,
    )
    SuggestionFactory(committee=group)
    ConcernFactory(status=Concern.Status.ROUTED, routed_to=group, routed_at=timezone.now())
    CommentFactory()  # another group's
    client.force_login(member)

    response = client.get("/konto/")

    entries = {e.label: e.summary for e in response.context["tasks"].unanswered}
    assert entries == {
        f"Fassung 2 der Expert*innengruppe Bildung ({version.draft.stage})": "2 Kommentare",
        "Themenfeld Bildung": "1 Vorschlag, 1 Anliegen",
    }
    assert 'href="/beteiligung/abwaegung/"' in response.content.decode()


def test_the_office_sees_its_moderation_queue_with_counts(client):
    from beteiligung.models import Contribution
    from tests.beteiligung.factories import CommentFactory, ConcernFactory

    CommentFactory(status=Contribution.Status.PENDING, published_at=None)
    ConcernFactory()  # received, not yet routed
    client.force_login(user_with_role(Role.OFFICE, is_staff=True))

    html = client.get("/konto/").content.decode()

    assert "Moderation: 1 Beitrag wartet" in html
    assert "1 Anliegen noch keiner Expert*innengruppe zugeordnet" in html
    assert 'href="/beteiligung/anliegen/"' in html


@pytest.mark.parametrize("role", [None, Role.OFFICE])
def test_query_count_does_not_grow_with_the_bodies_of_the_person(client, role):
    def build(count: int):
        user = UserFactory() if role is None else user_with_role(role, is_staff=True)
        person = PersonFactory(user=user)
        for _index in range(count):
            group = ExpertGroupFactory()
            MembershipFactory(committee=group, person=person)
            council = CommitteeFactory(kind="integrationsbeirat")
            MembershipFactory(committee=council, person=person)
            version = DraftVersionFactory(
                draft=DraftFactory(committee=group, state=Draft.State.SUBMITTED), number=1
            )
            for committee, kind in ((council, "einschaetzung"), (group, "stellungnahme")):
                ConsultationRequest.objects.create(
                    version=version,
                    committee=committee,
                    kind=kind,
                    deadline=timezone.localdate() - datetime.timedelta(days=count),
                )
        return user

    client.force_login(build(1))
    client.get("/konto/")
    with CaptureQueriesContext(connection) as small:
        client.get("/konto/")

    client.force_login(build(10))
    client.get("/konto/")
    with CaptureQueriesContext(connection) as large:
        response = client.get("/konto/")

    assert len(response.context["tasks"].statements) >= 10
    assert len(large) == len(small)
