"""Who may do what: every page and action of the Wahlleitung for anonymous, citizen and office."""

import pytest
from django.apps import apps
from django.urls import reverse

from tests.wahlen.helpers import make_election, open_round
from wahlen.models import Election
from wahlen.permissions import can_manage_election, can_see_results

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(office_user):
    """An election with three candidates, one more MSO, and the first round open."""
    election, candidacies = make_election(candidates=3, voters=1)
    open_round(election, by=office_user)
    organization = candidacies[0].organization
    return {
        "slug": election.slug,
        "number": 1,
        "organization_pk": organization.pk,
        "pk": candidacies[0].pk,
    }


# name, method, URL kwargs taken from the setting
ACTIONS = [
    ("election-create", "get", []),
    ("election-create", "post", []),
    ("manage", "get", ["slug"]),
    ("election-update", "post", ["slug"]),
    ("register-add", "post", ["slug"]),
    ("register-remove", "post", ["slug", "organization_pk"]),
    ("candidacy-add", "post", ["slug"]),
    ("candidacy-withdraw", "post", ["slug", "pk"]),
    ("invitations", "get", ["slug"]),
    ("invitations-send", "post", ["slug"]),
    ("round-open-confirm", "get", ["slug"]),
    ("round-open", "post", ["slug"]),
    ("round", "get", ["slug", "number"]),
    ("round-close-confirm", "get", ["slug", "number"]),
    ("round-close", "post", ["slug", "number"]),
    ("codes-generate", "post", ["slug", "number"]),
    ("code-reissue", "post", ["slug", "number", "organization_pk"]),
    ("paper-ballot-issue", "post", ["slug", "number"]),
    ("paper-count", "post", ["slug", "number"]),
    ("round-finalize", "post", ["slug", "number"]),
    ("round-repeat", "post", ["slug", "number"]),
    ("lot-draw", "post", ["slug", "number"]),
    ("lot-record", "post", ["slug", "number"]),
    ("publish", "post", ["slug"]),
]
IDS = [f"{method}-{name}" for name, method, _keys in ACTIONS]


def url_for(name, keys, setting):
    return reverse(f"wahlen:{name}", kwargs={key: setting[key] for key in keys})


def snapshot():
    """Row counts of every wahlen table (history included) and the elections' states."""
    counts = {
        model.__name__: model.objects.count()
        for model in apps.get_app_config("wahlen").get_models()
    }
    counts["states"] = list(Election.objects.values_list("status", "title").order_by("pk"))
    return counts


def post_data(setting):
    return {
        "settings-title": "Geändert",
        "settings-nomination_deadline": "2030-01-01T12:00",
        "title": "Neue Wahl",
        "slug": "neue-wahl",
        "nomination_deadline": "2030-01-01T12:00",
        "register-organization": setting["organization_pk"],
        "organization": setting["organization_pk"],
        "paper-abstentions": "0",
        "paper-invalid": "0",
    }


@pytest.mark.parametrize(("name", "method", "keys"), ACTIONS, ids=IDS)
def test_anonymous_is_sent_to_the_login(client, setting, name, method, keys):
    before = snapshot()
    url = url_for(name, keys, setting)

    response = getattr(client, method)(url, post_data(setting) if method == "post" else None)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert snapshot() == before


@pytest.mark.parametrize(("name", "method", "keys"), ACTIONS, ids=IDS)
def test_citizen_is_refused_and_nothing_changes(client, citizen_user, setting, name, method, keys):
    client.force_login(citizen_user)
    before = snapshot()
    url = url_for(name, keys, setting)

    response = getattr(client, method)(url, post_data(setting) if method == "post" else None)

    assert response.status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize(("name", "method", "keys"), ACTIONS, ids=IDS)
def test_office_may(client, office_user, setting, name, method, keys):
    client.force_login(office_user)
    url = url_for(name, keys, setting)

    response = getattr(client, method)(url, post_data(setting) if method == "post" else None)

    assert response.status_code in (200, 302, 400)
    if response.status_code == 302:
        assert not response.url.startswith(reverse("login"))


@pytest.mark.parametrize(("name", "keys"), [(n, k) for n, m, k in ACTIONS if m == "post"])
def test_actions_take_no_get(client, office_user, setting, name, keys):
    client.force_login(office_user)
    before = snapshot()

    response = client.get(url_for(name, keys, setting))

    if name == "election-create":
        assert response.status_code == 200  # the form page
    else:
        assert response.status_code == 405
    assert snapshot() == before


def test_permission_functions(office_user, citizen_user, department_user):
    from django.contrib.auth.models import AnonymousUser

    from tests.factories import DepartmentFactory

    election, _c = make_election(candidates=2)
    department = department_user(DepartmentFactory())

    assert can_manage_election(office_user, election)
    for user in (AnonymousUser(), citizen_user, department):
        assert not can_manage_election(user, election)
        assert not can_see_results(user, election)
    assert can_see_results(office_user, election)
    election.status = Election.Status.PUBLISHED
    assert can_see_results(AnonymousUser(), election)


@pytest.mark.parametrize("who", ["anonymous", "citizen", "office"])
def test_public_pages_are_open_to_all(client, citizen_user, office_user, setting, who):
    if who != "anonymous":
        client.force_login(citizen_user if who == "citizen" else office_user)

    assert client.get(reverse("wahlen:index")).status_code == 200
    assert client.get(reverse("wahlen:election-detail", args=[setting["slug"]])).status_code == 200
    assert client.get(reverse("wahlen:vote", args=[setting["slug"]])).status_code == 200
    protocol = client.get(reverse("wahlen:protocol", args=[setting["slug"]]))
    # Before publication the protocol is the Wahlleitung's draft.
    assert protocol.status_code == (200 if who == "office" else 404)
