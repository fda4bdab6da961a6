"""Accounts in the back office: the office administers them without ever raising anyone."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from lip.roles import Role, roles_of
from tests.conftest import user_with_role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DANGEROUS_FIELDS = {"is_superuser", "user_permissions", "groups"}


def change_url(account) -> str:
    return reverse("admin:auth_user_change", args=[account.pk])


def escalating_post(account, **extra) -> dict:
    """Every field of the account form, plus what a forged request would add."""
    return {
        "username": account.username,
        "first_name": "Neu",
        "last_name": "Name",
        "email": account.email,
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "user_permissions": [Permission.objects.get(codename="delete_user").pk],
        "groups": [Group.objects.get_or_create(name="Schattenadmins")[0].pk],
        **extra,
    }


@pytest.fixture
def office(client, office_user):
    client.force_login(office_user)
    return client


@pytest.mark.parametrize("target", ["own", "other"])
def test_office_post_with_superuser_flag_permissions_and_groups_escalates_nothing(
    office, office_user, target
):
    account = office_user if target == "own" else UserFactory(username="beate")

    response = office.post(change_url(account), escalating_post(account))

    assert response.status_code == 302
    account.refresh_from_db()
    assert not account.is_superuser
    assert not account.user_permissions.exists()
    assert not account.groups.filter(name="Schattenadmins").exists()
    assert account.first_name == "Neu"  # the harmless fields were saved
    assert not get_user_model().objects.filter(is_superuser=True).exists()


def test_office_sees_only_the_fields_it_may_set(office):
    account = UserFactory(username="beate")

    response = office.get(change_url(account))

    fields = set(response.context["adminform"].form.fields)
    assert fields == {
        "username",
        "password",
        "first_name",
        "last_name",
        "email",
        "is_active",
        "is_staff",
        "roles",
    }
    html = response.content.decode()
    for name in DANGEROUS_FIELDS:
        assert f'name="{name}"' not in html


def test_role_choices_are_exactly_the_platforms_roles(office):
    Group.objects.get_or_create(name="Schattenadmins")

    response = office.get(change_url(UserFactory()))

    choices = [
        value for value, _label in response.context["adminform"].form.fields["roles"].choices
    ]
    assert choices == list(Role.values)


def test_office_sets_product_roles_and_the_change_is_recorded(office, office_user):
    account = user_with_role(Role.STATEMENT, username="beate")
    other_group = Group.objects.create(name="Newsletter")
    account.groups.add(other_group)

    data = escalating_post(account, roles=[Role.DEPARTMENT.value, Role.COMMITTEE.value])
    response = office.post(change_url(account), data)

    assert response.status_code == 302
    assert roles_of(account) == [Role.DEPARTMENT, Role.COMMITTEE]
    assert account.groups.filter(pk=other_group.pk).exists()  # not the office's to remove
    entry = LogEntry.objects.get(object_id=str(account.pk), change_message__contains="Rollen")
    assert entry.user == office_user
    assert "Hinzugefügt: Dezernat, Internationaler Ausschuss." in entry.change_message
    assert "Entfernt: Stellungnahme (" in entry.change_message


def test_office_can_give_the_staff_flag_and_the_office_role(office):
    account = UserFactory(username="neu")

    office.post(
        change_url(account),
        {
            "username": "neu",
            "email": account.email,
            "is_active": "on",
            "is_staff": "on",
            "roles": [Role.OFFICE.value],
        },
    )

    account.refresh_from_db()
    assert account.is_staff and not account.is_superuser
    assert roles_of(account) == [Role.OFFICE]


def test_office_cannot_change_its_own_access(office, office_user):
    response = office.get(change_url(office_user))
    fields = set(response.context["adminform"].form.fields)
    assert not fields & {"roles", "is_staff", "is_active", *DANGEROUS_FIELDS}

    office.post(
        change_url(office_user),
        {"username": office_user.username, "email": "neu@example.org", "roles": []},
    )

    office_user.refresh_from_db()
    assert office_user.email == "neu@example.org"
    assert office_user.is_staff and office_user.is_active
    assert roles_of(office_user) == [Role.OFFICE]


def test_office_cannot_edit_a_superuser_or_its_password(office):
    root = UserFactory(username="root", is_staff=True, is_superuser=True, email="root@example.org")

    page = office.get(change_url(root))
    posted = office.post(change_url(root), escalating_post(root, email="x@example.org"))
    password_page = office.get(reverse("admin:auth_user_password_change", args=[root.pk]))
    password_post = office.post(
        reverse("admin:auth_user_password_change", args=[root.pk]),
        {"password1": "ein-neues-langes-Passwort-7", "password2": "ein-neues-langes-Passwort-7"},
    )

    assert page.status_code == 200  # read-only
    assert 'name="email"' not in page.content.decode()
    assert posted.status_code == 403
    assert password_page.status_code == 403 and password_post.status_code == 403
    root.refresh_from_db()
    assert root.email == "root@example.org"
    assert not root.check_password("ein-neues-langes-Passwort-7")


def test_office_changes_another_persons_password(office):
    account = UserFactory(username="beate")

    office.post(
        reverse("admin:auth_user_password_change", args=[account.pk]),
        {
            "password1": "ein-neues-langes-Passwort-7",
            "password2": "ein-neues-langes-Passwort-7",
            "set_usable_password": "true",
        },
    )

    account.refresh_from_db()
    assert account.check_password("ein-neues-langes-Passwort-7")


def test_office_adds_an_account_without_superuser_flag(office):
    response = office.post(
        reverse("admin:auth_user_add"),
        {
            "username": "neu",
            "usable_password": "true",
            "password1": "ein-neues-langes-Passwort-7",
            "password2": "ein-neues-langes-Passwort-7",
            "is_superuser": "on",
            "is_staff": "on",
        },
    )

    assert response.status_code == 302
    account = get_user_model().objects.get(username="neu")
    assert not account.is_superuser and not account.is_staff


def test_superuser_sees_the_full_user_admin(client):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(root)

    html = client.get(change_url(UserFactory(username="beate"))).content.decode()

    for name in DANGEROUS_FIELDS:
        assert f'name="{name}"' in html


def test_superuser_role_changes_through_groups_are_recorded(client):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(root)
    account = UserFactory(username="beate")

    response = client.post(
        change_url(account),
        {
            "username": "beate",
            "email": account.email,
            "is_active": "on",
            "groups": [Group.objects.get(name=Role.OFFICE.value).pk],
            "date_joined_0": "01.01.2026",
            "date_joined_1": "10:00:00",
        },
    )

    assert response.status_code == 302
    assert roles_of(account) == [Role.OFFICE]
    messages = LogEntry.objects.filter(object_id=str(account.pk)).values_list(
        "change_message", flat=True
    )
    assert any("Geschäftsstelle" in message for message in messages)


def test_only_superusers_reset_the_second_factor(client, office_user):
    account = UserFactory(username="beate", is_staff=True)
    assert TOTPDevice.objects.filter(user=account).exists()
    changelist = reverse("admin:auth_user_changelist")
    action = {"action": "reset_two_factor", "_selected_action": [account.pk]}

    client.force_login(office_user)
    assert "reset_two_factor" not in client.get(changelist).content.decode()
    client.post(changelist, action)
    assert TOTPDevice.objects.filter(user=account).exists()

    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    response = client.post(changelist, action, follow=True)

    assert not TOTPDevice.objects.filter(user=account).exists()
    assert "neues" in response.content.decode()
