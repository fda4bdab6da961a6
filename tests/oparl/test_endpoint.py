"""The HTTP side: JSON in UTF-8, open CORS for GET, read-only, cached until a write."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def test_json_in_utf8_with_open_cors(client, world):
    response = client.get("/oparl/v1.1/meeting/")

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Öffentliche Sitzung".encode() in response.content  # not escaped
    assert json.loads(response.content.decode("utf-8"))["data"]


def test_the_interface_is_read_only(client, world):
    for method in (client.post, client.put, client.delete):
        assert method("/oparl/v1.1/meeting/").status_code == 405


def test_start_and_end_carry_an_offset(client, world):
    meeting = client.get(f"/oparl/v1.1/meeting/{world.public_meeting.pk}/").json()

    assert meeting["start"].endswith(("+01:00", "+02:00"))
    assert meeting["end"].endswith(("+01:00", "+02:00"))


def test_memberships_are_embedded_in_their_person_with_the_person_set(client, world):
    person = client.get(f"/oparl/v1.1/person/{world.listed.pk}/").json()

    assert {m["person"] for m in person["membership"]} == {person["id"]}
    listed = client.get("/oparl/v1.1/membership/").json()["data"]
    assert {m["id"] for m in person["membership"]} <= {m["id"] for m in listed}
    chair = next(
        m
        for m in person["membership"]
        if m["id"].endswith(f"/membership/{world.listed_membership.pk}/")
    )
    assert chair["role"] == "Externe*r Expert*in, Vorsitz bzw. Sprecher*in"


def test_answers_are_cached_until_a_write(client, world, settings):
    settings.PAGE_CACHE_ENABLED = True
    path = "/oparl/v1.1/organization/"
    first = client.get(path).content
    with CaptureQueriesContext(connection) as queries:
        again = client.get(path).content
    assert again == first
    assert len(queries) == 0

    world.group.name = "Bildung und Sprache"
    world.group.save()

    assert "Bildung und Sprache" in client.get(path).content.decode()


def test_the_organization_tells_type_and_kind(client, world):
    group = client.get(f"/oparl/v1.1/organization/{world.group.pk}/").json()

    assert group["organizationType"] == "Gremium"
    assert group["classification"] == "Expert*innengruppe"
    assert group["subOrganizationOf"].endswith(f"/organization/{world.steering.pk}/")
