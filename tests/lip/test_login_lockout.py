"""Brute force on both login forms: locked per account and per address, unlocked by time or by
the office (OE 50.6)."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory
from tests.lip.test_settings import run_python

pytestmark = pytest.mark.django_db

SITE_LOGIN = "/konto/anmelden/"
ADMIN_LOGIN = "/admin/login/"


def sign_in(client, username, password, *, path=SITE_LOGIN, address="10.0.0.1"):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client, username, times, **kwargs):
    for _attempt in range(times):
        sign_in(client, username, "falsch", **kwargs)


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def beate(db):
    return UserFactory(username="beate")


def test_fifty_wrong_passwords_then_the_right_one_does_not_sign_in(client, beate):
    fail(client, "beate", 50)

    response = sign_in(client, "beate", PASSWORD)

    assert response.status_code == 429
    assert not is_signed_in(client)
    html = response.content.decode()
    assert "zu viele fehlgeschlagene Anmeldeversuche" in html
    assert "15 Minuten" in html
    assert "Geschäftsstelle (OE 50.6)" in html


def test_below_the_limit_the_right_password_still_works(client, beate, settings):
    fail(client, "beate", settings.AXES_FAILURE_LIMIT - 1)

    response = sign_in(client, "beate", PASSWORD)

    assert response.status_code == 302
    assert is_signed_in(client)


def test_the_account_is_locked_from_every_address(client, beate, settings):
    fail(client, "beate", settings.AXES_FAILURE_LIMIT, address="10.0.0.1")

    response = sign_in(client, "beate", PASSWORD, address="192.0.2.77")

    assert response.status_code == 429
    assert not is_signed_in(client)


def test_an_address_is_locked_across_accounts(client, beate, settings):
    for number in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"gibt-es-nicht-{number}", "falsch", address="10.0.0.9")

    from_there = sign_in(client, "beate", PASSWORD, address="10.0.0.9")
    elsewhere = sign_in(client, "beate", PASSWORD, address="10.0.0.10")

    assert from_there.status_code == 429
    assert elsewhere.status_code == 302
    assert is_signed_in(client)


def test_the_address_comes_from_the_proxy_header(client, beate, settings):
    """The lockout counts the visitor's address (lip.ratelimit.client_address), not the proxy's."""
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    for number in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            SITE_LOGIN,
            {"username": f"gibt-es-nicht-{number}", "password": "falsch"},
            HTTP_X_REAL_IP="198.51.100.7",
        )

    response = client.post(
        SITE_LOGIN, {"username": "beate", "password": PASSWORD}, HTTP_X_REAL_IP="198.51.100.8"
    )

    assert response.status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}


def test_the_admin_login_is_locked_too(client, settings):
    UserFactory(username="chef", is_staff=True)
    fail(client, "chef", settings.AXES_FAILURE_LIMIT, path=ADMIN_LOGIN)

    admin = sign_in(client, "chef", PASSWORD, path=ADMIN_LOGIN)
    site = sign_in(client, "chef", PASSWORD, address="10.0.0.2")

    assert admin.status_code == 429
    assert "zu viele fehlgeschlagene Anmeldeversuche" in admin.content.decode()
    assert site.status_code == 429
    assert not is_signed_in(client)


def test_the_lock_ends_after_the_cool_off_time(client, beate, settings):
    fail(client, "beate", settings.AXES_FAILURE_LIMIT)
    assert sign_in(client, "beate", PASSWORD).status_code == 429

    # As if the cool-off time (15 minutes) had passed since the last failure.
    past = settings.AXES_COOLOFF_TIME + datetime.timedelta(minutes=1)
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= past
        attempt.save()
    response = sign_in(client, "beate", PASSWORD)

    assert response.status_code == 302
    assert is_signed_in(client)


def test_further_attempts_during_the_lock_do_not_extend_it(client, beate, settings):
    fail(client, "beate", settings.AXES_FAILURE_LIMIT)
    before = list(AccessAttempt.objects.values_list("attempt_time", "failures_since_start"))

    fail(client, "beate", 10)

    after = list(AccessAttempt.objects.values_list("attempt_time", "failures_since_start"))
    assert after == before


def test_the_office_lifts_the_lock_in_the_back_office(client, beate, office_user, settings):
    fail(client, "beate", settings.AXES_FAILURE_LIMIT)
    office = client.__class__()
    office.force_login(office_user)
    changelist = reverse("admin:axes_accessattempt_changelist")

    listed = office.get(changelist + "?username=beate")
    office.post(
        changelist,
        {
            "action": "delete_selected",
            "_selected_action": list(AccessAttempt.objects.values_list("pk", flat=True)),
            "post": "yes",
        },
    )
    response = sign_in(client, "beate", PASSWORD)

    assert listed.status_code == 200 and "beate" in listed.content.decode()
    assert not AccessAttempt.objects.exists()
    assert response.status_code == 302
    assert is_signed_in(client)


def test_the_office_may_read_and_delete_attempts_but_not_add_them(office_user):
    assert office_user.has_perm("axes.view_accessattempt")
    assert office_user.has_perm("axes.delete_accessattempt")
    assert not office_user.has_perm("axes.add_accessattempt")
    assert not office_user.has_perm("axes.view_accesslog")


def test_limits_come_from_the_environment():
    script = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME.total_seconds())"
    )

    result = run_python(
        "-c",
        script,
        DJANGO_SETTINGS_MODULE="lip.settings.test",
        LOGIN_FAILURE_LIMIT="3",
        LOGIN_COOLOFF_MINUTES="60",
    )

    assert result.stdout.split() == ["3", "3600.0"], result.stderr
