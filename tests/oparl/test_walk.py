"""The acceptance walk: from the system object through every list and page, every object
valid against the official OParl 1.1 schemas, every URL answering 200."""

import pytest

from etappen.models import CouncilConsultation

from .conftest import make_world
from .oparl_check import walk

pytestmark = pytest.mark.django_db

LISTS = (
    "organization",
    "person",
    "membership",
    "meeting",
    "agenda-item",
    "location",
    "paper",
    "consultation",
    "file",
    "legislative-term",
)


def test_walk_from_system_through_everything(client, world):
    answers, others = walk(client)

    system = answers["http://testserver/oparl/v1.1/"]
    assert system["oparlVersion"] == "https://schema.oparl.org/1.1/"
    body = answers["http://testserver/oparl/v1.1/body/hannover/"]
    assert body["ags"] == "03241001"
    assert body["name"] == "Landeshauptstadt Hannover"
    for name in LISTS:
        assert f"http://testserver/oparl/v1.1/{name}/" in body.values(), name
    # Every list was reached and every kind of object is in it.
    types = {
        obj["type"].rsplit("/", 1)[1]
        for url, data in answers.items()
        for obj in data.get("data", [])
    }
    assert types == {
        "Body",
        "Organization",
        "Person",
        "Membership",
        "Meeting",
        "AgendaItem",
        "Location",
        "Paper",
        "Consultation",
        "File",
        "LegislativeTerm",
    }
    # The HTML pages and the files behind the objects were fetched too.
    assert any("/etappen/drucksache/" in url and url.endswith(".pdf") for url in others)
    assert any("/gremien/" in url and "/sitzung/" in url for url in others)
    assert any("/etappen/fassung/" in url for url in others)
    assert sum("/anhang/" in url for url in others) == 2  # the meeting's and the minutes' file
    meeting = answers[f"http://testserver/oparl/v1.1/meeting/{world.public_meeting.pk}/"]
    assert [f["name"] for f in meeting["auxiliaryFile"]] == ["Präsentation.pdf"]
    with_minutes = answers[f"http://testserver/oparl/v1.1/meeting/{world.minutes_meeting.pk}/"]
    assert [f["name"] for f in with_minutes["auxiliaryFile"]] == ["Protokoll unterschrieben.pdf"]


def test_walk_through_many_pages_with_deleted_and_withdrawn_objects(client, db, monkeypatch):
    """Small pages, so that every list has several; deleted and withdrawn objects on them are
    valid OParl objects too, and their URLs answer 200."""
    monkeypatch.setattr("oparl.params.PAGE_SIZE", 2)
    world = make_world(copies=3)
    CouncilConsultation.objects.filter(paper=world.paper).delete()
    world.listed.listed_publicly = False
    world.listed.save()
    world.public_meeting.is_public = False
    world.public_meeting.save()

    answers, _others = walk(client)

    pages = [data for data in answers.values() if "pagination" in data]
    assert max(page["pagination"]["totalPages"] for page in pages) >= 4
    for page in pages:
        assert page["pagination"]["elementsPerPage"] == 2
        assert len(page["data"]) <= 2
    deleted = {
        obj["id"].split("/oparl/v1.1/")[1].split("/")[0]
        for page in pages
        for obj in page["data"]
        if obj.get("deleted")
    }
    assert deleted == {
        "consultation",
        "person",
        "membership",
        "meeting",
        "agenda-item",
        "location",
        "file",
    }
    # Every page of every list was fetched: the sum of the pages is every list's total.
    for url, page in answers.items():
        if "pagination" in page and "page=" not in url:
            seen = sum(
                len(other["data"])
                for other_url, other in answers.items()
                if other_url.split("?")[0] == url and "pagination" in other
            )
            assert seen >= page["pagination"]["totalElements"], url
