"""The account page leads each person to their work."""

import datetime

import pytest
from django.utils import timezone

from etappen.models import ConsultationRequest, Draft
from lip.roles import Role
from tests.conftest import user_with_role
from tests.etappen.factories import DraftFactory, DraftVersionFactory
from tests.factories import CommitteeFactory, MembershipFactory, PersonFactory, UserFactory

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
