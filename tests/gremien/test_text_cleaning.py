"""Free text in gremien is stored without control and bidi characters (lip.text): services and
back office alike."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gremien.models import Meeting, Nomination, Subtopic
from gremien.services import (
    create_person,
    decline_nomination,
    propose_scope_change,
    submit_nomination,
)
from tests.factories import CommitteeFactory, ExpertGroupFactory, NominationFactory

pytestmark = pytest.mark.django_db

RLO = "\u202e"


def tricky(text: str) -> str:
    """The text with a right-to-left override and a zero-width space inside."""
    return f"{text[:2]}{RLO}{text[2:]}\u200b"


def test_a_new_person_loses_the_override(office_user):
    person = create_person(
        given_name=tricky("Ayşe"),
        family_name=tricky("Yılmaz"),
        phone=tricky("0511"),
        by=office_user,
    )

    assert (person.given_name, person.family_name, person.phone) == ("Ayşe", "Yılmaz", "0511")


def test_a_name_of_nothing_but_the_override_is_refused(office_user):
    with pytest.raises(ValidationError):
        create_person(given_name=RLO, family_name="Yılmaz", by=office_user)


def test_a_scope_change_loses_the_override(office_user):
    group = ExpertGroupFactory(name="Bildung")

    change = propose_scope_change(
        committee=group,
        new_name=tricky("Bildung und Sprache"),
        new_subtopics=[tricky("Kita"), RLO, "Schule"],
        reason=tricky("Der Zuschnitt ist klarer."),
        by=office_user,
    )

    assert change.new_name == "Bildung und Sprache"
    assert change.new_subtopic_list == ["Kita", "Schule"]
    assert change.reason == "Der Zuschnitt ist klarer."


def test_a_proposal_and_its_refusal_lose_the_override(office_user):
    nomination = submit_nomination(
        committee=ExpertGroupFactory(),
        organization_name=tricky("Kulturverein"),
        contact_name=tricky("Max Muster"),
        contact_email="kontakt@example.org",
        given_name=tricky("Lea"),
        family_name=tricky("Schmidt"),
        email="",
        expertise=tricky("Elternarbeit"),
        consent=True,
    )
    assert [
        nomination.organization_name,
        nomination.contact_name,
        nomination.given_name,
        nomination.family_name,
        nomination.expertise,
    ] == ["Kulturverein", "Max Muster", "Lea", "Schmidt", "Elternarbeit"]

    decline_nomination(nomination=NominationFactory(), reason=tricky("Gruppe voll"), by=office_user)
    assert Nomination.objects.get(status="abgelehnt").decision_note == "Gruppe voll"


def test_meeting_notes_saved_in_the_back_office_lose_the_override(client, office_user):
    committee = CommitteeFactory()
    client.force_login(office_user)

    response = client.post(
        reverse("admin:gremien_meeting_add"),
        {
            "committee": committee.pk,
            "kind": Meeting.Kind.MEETING,
            "title": tricky("Klausurtagung"),
            "start_0": "2030-03-01",
            "start_1": "10:00",
            "location": tricky("Rathaus"),
            "notes": tricky("Tagesordnung folgt"),
            # The inline for files (lip.attachments.admin.AttachmentInline), empty.
            "lip-attachment-owner_type-owner_id-TOTAL_FORMS": "0",
            "lip-attachment-owner_type-owner_id-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.title, meeting.location, meeting.notes) == (
        "Klausurtagung",
        "Rathaus",
        "Tagesordnung folgt",
    )


def test_a_subtopic_saved_in_the_back_office_loses_the_override(client, office_user):
    group = ExpertGroupFactory()
    client.force_login(office_user)

    response = client.post(
        reverse("admin:gremien_subtopic_add"),
        {"committee": group.pk, "name": tricky("Sprachförderung"), "position": 1},
    )

    assert response.status_code == 302
    assert Subtopic.objects.get().name == "Sprachförderung"
