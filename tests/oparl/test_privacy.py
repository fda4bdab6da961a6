"""Nothing unpublished and nothing without consent reaches the API, whoever asks."""

import json

import pytest

from gremien.models import Membership
from lip.roles import Role
from tests.conftest import user_with_role
from tests.etappen.factories import member_of
from tests.factories import UserFactory

from .conftest import SECRETS
from .oparl_check import walk

pytestmark = pytest.mark.django_db


def _everything(client) -> str:
    answers, _others = walk(client)
    return json.dumps(answers, ensure_ascii=False)


@pytest.mark.parametrize("role", ["anonymous", "office", "group member", "superuser"])
def test_no_secret_reaches_the_api_whoever_asks(client, world, role):
    if role == "office":
        client.force_login(user_with_role(Role.OFFICE, is_staff=True))
    elif role == "group member":
        client.force_login(member_of(world.group))
    elif role == "superuser":
        client.force_login(UserFactory(is_superuser=True, is_staff=True))

    text = _everything(client)

    for secret in SECRETS:
        assert secret not in text, secret
    # Of a listed person only the name: no email, no phone.
    assert world.listed.family_name in text
    assert "person@example.org" not in text
    assert "0511 123456" not in text
    # Draft and internal minutes, unpublished Fassungen: not even their addresses.
    assert f"/file/protokoll/{world.draft_minutes.pk}/" not in text
    assert f"/file/protokoll/{world.internal_minutes.pk}/" not in text
    assert f"/paper/fassung/{world.unpublished_version.pk}/" not in text
    assert f"/file/fassung/{world.unpublished_version.pk}/" not in text
    assert f"/meeting/{world.internal_meeting.pk}/" not in text
    assert f"/person/{world.unlisted.pk}/" not in text


def test_the_answers_are_the_same_for_everyone(client, world):
    anonymous = _everything(client)
    client.force_login(user_with_role(Role.OFFICE, is_staff=True))
    assert _everything(client) == anonymous


def test_unpublished_objects_are_not_found(client, world):
    internal_item = world.internal_meeting.agenda_items.get()
    for path in (
        f"person/{world.unlisted.pk}/",
        f"membership/{world.unlisted_membership.pk}/",
        f"meeting/{world.internal_meeting.pk}/",
        f"location/{world.internal_meeting.pk}/",
        f"agenda-item/{internal_item.pk}/",
        f"paper/fassung/{world.unpublished_version.pk}/",
        f"file/fassung/{world.unpublished_version.pk}/",
        f"file/protokoll/{world.internal_minutes.pk}/",
        f"file/protokoll/{world.draft_minutes.pk}/",
        "person/99999/",
    ):
        response = client.get(f"/oparl/v1.1/{path}")
        assert response.status_code == 404, path
        assert response["Access-Control-Allow-Origin"] == "*"


def test_a_meeting_made_internal_shows_as_deleted_without_content(client, world):
    meeting = world.public_meeting
    meeting.is_public = False
    meeting.save()

    answer = json.loads(client.get(f"/oparl/v1.1/meeting/{meeting.pk}/").content)

    assert answer["deleted"] is True
    assert set(answer) == {"id", "type", "created", "modified", "deleted"}
    items = json.loads(client.get("/oparl/v1.1/agenda-item/").content)["data"]
    assert all(
        item.get("deleted")
        for item in items
        if item["id"].endswith(
            tuple(f"/agenda-item/{pk}/" for pk in meeting.agenda_items.values_list("pk", flat=True))
        )
    )


def test_a_person_who_never_agreed_leaves_no_trace_when_deleted(client, world):
    person_pk = world.unlisted.pk
    Membership.objects.filter(person=world.unlisted).delete()
    world.unlisted.delete()

    persons = client.get("/oparl/v1.1/person/").content.decode()
    memberships = client.get("/oparl/v1.1/membership/").content.decode()
    assert f"/person/{person_pk}/" not in persons
    assert f"/membership/{world.unlisted_membership.pk}/" not in memberships
    assert client.get(f"/oparl/v1.1/person/{person_pk}/").status_code == 404
