"""Who may staff which expert group: a role × group matrix for gremien/permissions.py."""

import pytest
from django.contrib.auth.models import AnonymousUser

from gremien.permissions import (
    can_see_demographics,
    can_staff_committee,
    can_view_staffing_overview,
    department_of,
    is_office,
    staffable_committees,
)
from lip.roles import Role
from tests.conftest import user_with_role
from tests.factories import (
    CommitteeFactory,
    DepartmentFactory,
    ExpertGroupFactory,
    OrganizationFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

GROUPS = ["bildung", "kultur", "arbeit", "verwaltung"]
# Which groups each actor may staff. "Stadtleben und Kultur" is led by III together with VI.
MATRIX = {
    "anonymous": set(),
    "citizen": set(),
    "III": {"kultur"},
    "IV": {"bildung"},
    "V": {"arbeit"},
    "VI": {"kultur", "verwaltung"},
    "office": set(GROUPS),
    "superuser": set(GROUPS),
    "other role": set(),
}


@pytest.fixture
def setup(db, citizen_user, office_user, department_user):
    departments = {name: DepartmentFactory(short_name=name) for name in ["III", "IV", "V", "VI"]}
    leads = {"bildung": ["IV"], "kultur": ["III", "VI"], "arbeit": ["V"], "verwaltung": ["VI"]}
    groups = {}
    for slug, names in leads.items():
        groups[slug] = ExpertGroupFactory(slug=slug)
        groups[slug].lead_departments.add(*(departments[name] for name in names))
    users = {
        "anonymous": AnonymousUser(),
        "citizen": citizen_user,
        "office": office_user,
        "superuser": UserFactory(is_superuser=True),
        "other role": user_with_role(Role.EXPERT_GROUP),
        **{name: department_user(department) for name, department in departments.items()},
    }
    return groups, users, departments


@pytest.mark.parametrize("actor", MATRIX)
@pytest.mark.parametrize("group", GROUPS)
def test_can_staff_committee(setup, actor, group):
    groups, users, _departments = setup

    assert can_staff_committee(users[actor], groups[group]) is (group in MATRIX[actor])


@pytest.mark.parametrize("actor", MATRIX)
def test_staffable_committees(setup, actor):
    _groups, users, _departments = setup

    assert set(staffable_committees(users[actor]).values_list("slug", flat=True)) == MATRIX[actor]


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("anonymous", False),
        ("citizen", False),
        ("other role", False),
        ("III", True),
        ("IV", True),
        ("V", True),
        ("VI", True),
        ("office", True),
        ("superuser", True),
    ],
)
def test_can_view_staffing_overview(setup, actor, expected):
    _groups, users, _departments = setup

    assert can_view_staffing_overview(users[actor]) is expected


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("anonymous", False),
        ("citizen", False),
        ("IV", False),
        ("office", True),
        ("superuser", True),
    ],
)
def test_is_office(setup, actor, expected):
    _groups, users, _departments = setup

    assert is_office(users[actor]) is expected


@pytest.mark.parametrize(
    ("actor", "expected"),
    [("anonymous", False), ("citizen", False), ("IV", True), ("office", True)],
)
def test_can_see_demographics(setup, actor, expected):
    _groups, users, _departments = setup

    assert can_see_demographics(users[actor]) is expected


def test_no_body_other_than_an_expert_group_is_staffed_here(setup):
    _groups, users, departments = setup
    steering = CommitteeFactory(kind="lenkungsgruppe")
    steering.lead_departments.add(departments["III"])

    assert not can_staff_committee(users["III"], steering)
    assert not can_staff_committee(users["office"], steering)


def test_department_is_found_through_the_organisation_tree(department_user):
    department = DepartmentFactory()
    division = OrganizationFactory(kind="fachbereich", parent=department)
    unit = OrganizationFactory(kind="bereich", parent=division)
    user = user_with_role(Role.DEPARTMENT)
    PersonFactory(user=user, organization=unit)
    group = ExpertGroupFactory()
    group.lead_departments.add(department)

    assert department_of(user).pk == department.pk
    assert can_staff_committee(user, group)


def test_department_role_without_a_person_staffs_nothing(setup):
    groups, _users, _departments = setup
    user = user_with_role(Role.DEPARTMENT)

    assert department_of(user) is None
    assert not any(can_staff_committee(user, group) for group in groups.values())


def test_person_of_a_department_without_the_role_staffs_nothing(setup):
    groups, _users, departments = setup
    user = UserFactory()
    PersonFactory(user=user, organization=departments["IV"])

    assert not can_staff_committee(user, groups["bildung"])
