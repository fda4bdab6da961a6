"""Roles and memberships come from the cache (lip/roles.py, etappen/permissions.py), keyed by the
account: a role or membership given or taken away counts from the next request, and one
person's cached rights never reach another."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from etappen.permissions import can_view_all_statements
from gremien.models import Committee
from lip.roles import Role, has_role, roles_of
from tests.conftest import user_with_role
from tests.factories import CommitteeFactory, MembershipFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


def fresh(user):
    """The account as the next request loads it."""
    return get_user_model().objects.get(pk=user.pk)


def internal_detail_shown(client) -> bool:
    response = client.get("/fortschritt/")
    assert response.status_code == 200
    return can_view_all_statements(response.wsgi_request.user)


def test_roles_are_read_once_per_request_and_then_from_the_cache():
    user = user_with_role(Role.COMMITTEE)
    assert roles_of(fresh(user)) == [Role.COMMITTEE]  # fills the cache

    account = fresh(user)
    with CaptureQueriesContext(connection) as queries:
        assert has_role(account, Role.COMMITTEE)
        assert not has_role(account, Role.OFFICE)
        assert roles_of(account) == [Role.COMMITTEE]

    assert len(queries) == 0


def test_a_role_taken_away_counts_from_the_next_request(client):
    user = user_with_role(Role.COMMITTEE)
    client.force_login(user)
    assert internal_detail_shown(client)

    # As the back office does it: on another object of the same account.
    fresh(user).groups.remove(Group.objects.get(name=Role.COMMITTEE.value))

    assert not internal_detail_shown(client)


def test_a_role_given_from_the_groups_side_counts_from_the_next_request(client):
    user = UserFactory()
    client.force_login(user)
    assert not internal_detail_shown(client)

    Group.objects.get_or_create(name=Role.COMMITTEE.value)[0].user_set.add(user)

    assert internal_detail_shown(client)


def test_changing_the_groups_of_the_same_object_forgets_the_names_kept_on_it():
    user = UserFactory()
    assert roles_of(user) == []

    user.groups.add(Group.objects.get_or_create(name=Role.OFFICE.value)[0])

    assert roles_of(user) == [Role.OFFICE]


def test_a_membership_that_ends_counts_from_the_next_request(client):
    user = UserFactory()
    steering = CommitteeFactory(kind=Committee.Kind.STEERING_GROUP)
    membership = MembershipFactory(person=PersonFactory(user=user), committee=steering)
    client.force_login(user)
    assert internal_detail_shown(client)

    membership.end_date = timezone.localdate() - datetime.timedelta(days=1)
    membership.save()

    assert not internal_detail_shown(client)


def test_one_persons_cached_rights_never_reach_another(client):
    office = user_with_role(Role.OFFICE)
    other = UserFactory()
    assert has_role(fresh(office), Role.OFFICE)  # the office's names are in the cache now

    assert not has_role(fresh(other), Role.OFFICE)
    assert roles_of(fresh(other)) == []
    client.force_login(other)
    assert not internal_detail_shown(client)
