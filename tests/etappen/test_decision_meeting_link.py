"""The note on a decision links its meeting only for readers who may open the meeting's page.

An internal meeting of the steering group is a 404 for the expert group, the Ausschuss and the
public (gremien.permissions.meeting_rights); they read its title and body as text, as the body's
public page lists them. A public meeting, or one with published minutes, is linked for everyone.
"""

import datetime

import pytest
from django.utils import timezone

from etappen.models import Decision
from etappen.services import accept_draft, submit_draft
from gremien.models import Meeting, Minutes
from lip.roles import Role
from tests.conftest import user_with_role
from tests.factories import UserFactory

from .factories import member_of

pytestmark = pytest.mark.django_db

TITLE = "5. Sitzung der Lenkungsgruppe"


@pytest.fixture
def meeting(bodies):
    start = timezone.localtime() - datetime.timedelta(hours=1)
    return Meeting.objects.create(
        committee=bodies.steering, title=TITLE, start=start, status=Meeting.Status.HELD
    )


@pytest.fixture
def version(draft, member, meeting, office):
    version = submit_draft(draft=draft, by=member)
    accept_draft(
        version=version,
        decided_on=timezone.localdate(meeting.start),
        pending_override_reason="Die Sitzung lag vor dem Ende der Frist.",
        procedure=Decision.Procedure.MEETING,
        meeting=meeting,
        by=office,
    )
    version.refresh_from_db()
    return version


def pages(client, version, user=None):
    if user is not None:
        client.force_login(user)
    return [
        client.get(version.get_absolute_url()),
        client.get(version.draft.get_absolute_url()),
    ]


def test_the_expert_group_reads_the_internal_meeting_without_a_link(
    client, version, meeting, member
):
    for response in pages(client, version, member):
        html = response.content.decode()
        assert response.status_code == 200
        assert f"Beschlossen in der Sitzung {TITLE} (Lenkungsgruppe)." in html
        assert meeting.get_absolute_url() not in html
    # The link would have led to a 404.
    assert client.get(meeting.get_absolute_url()).status_code == 404


def test_the_ausschuss_reads_the_decision_but_gets_no_link(client, version, meeting):
    ausschuss = user_with_role(Role.COMMITTEE)
    for response in pages(client, version, ausschuss):
        html = response.content.decode()
        assert "Beschlossen in der Sitzung" in html
        assert meeting.get_absolute_url() not in html


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_public_never_gets_a_link_to_an_internal_meeting(
    client, settings, version, meeting, signed_in
):
    settings.PAGE_CACHE_ENABLED = True  # also what the page cache stores for anonymous visitors
    version.published_at = timezone.now()
    version.save(update_fields=["published_at"])
    if signed_in:
        client.force_login(UserFactory())
    for _round in range(2):  # the second time from the cache, for anonymous visitors
        response = client.get(version.get_absolute_url())
        assert response.status_code == 200
        assert meeting.get_absolute_url() not in response.content.decode()


def test_the_office_and_the_steering_group_get_the_link(client, version, meeting, office, bodies):
    for user in (office, member_of(bodies.steering)):
        client.logout()
        for response in pages(client, version, user):
            html = response.content.decode()
            assert f'<a href="{meeting.get_absolute_url()}">{TITLE}</a>' in html


def test_a_public_meeting_is_linked_for_every_reader(client, version, meeting, member):
    meeting.is_public = True
    meeting.save(update_fields=["is_public"])
    for response in pages(client, version, member):
        assert f'<a href="{meeting.get_absolute_url()}">{TITLE}</a>' in response.content.decode()


def test_published_minutes_open_the_meeting_to_every_reader(client, version, meeting, member):
    Minutes.objects.create(
        meeting=meeting, status=Minutes.Status.PUBLISHED, published_at=timezone.now()
    )
    for response in pages(client, version, member):
        assert f'<a href="{meeting.get_absolute_url()}">{TITLE}</a>' in response.content.decode()
    assert client.get(meeting.get_absolute_url()).status_code == 200
