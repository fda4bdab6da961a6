"""Who sees what: every role × every state, over the permission functions and the pages.

Nothing unpublished reaches a public page or a public process event.
"""

from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from etappen.models import Draft, DraftVersion, Statement
from etappen.permissions import (
    can_edit_draft,
    can_file_statement,
    can_view_draft,
    can_view_statements,
    can_view_version,
    visible_versions,
)
from etappen.services import (
    SectionData,
    accept_draft,
    add_section,
    file_statement,
    return_draft_for_revision,
    submit_draft,
)
from lip.models import ProcessEvent
from lip.roles import Role
from tests.conftest import user_with_role
from tests.factories import UserFactory

from .factories import DraftFactory, ExpertGroupFactory, member_of

pytestmark = pytest.mark.django_db

SECRET = "Geheimer Arbeitstext 4711"
STATEMENT = "Vertrauliche Einschätzung 0815"

ROLES = [
    "anonymous",
    "citizen",
    "group",
    "other_group",
    "council",
    "conference",
    "round_table",
    "equality",
    "steering",
    "ausschuss",
    "office",
]
STATES = ["in_work", "submitted", "revision", "accepted", "submitted_gender"]
CONSULTED = {"council", "conference", "round_table", "steering"}
# Who may open the internal draft page and read its versions, per state.
READERS = {
    "in_work": {"group", "office"},
    "submitted": {"group", "office", "ausschuss", *CONSULTED},
    "revision": {"group", "office", "ausschuss", *CONSULTED},
    "accepted": {"group", "office", "ausschuss", *CONSULTED},
    "submitted_gender": {"group", "office", "ausschuss", "equality", *CONSULTED},
}


@dataclass
class World:
    draft: Draft
    version: DraftVersion | None
    users: dict


def build(state: str, bodies, stage) -> World:
    group = ExpertGroupFactory(name="Demokratie")
    draft = DraftFactory(stage=stage, committee=group, gender_relevant=state.endswith("gender"))
    users = {
        "anonymous": None,
        "citizen": UserFactory(),
        "group": member_of(group),
        "other_group": member_of(ExpertGroupFactory()),
        "council": member_of(bodies.councils[0]),
        "conference": member_of(bodies.conference),
        "round_table": member_of(bodies.round_table),
        "equality": member_of(bodies.equality),
        "steering": member_of(bodies.steering),
        "ausschuss": user_with_role(Role.COMMITTEE),
        "office": user_with_role(Role.OFFICE),
    }
    office = users["office"]
    add_section(draft=draft, data=SectionData(heading="Leitlinien", text=SECRET), by=office)
    version = None
    if state != "in_work":
        version = submit_draft(draft=draft, by=office)
        request = version.consultation_requests.get(committee=bodies.councils[0])
        file_statement(request=request, text=STATEMENT, by=users["council"])
    if state == "revision":
        return_draft_for_revision(
            pending_override_reason="Die Lenkungsgruppe tagte vor Fristende.",
            version=version,
            decided_on=timezone.localdate(),
            requirements=["x"],
            by=office,
        )
    if state == "accepted":
        accept_draft(
            pending_override_reason="Die Lenkungsgruppe tagte vor Fristende.",
            version=version,
            decided_on=timezone.localdate(),
            by=office,
        )
    draft.refresh_from_db()
    return World(draft, version, users)


@pytest.fixture
def world(request, bodies, stage):
    return build(request.param, bodies, stage)


def fresh(user):
    """A new user object, as a new request has (the checks cache per user object)."""
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        return AnonymousUser()
    return type(user).objects.get(pk=user.pk)


@pytest.mark.parametrize("world", STATES, indirect=True)
@pytest.mark.parametrize("role", ROLES)
def test_permission_functions(world, role, request):
    state = request.node.callspec.params["world"]
    user = fresh(world.users[role])
    readers = READERS[state]

    assert can_view_draft(user, world.draft) == (role in readers)
    assert can_edit_draft(user, world.draft) == (role in {"group", "office"})
    if world.version is not None:
        assert can_view_version(user, world.version) == (role in readers)
        assert can_view_statements(user, world.version) == (role in readers)
        assert (world.version in visible_versions(user)) == (role in readers)
        council_request = world.version.consultation_requests.get(
            committee=world.users["council"].person.memberships.get().committee
        )
        assert can_file_statement(user, council_request) == (role in {"council", "office"})


@pytest.mark.parametrize("world", STATES, indirect=True)
@pytest.mark.parametrize("role", ROLES)
def test_pages(client, world, role, request):
    state = request.node.callspec.params["world"]
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    allowed = role in READERS[state]
    pages = [(world.draft.get_absolute_url(), False)]
    if world.version is not None:
        pages.append((world.version.get_absolute_url(), True))

    for url, shows_text in pages:
        response = client.get(url)
        if allowed:
            assert response.status_code == 200
            assert (SECRET in response.content.decode()) == shows_text
        elif user is None:
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("login"))
        else:
            assert response.status_code == 404

    # Public pages show the state of the draft for everyone, never its text.
    for url in [reverse("etappen:index"), world.draft.stage.get_absolute_url()]:
        content = client.get(url).content.decode()
        assert world.draft.get_state_display() in content
        assert SECRET not in content
        assert STATEMENT not in content
        link = f'href="{world.draft.get_absolute_url()}"'
        assert (link in content) == allowed


@pytest.mark.parametrize("world", STATES, indirect=True)
def test_nothing_unpublished_in_public_events(world):
    for event in ProcessEvent.objects.public():
        assert SECRET not in event.summary
        assert STATEMENT not in event.summary
        assert not event.url or event.url.startswith(reverse("etappen:index"))
        assert "/entwurf/" not in event.url and "/fassung/" not in event.url


@pytest.mark.parametrize("world", ["submitted"], indirect=True)
def test_published_version_is_public_but_its_statements_are_not(client, world):
    DraftVersion.objects.filter(pk=world.version.pk).update(published_at=timezone.now())

    response = client.get(world.version.get_absolute_url())

    content = response.content.decode()
    assert response.status_code == 200
    assert SECRET in content
    assert STATEMENT not in content
    # The internal draft page stays internal.
    assert client.get(world.draft.get_absolute_url()).status_code == 302


@pytest.mark.parametrize("world", ["submitted"], indirect=True)
@pytest.mark.parametrize("role", ["anonymous", "citizen", "other_group"])
def test_no_way_around_the_checks(client, world, role):
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    request = world.version.consultation_requests.get(committee__kind="runder_tisch")
    urls = [
        reverse("etappen:synopsis", kwargs={"pk": world.draft.pk}),
        reverse("etappen:section-list", kwargs={"pk": world.draft.pk}),
        reverse("etappen:statement-form", kwargs={"pk": request.pk}),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (302, 404)
        assert SECRET not in response.content.decode()
    response = client.post(
        reverse("etappen:statement-file", kwargs={"pk": request.pk}), {"text": "x"}
    )
    assert response.status_code in (302, 404)
    assert not Statement.objects.filter(request=request).exists()


def test_published_versions_keep_the_requirements_internal(client, draft, member, office):
    first = submit_draft(draft=draft, by=member)
    requirement = return_draft_for_revision(
        pending_override_reason="Die Lenkungsgruppe tagte vor Fristende.",
        version=first,
        decided_on=timezone.localdate(),
        requirements=["Interne Vorgabe 1234"],
        by=office,
    ).requirements.get()
    second = submit_draft(draft=draft, addressed_requirements=[requirement], by=member)
    DraftVersion.objects.filter(draft=draft).update(published_at=timezone.now())

    version_page = client.get(second.get_absolute_url())
    synopsis = client.get(reverse("etappen:synopsis", kwargs={"pk": draft.pk}))

    assert version_page.status_code == synopsis.status_code == 200
    for response in (version_page, synopsis):
        content = response.content.decode()
        assert "Interne Vorgabe 1234" not in content
        assert f'href="{draft.get_absolute_url()}"' not in content
    client.force_login(member)
    assert "Interne Vorgabe 1234" in client.get(second.get_absolute_url()).content.decode()
