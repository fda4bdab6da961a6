"""Changes of the Themenzuschnitt: who may propose (permission matrix), the page, the events."""

import datetime

import pytest
from django.urls import reverse

from gremien.models import Committee, ScopeChange, Subtopic
from gremien.permissions import can_propose_scope_change
from gremien.services import (
    agree_scope_change,
    apply_scope_change,
    propose_scope_change,
    reject_scope_change,
)
from lip.models import Notification, ProcessEvent
from lip.notifications import Kind
from lip.roles import Role
from tests.conftest import user_with_role
from tests.factories import (
    DepartmentFactory,
    ExpertGroupFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ACTORS = [
    "anonymous",
    "citizen",
    "member",
    "former-member",
    "member-of-another-group",
    "department-of-the-group",
    "other-department",
    "office",
]
ALLOWED = {"member", "department-of-the-group", "office"}


@pytest.fixture
def group(db):
    group = ExpertGroupFactory(name="Bildung", slug="bildung")
    for position, name in enumerate(["Frühkindliche Bildung", "Schule"], start=1):
        Subtopic.objects.create(committee=group, name=name, position=position)
    return group


@pytest.fixture
def departments(group):
    own, other = DepartmentFactory(short_name="IV"), DepartmentFactory(short_name="V")
    group.lead_departments.add(own)
    return {"own": own, "other": other}


def member_account(committee, **membership):
    user = UserFactory()
    MembershipFactory(committee=committee, person=PersonFactory(user=user), **membership)
    return user


@pytest.fixture
def actor(group, departments, citizen_user, office_user, department_user):
    """Make the account of one of ACTORS (None for anonymous)."""

    def make(name):
        if name == "anonymous":
            return None
        if name == "citizen":
            return citizen_user
        if name == "member":
            return member_account(group)
        if name == "former-member":
            return member_account(group, end_date=datetime.date(2021, 12, 31))
        if name == "member-of-another-group":
            return member_account(ExpertGroupFactory())
        if name == "department-of-the-group":
            return department_user(departments["own"])
        if name == "other-department":
            return department_user(departments["other"])
        return office_user

    return make


def form_url(group) -> str:
    return reverse("gremien:scope-change-form", kwargs={"slug": group.slug})


def proposal() -> dict:
    return {
        "scope-new_name": "Bildung und Sprache",
        "scope-new_subtopics": "Frühkindliche Bildung\nSchule\nSprache",
        "scope-reason": "Sprache gehört dazu.",
    }


def snapshot():
    return (
        sorted(ScopeChange.objects.values_list("pk", "status", "new_name")),
        sorted(Committee.objects.values_list("pk", "name")),
        sorted(ProcessEvent.objects.values_list("pk", "kind")),
    )


# Who may propose -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ACTORS)
def test_permission_function(group, actor, name):
    from django.contrib.auth.models import AnonymousUser

    user = actor(name) or AnonymousUser()

    assert can_propose_scope_change(user, group) is (name in ALLOWED)


def test_only_expert_groups_have_a_scope_to_change(actor):
    from tests.factories import CommitteeFactory

    council = CommitteeFactory(kind=Committee.Kind.INTEGRATION_COUNCIL)
    member = member_account(council)

    assert not can_propose_scope_change(member, council)


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", ACTORS)
def test_permission_matrix_of_the_page(client, group, actor, name, method):
    user = actor(name)
    if user is not None:
        client.force_login(user)
    before = snapshot()

    if method == "get":
        response = client.get(form_url(group))
    else:
        response = client.post(form_url(group), proposal())

    if name == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
        assert snapshot() == before
    elif name not in ALLOWED:
        assert response.status_code == 403
        assert snapshot() == before
    elif method == "get":
        assert response.status_code == 200
        assert 'name="scope-new_name"' in response.content.decode()
    else:
        assert response.status_code == 302
        assert response.url == form_url(group)
        change = ScopeChange.objects.get()
        assert (change.status, change.new_name, change.proposed_by) == (
            ScopeChange.Status.PROPOSED,
            "Bildung und Sprache",
            user,
        )
        assert change.new_subtopic_list == ["Frühkindliche Bildung", "Schule", "Sprache"]
        event = ProcessEvent.objects.get()
        assert (event.kind, event.actor, event.is_public) == ("scope_change_proposed", user, False)


def test_a_body_that_is_no_expert_group_has_no_such_page(client, office_user):
    from tests.factories import CommitteeFactory

    client.force_login(office_user)
    council = CommitteeFactory(kind=Committee.Kind.INTEGRATION_COUNCIL)

    assert client.get(form_url(council)).status_code == 404
    assert client.get(reverse("gremien:scope-change-form", args=["gibt-es-nicht"])).status_code == (
        404
    )


@pytest.mark.parametrize("name", ACTORS)
def test_the_group_page_links_the_form_only_for_those_who_may(client, group, actor, name):
    user = actor(name)
    if user is not None:
        client.force_login(user)

    html = client.get(group.get_absolute_url()).content.decode()

    assert (form_url(group) in html) is (name in ALLOWED)


# The page ------------------------------------------------------------------------------------


def test_the_page_shows_the_current_scope_and_prefills_the_form(client, group):
    client.force_login(member_account(group))

    html = client.get(form_url(group)).content.decode()

    assert "Themenzuschnitt der Expert*innengruppe „Bildung“" in html
    assert "Frühkindliche Bildung\nSchule</textarea>" in html
    assert 'value="Bildung"' in html


def test_while_a_change_is_pending_the_page_shows_it_and_no_form(client, group):
    member = member_account(group)
    propose_scope_change(
        committee=group, new_name="Bildung und Sprache", new_subtopics=[], reason="", by=member
    )
    client.force_login(member)

    page = client.get(form_url(group))
    response = client.post(form_url(group), proposal() | {"scope-new_name": "Etwas anderes"})

    html = page.content.decode()
    assert "Aus „Bildung“ wird „Bildung und Sprache“" in " ".join(html.split())
    assert 'name="scope-new_name"' not in html
    assert response.status_code == 400
    assert "bereits" in response.content.decode()
    assert ScopeChange.objects.count() == 1


def test_a_proposal_that_changes_nothing_is_shown_again_with_the_message(client, group):
    client.force_login(member_account(group))

    response = client.post(
        form_url(group),
        {
            "scope-new_name": "Bildung",
            "scope-new_subtopics": "Frühkindliche Bildung\nSchule",
            "scope-reason": "Nichts",
        },
    )

    assert response.status_code == 400
    assert "ändert nichts" in response.content.decode()
    assert not ScopeChange.objects.exists()


@pytest.mark.parametrize("earlier", [1, 20])
def test_the_page_runs_a_fixed_number_of_queries(
    client, group, earlier, django_assert_max_num_queries
):
    member = member_account(group)
    for number in range(earlier):
        change = propose_scope_change(
            committee=group, new_name=f"Bildung {number}", new_subtopics=[], reason="", by=member
        )
        reject_scope_change(change=change, by=member)
    client.force_login(member)

    with django_assert_max_num_queries(9):
        response = client.get(form_url(group))

    assert response.status_code == 200
    assert response.content.decode().count("abgelehnt") >= earlier


@pytest.mark.parametrize("members", [1, 30])
def test_the_group_page_runs_a_fixed_number_of_queries_for_a_member(
    client, group, members, django_assert_max_num_queries
):
    member = member_account(group)
    for _number in range(members):
        MembershipFactory(committee=group, role="intern")
    client.force_login(member)

    with django_assert_max_num_queries(13):
        response = client.get(group.get_absolute_url())

    assert form_url(group) in response.content.decode()


# The steps and their events ------------------------------------------------------------------


def test_every_step_writes_an_event_and_only_the_applied_change_is_public(group, office_user):
    ausschuss = user_with_role(Role.COMMITTEE, email="ausschuss@example.org")
    member = member_account(group)

    change = propose_scope_change(
        committee=group,
        new_name="Bildung und Sprache",
        new_subtopics=["Frühkindliche Bildung", "Sprache"],
        reason="Sprache gehört dazu.",
        by=member,
    )
    agree_scope_change(change=change, by=office_user)
    apply_scope_change(change=change, by=office_user)

    events = list(ProcessEvent.objects.order_by("pk"))
    assert [(e.kind, e.actor, e.is_public) for e in events] == [
        ("scope_change_proposed", member, False),
        ("scope_change_agreed", office_user, False),
        ("scope_change_applied", office_user, True),
    ]
    assert {e.subject for e in events} == {change}
    assert {e.url for e in events} == {"/gremien/bildung/"}
    assert events[0].summary == (
        "Bildung: Eine Änderung des Themenzuschnitts wurde vorgeschlagen („Bildung und Sprache“)."
    )
    assert events[2].summary == (
        "Der Themenzuschnitt der Expert*innengruppe „Bildung“ hat sich geändert: Name "
        "„Bildung und Sprache“, Unterthemen: Frühkindliche Bildung, Sprache."
    )
    # The Ausschuss hears of every step (in its digest by default).
    assert Notification.objects.filter(
        kind=Kind.PROCESS_STEPS, email=ausschuss.email
    ).count() == len(events)


def test_a_rejection_is_an_internal_event(group, office_user):
    change = propose_scope_change(
        committee=group, new_name="Neu", new_subtopics=[], reason="", by=office_user
    )

    reject_scope_change(change=change, by=office_user)

    event = ProcessEvent.objects.get(kind="scope_change_rejected")
    assert (event.actor, event.is_public) == (office_user, False)


def test_a_refused_step_writes_no_event(group, office_user):
    from django.core.exceptions import ValidationError

    change = propose_scope_change(
        committee=group, new_name="Neu", new_subtopics=[], reason="", by=office_user
    )

    with pytest.raises(ValidationError):
        apply_scope_change(change=change, by=office_user)

    assert list(ProcessEvent.objects.values_list("kind", flat=True)) == ["scope_change_proposed"]


def test_the_office_records_agreement_and_application_in_the_admin(client, group, office_user):
    member = member_account(group)
    change = propose_scope_change(
        committee=group,
        new_name="Bildung und Sprache",
        new_subtopics=["Sprache"],
        reason="",
        by=member,
    )
    client.force_login(office_user)
    url = reverse("admin:gremien_scopechange_changelist")

    client.post(url, {"action": "agree", "_selected_action": [change.pk]})
    client.post(url, {"action": "apply", "_selected_action": [change.pk]})

    group.refresh_from_db()
    assert group.name == "Bildung und Sprache"
    assert list(ProcessEvent.objects.order_by("pk").values_list("kind", "actor")) == [
        ("scope_change_proposed", member.pk),
        ("scope_change_agreed", office_user.pk),
        ("scope_change_applied", office_user.pk),
    ]
