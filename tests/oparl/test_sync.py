"""Keeping a copy up to date: modified_since/until, deletions and withdrawals, paging."""

import datetime
import json
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.utils import timezone

from etappen.models import CouncilConsultation
from lip.attachments.models import Attachment
from lip.attachments.services import remove
from tests.factories import MembershipFactory

from .conftest import make_world

pytestmark = pytest.mark.django_db

API = "/oparl/v1.1/"


def get(client, path, **params):
    response = client.get(API + path, params)
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def ids(page) -> set[str]:
    return {obj["id"].removeprefix("http://testserver" + API) for obj in page["data"]}


def test_an_edit_appears_and_an_untouched_object_does_not(client, world):
    since = timezone.now()
    world.group.name = "Bildung und Sprache"
    world.group.save()

    page = get(client, "organization/", modified_since=since.isoformat())

    assert ids(page) == {f"organization/{world.group.pk}/"}
    assert page["data"][0]["name"] == "Bildung und Sprache"
    assert datetime.datetime.fromisoformat(page["data"][0]["modified"]) >= since
    everything = get(client, "organization/")
    assert f"organization/{world.steering.pk}/" in ids(everything)


def test_modified_until_leaves_out_later_edits(client, world):
    until = timezone.now()
    world.group.name = "Bildung und Sprache"
    world.group.save()

    page = get(client, "organization/", modified_until=until.isoformat())

    assert f"organization/{world.group.pk}/" not in ids(page)
    assert f"organization/{world.steering.pk}/" in ids(page)


def test_a_deletion_appears_as_deleted(client, world):
    consultation = world.consultations[1]
    pk = consultation.pk
    created = get(client, f"consultation/{pk}/")["created"]
    since = timezone.now()
    CouncilConsultation.objects.get(pk=pk).delete()

    page = get(client, "consultation/", modified_since=since.isoformat())

    assert page["data"] == [
        {
            "id": f"http://testserver{API}consultation/{pk}/",
            "type": "https://schema.oparl.org/1.1/Consultation",
            "created": created,
            "modified": page["data"][0]["modified"],
            "deleted": True,
        }
    ]
    assert datetime.datetime.fromisoformat(page["data"][0]["modified"]) >= since
    # The object's own URL answers 200 with the same, and the paper it was embedded in changed.
    assert get(client, f"consultation/{pk}/")["deleted"] is True
    assert ids(get(client, "paper/", modified_since=since.isoformat())) == {
        f"paper/drucksache/{world.paper.pk}/"
    }


def test_withdrawn_consent_makes_person_and_memberships_deleted(client, world):
    since = timezone.now()
    person = world.listed
    person.listed_publicly = False
    person.save()

    persons = get(client, "person/", modified_since=since.isoformat())
    memberships = get(client, "membership/", modified_since=since.isoformat())

    assert persons["data"] == [
        {
            "id": f"http://testserver{API}person/{person.pk}/",
            "type": "https://schema.oparl.org/1.1/Person",
            "created": persons["data"][0]["created"],
            "modified": persons["data"][0]["modified"],
            "deleted": True,
        }
    ]
    assert person.family_name not in json.dumps(persons, ensure_ascii=False)
    assert {obj["deleted"] for obj in memberships["data"]} == {True}
    assert len(memberships["data"]) == person.memberships.count()
    assert get(client, f"person/{person.pk}/")["deleted"] is True


def test_a_new_membership_changes_the_person(client, world):
    since = timezone.now()
    MembershipFactory(person=world.listed, committee=world.ausschuss)

    assert ids(get(client, "person/", modified_since=since.isoformat())) == {
        f"person/{world.listed.pk}/"
    }


@pytest.mark.parametrize(
    "value",
    [
        "2020-01-01T00:00:00+01:00",
        "2020-01-01T00:00:00.123456+01:00",
        "2020-01-01T00:00:00Z",
        "2020-01-01T00:00:00 01:00",  # a "+" the client did not encode
    ],
)
def test_date_times_with_offset_are_understood(client, world, value):
    response = client.get(f"{API}organization/?modified_since={quote(value, safe=' ')}")

    assert response.status_code == 200
    assert len(json.loads(response.content)["data"]) == 4


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("modified_since=gestern", "modified_since muss ein Zeitpunkt mit Zeitzonen-Angabe"),
        ("modified_since=2024-05-01T12:00:00", "modified_since muss ein Zeitpunkt"),
        ("created_until=2024-05-01", "created_until muss ein Zeitpunkt"),
        ("modified_until=2024-13-01T12:00:00%2B01:00", "modified_until muss"),
        ("limit=0", "limit muss eine ganze Zahl von 1 bis 1000 sein."),
        ("limit=1001", "limit muss eine ganze Zahl von 1 bis 1000 sein."),
        ("limit=viele", "limit muss eine ganze Zahl"),
        ("page=0", "page muss eine ganze Zahl ab 1 sein."),
    ],
)
def test_bad_parameters_get_a_400_in_german(client, world, query, message):
    response = client.get(f"{API}paper/?{query}")

    assert response.status_code == 400
    assert response["Access-Control-Allow-Origin"] == "*"
    assert message in json.loads(response.content)["error"]


def test_a_page_beyond_the_last_is_a_404(client, world):
    response = client.get(f"{API}paper/?page=3")

    assert response.status_code == 404
    assert json.loads(response.content)["error"] == "Dieses Objekt oder diese Seite gibt es nicht."


def test_pages_keep_filters_and_size_and_add_up_to_the_whole_list(client, db):
    make_world(copies=3)
    since = "2020-01-01T00:00:00+01:00"
    whole = get(client, "paper/", modified_since=since)
    assert whole["pagination"]["totalElements"] == 4  # 3 Drucksachen, 1 published Fassung

    seen, url, pages = [], f"{API}paper/?modified_since={quote(since)}&limit=1", 0
    while url:
        page = json.loads(client.get(url).content)
        pages += 1
        seen += [obj["id"] for obj in page["data"]]
        assert page["pagination"]["elementsPerPage"] == 1
        for name in ("first", "self", "last", *(("next",) if "next" in page["links"] else ())):
            query = parse_qs(urlsplit(page["links"][name]).query)
            assert query["modified_since"] == [since]
            assert query["limit"] == ["1"]
        url = page["links"].get("next")
        if pages > 1:
            assert "prev" in page["links"]

    assert pages == 4
    assert seen == [obj["id"] for obj in whole["data"]]  # stable order: by part, then number


def test_the_order_is_by_number(client, db):
    make_world(copies=3)
    data = get(client, "meeting/")["data"]
    numbers = [int(obj["id"].rstrip("/").rsplit("/", 1)[1]) for obj in data]
    assert numbers == sorted(numbers)


def test_a_removed_meeting_file_appears_as_deleted_and_changes_the_meeting(client, world):
    attachment = Attachment.objects.get(original_name="Präsentation.pdf")
    pk = attachment.pk
    since = timezone.now()
    remove(attachment=attachment, by=None)

    files = get(client, "file/", modified_since=since.isoformat())
    meetings = get(client, "meeting/", modified_since=since.isoformat())

    assert [(f["id"], f.get("deleted")) for f in files["data"]] == [
        (f"http://testserver{API}file/anhang/{pk}/", True)
    ]
    assert ids(meetings) == {f"meeting/{world.public_meeting.pk}/"}
    assert "auxiliaryFile" not in meetings["data"][0]
