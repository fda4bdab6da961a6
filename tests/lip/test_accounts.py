import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from lip.management.commands.seed_demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from lip.roles import Role, roles_of
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_migration_creates_every_role_as_group():
    assert set(Group.objects.values_list("name", flat=True)) >= {role.value for role in Role}


def test_office_role_may_administer_accounts():
    office = Group.objects.get(name=Role.OFFICE.value)

    codenames = set(office.permissions.values_list("codename", flat=True))
    assert {"view_user", "add_user", "change_user"} <= codenames


def test_migration_creates_no_accounts():
    assert not get_user_model().objects.exists()


def test_demo_accounts_are_refused_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="Entwicklungsumgebung"):
        call_command("seed_demo")
    assert not get_user_model().objects.exists()


@pytest.mark.parametrize(("username", "role", "is_staff", "description"), DEMO_ACCOUNTS)
def test_each_demo_role_can_sign_in(client, settings, username, role, is_staff, description):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    response = client.post(
        "/konto/anmelden/", {"username": username, "password": DEMO_PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1][0] == "/konto/"
    assert response.context["user"].username == username
    assert roles_of(response.context["user"]) == [role]
    assert str(role.label) in response.content.decode()


def test_seed_demo_prints_logins_and_can_run_twice(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")

    out = capsys.readouterr().out
    assert "geschaeftsstelle" in out
    assert DEMO_PASSWORD in out
    assert get_user_model().objects.filter(username="dezernat4").count() == 1


def test_wrong_password_gets_a_german_message(client):
    UserFactory(username="beate")

    response = client.post("/konto/anmelden/", {"username": "beate", "password": "falsch"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Benutzername oder Passwort ist falsch" in html
    assert 'role="alert"' in html
    assert 'value="beate"' in html  # what was typed stays
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("path", ["/konto/", "/konto/passwort/"])
def test_logged_out_user_is_sent_to_login(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == f"/konto/anmelden/?next={path}"


def test_back_office_needs_login(client):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_password_change(client):
    user = UserFactory(username="beate")
    client.force_login(user)

    response = client.post(
        "/konto/passwort/",
        {
            "old_password": PASSWORD,
            "new_password1": "ein-neues-langes-Passwort-7",
            "new_password2": "ein-neues-langes-Passwort-7",
        },
        follow=True,
    )

    assert "Ihr Passwort wurde geändert." in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("ein-neues-langes-Passwort-7")


def test_password_change_with_wrong_old_password_changes_nothing(client):
    user = UserFactory(username="beate")
    client.force_login(user)

    response = client.post(
        "/konto/passwort/",
        {
            "old_password": "falsch",
            "new_password1": "ein-neues-langes-Passwort-7",
            "new_password2": "ein-neues-langes-Passwort-7",
        },
    )

    assert response.status_code == 200
    assert "Das alte Passwort war falsch" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_logout_is_post_only_and_ends_the_session(client):
    client.force_login(UserFactory())

    response = client.post("/konto/abmelden/")

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
