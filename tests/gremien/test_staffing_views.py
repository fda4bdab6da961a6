"""Staffing pages of the Dezernate: permission matrix, forms, services via the views, queries."""

import datetime
import re
from dataclasses import dataclass

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gremien.models import Committee, Membership, Nomination, Person, ScopeChange
from lip.roles import Role
from tests.conftest import user_with_role
from tests.factories import (
    DepartmentFactory,
    ExpertGroupFactory,
    MembershipFactory,
    NominationFactory,
    OrganizationFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "citizen", "III", "IV", "V", "VI", "office"]
ALLOWED = {"IV", "office"}  # "Bildung" is led by Dezernat IV; the office may staff every group
POOL_NAMES = ["Zoraida Poolmann-Eins", "Ilias Vorschlagsson"]


@dataclass
class World:
    bildung: Committee
    culture: Committee
    work: Committee
    member: Membership
    nomination: Nomination
    other_nomination: Nomination
    departments: dict


@pytest.fixture
def world(db):
    departments = {name: DepartmentFactory(short_name=name) for name in ["III", "IV", "V", "VI"]}
    bildung = ExpertGroupFactory(name="Bildung", slug="bildung")
    bildung.lead_departments.add(departments["IV"])
    culture = ExpertGroupFactory(name="Stadtleben und Kultur", slug="stadtleben-und-kultur")
    culture.lead_departments.add(departments["III"], departments["VI"])
    work = ExpertGroupFactory(name="Arbeit und Wirtschaft", slug="arbeit")
    work.lead_departments.add(departments["V"])
    member = MembershipFactory(committee=bildung, role="intern")
    nomination = NominationFactory(
        committee=bildung, given_name="Zoraida", family_name="Poolmann-Eins"
    )
    other = NominationFactory(committee=bildung, given_name="Ilias", family_name="Vorschlagsson")
    return World(bildung, culture, work, member, nomination, other, departments)


@pytest.fixture
def login(client, world, citizen_user, office_user, department_user):
    """Sign the test client in as one of ACTORS and return the user (None for anonymous)."""

    def sign_in(actor):
        if actor == "anonymous":
            return None
        if actor == "citizen":
            user = citizen_user
        elif actor == "office":
            user = office_user
        else:
            user = department_user(world.departments[actor])
        client.force_login(user)
        return user

    return sign_in


def today() -> datetime.date:
    return timezone.localdate()


def iso(day: datetime.date) -> str:
    return day.isoformat()


def staffing_url(committee) -> str:
    return reverse("gremien:staffing", kwargs={"slug": committee.slug})


def actions(world: World) -> dict:
    """Every staffing page and action on "Bildung" with valid input: name -> (url, POST data)."""
    slug = world.bildung.slug
    member, nomination = world.member, world.nomination
    return {
        "page": (staffing_url(world.bildung), None),
        "member-add": (
            reverse("gremien:member-add", kwargs={"slug": slug}),
            {
                "add-given_name": "Neue",
                "add-family_name": "Expertin",
                "add-role": "extern",
                "add-start_date": iso(today()),
            },
        ),
        "membership-end": (
            reverse("gremien:membership-end", kwargs={"slug": slug, "pk": member.pk}),
            {f"end-{member.pk}-end_date": iso(today())},
        ),
        "membership-replace": (
            reverse("gremien:membership-replace", kwargs={"slug": slug, "pk": member.pk}),
            {
                f"replace-{member.pk}-given_name": "Nach",
                f"replace-{member.pk}-family_name": "Folgerin",
                f"replace-{member.pk}-start_date": iso(today()),
            },
        ),
        "nomination-accept": (
            reverse("gremien:nomination-accept", kwargs={"slug": slug, "pk": nomination.pk}),
            {
                f"accept-{nomination.pk}-role": "extern",
                f"accept-{nomination.pk}-start_date": iso(today()),
            },
        ),
        "nomination-decline": (
            reverse("gremien:nomination-decline", kwargs={"slug": slug, "pk": nomination.pk}),
            {f"decline-{nomination.pk}-reason": "Passt nicht zum Themenfeld."},
        ),
        "scope-change-propose": (
            reverse("gremien:scope-change-propose", kwargs={"slug": slug}),
            {
                "scope-new_name": "Bildung und Sprache",
                "scope-new_subtopics": "Frühkindliche Bildung\nSprache",
                "scope-reason": "Sprache gehört dazu.",
            },
        ),
    }


def accept_data(nomination, role="extern") -> dict:
    return {
        f"accept-{nomination.pk}-role": role,
        f"accept-{nomination.pk}-start_date": iso(today()),
    }


def snapshot() -> tuple:
    """Everything a staffing action could change."""
    return (
        sorted(Membership.objects.values_list("pk", "person_id", "role", "start_date", "end_date")),
        sorted(Person.objects.values_list("pk", "given_name", "family_name")),
        sorted(Nomination.objects.values_list("pk", "status", "membership_id", "decision_note")),
        sorted(ScopeChange.objects.values_list("pk", "status", "new_name")),
        sorted(Committee.objects.values_list("pk", "name")),
    )


def request(client, url, data):
    return client.get(url) if data is None else client.post(url, data)


# -- permission matrix -------------------------------------------------------------------------


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(
    "action",
    [
        "page",
        "member-add",
        "membership-end",
        "membership-replace",
        "nomination-accept",
        "nomination-decline",
        "scope-change-propose",
    ],
)
def test_permission_matrix(client, world, login, actor, action):
    login(actor)
    url, data = actions(world)[action]
    before = snapshot()

    response = request(client, url, data)

    if actor == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
        assert snapshot() == before
    elif actor in ALLOWED:
        if data is None:
            assert response.status_code == 200
        else:
            assert response.status_code == 302, response.content.decode()[:2000]
            assert response.url == staffing_url(world.bildung)
            assert snapshot() != before
    else:
        assert response.status_code == 403
        assert snapshot() == before


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("anonymous", 302),
        ("citizen", 403),
        ("III", 200),
        ("IV", 200),
        ("V", 200),
        ("VI", 200),
        ("office", 200),
    ],
)
def test_overview_access(client, world, login, actor, expected):
    login(actor)

    response = client.get(reverse("gremien:staffing-overview"))

    assert response.status_code == expected
    if expected == 302:
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    ("actor", "groups"),
    [
        ("III", ["Stadtleben und Kultur"]),
        ("IV", ["Bildung"]),
        ("V", ["Arbeit und Wirtschaft"]),
        ("VI", ["Stadtleben und Kultur"]),
        ("office", ["Arbeit und Wirtschaft", "Bildung", "Stadtleben und Kultur"]),
    ],
)
def test_overview_lists_only_the_groups_the_department_leads(client, world, login, actor, groups):
    login(actor)

    response = client.get(reverse("gremien:staffing-overview"))

    shown = sorted(report.committee.name for report in response.context["reports"])
    assert shown == groups
    for report in response.context["reports"]:
        assert staffing_url(report.committee) in response.content.decode()


def test_department_without_groups_gets_a_note(client, department_user):
    client.force_login(department_user(DepartmentFactory()))

    response = client.get(reverse("gremien:staffing-overview"))

    assert response.status_code == 200
    assert "betreut derzeit keine Expert*innengruppe" in response.content.decode()


def test_department_account_without_person_sees_no_groups(client, world):
    client.force_login(user_with_role(Role.DEPARTMENT))

    response = client.get(reverse("gremien:staffing-overview"))

    assert response.status_code == 200
    assert response.context["reports"] == []


@pytest.mark.parametrize("actor", ["citizen", "III", "V", "VI"])
def test_other_departments_see_nothing_of_the_pool(client, world, login, actor):
    login(actor)
    own_pages = [staffing_url(world.culture), staffing_url(world.work)]
    urls = [reverse("gremien:staffing-overview"), *own_pages]
    responses = [client.get(url) for url in urls]
    responses += [request(client, url, data) for url, data in actions(world).values()]

    for response in responses:
        text = response.content.decode()
        for name in POOL_NAMES:
            for part in name.split():
                assert part not in text, response.request["PATH_INFO"]


def test_responsible_department_sees_the_pool(client, world, login):
    login("IV")

    text = client.get(staffing_url(world.bildung)).content.decode()

    for name in POOL_NAMES:
        assert name in text


def test_pool_shows_only_open_proposals_of_this_group(client, world, login):
    login("office")
    NominationFactory(committee=world.work, given_name="Andere", family_name="Gruppe")
    NominationFactory(
        committee=world.bildung, given_name="Schon", family_name="Entschieden", status="abgelehnt"
    )

    response = client.get(staffing_url(world.bildung))

    pool = [row.nomination for row in response.context["nomination_rows"]]
    assert set(pool) == {world.nomination, world.other_nomination}
    assert "Entschieden" not in response.content.decode()


@pytest.mark.parametrize("actor", ["IV", "office"])
def test_unknown_group_is_404(client, world, login, actor):
    login(actor)

    assert client.get("/gremien/gibt-es-nicht/besetzung/").status_code == 404
    assert client.post("/gremien/gibt-es-nicht/besetzung/mitglied/", {}).status_code == 404


def test_a_body_that_is_no_expert_group_is_404(client, world, login):
    login("office")
    steering = Committee.objects.create(
        name="Lenkungsgruppe", slug="lenkungsgruppe", kind="lenkungsgruppe"
    )

    assert client.get(staffing_url(steering)).status_code == 404


@pytest.mark.parametrize(
    "route", ["membership-end", "membership-replace", "nomination-accept", "nomination-decline"]
)
def test_objects_of_another_group_are_404(client, world, login, route):
    login("IV")
    foreign = (
        MembershipFactory(committee=world.work, role="intern")
        if route.startswith("membership")
        else NominationFactory(committee=world.work)
    )
    before = snapshot()

    response = client.post(
        reverse(f"gremien:{route}", kwargs={"slug": world.bildung.slug, "pk": foreign.pk}), {}
    )

    assert response.status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize("route", ["member-add", "scope-change-propose"])
def test_actions_are_post_only(client, world, login, route):
    login("IV")

    response = client.get(reverse(f"gremien:{route}", kwargs={"slug": world.bildung.slug}))

    assert response.status_code == 405


def test_account_page_links_to_staffing_for_those_who_may_staff(client, world, login):
    login("IV")
    assert reverse("gremien:staffing-overview") in client.get(reverse("account")).content.decode()


def test_account_page_has_no_staffing_link_for_citizens(client, world, login):
    login("citizen")
    assert (
        reverse("gremien:staffing-overview") not in client.get(reverse("account")).content.decode()
    )


# -- forms refuse bad input, keep what was typed, save nothing ---------------------------------


def post_add(client, world, **fields):
    data = {"add-role": "extern", "add-start_date": iso(today())}
    data.update({f"add-{name}": value for name, value in fields.items()})
    return client.post(reverse("gremien:member-add", kwargs={"slug": world.bildung.slug}), data)


def test_add_without_any_name(client, world, login):
    login("IV")
    before = snapshot()

    response = post_add(client, world, email="anna@example.org", start_date="2024-03-01")

    text = response.content.decode()
    assert response.status_code == 400
    assert "Bitte wählen Sie eine vorhandene Person aus oder geben Sie Vor- und Nachnamen" in text
    assert 'value="anna@example.org"' in text
    assert 'value="2024-03-01"' in text
    assert snapshot() == before


def test_add_with_family_name_only(client, world, login):
    login("IV")
    before = snapshot()

    response = post_add(client, world, family_name="Beispiel")

    text = response.content.decode()
    assert response.status_code == 400
    assert "Bitte geben Sie den Vornamen ein." in text
    assert 'value="Beispiel"' in text
    assert snapshot() == before


def test_add_with_invalid_email(client, world, login):
    login("IV")
    before = snapshot()

    response = post_add(client, world, given_name="Anna", family_name="Beispiel", email="anna-at-x")

    text = response.content.decode()
    assert response.status_code == 400
    assert "gültige E-Mail-Adresse" in text
    assert 'value="Anna"' in text
    assert 'value="anna-at-x"' in text
    assert snapshot() == before


def test_add_with_end_before_start(client, world, login):
    login("IV")
    before = snapshot()

    response = post_add(
        client,
        world,
        given_name="Anna",
        family_name="Beispiel",
        start_date="2024-05-10",
        end_date="2024-05-01",
    )

    text = response.content.decode()
    assert response.status_code == 400
    assert "Das Enddatum darf nicht vor dem Beginn liegen." in text
    assert 'value="2024-05-01"' in text
    assert 'value="Beispiel"' in text
    assert snapshot() == before


def test_add_the_same_person_twice(client, world, login):
    login("IV")
    before = snapshot()
    person = world.member.person

    response = post_add(client, world, person=person.pk)

    text = response.content.decode()
    assert response.status_code == 400
    assert f"{person} ist in diesem Zeitraum bereits Mitglied dieser Gruppe." in text
    assert f'<option value="{person.pk}" selected>' in text
    assert snapshot() == before


def test_add_the_same_person_while_the_first_membership_still_runs(client, world, login):
    login("IV")
    person = PersonFactory()
    MembershipFactory(
        committee=world.bildung,
        person=person,
        role="extern",
        end_date=today() + datetime.timedelta(days=30),
    )
    before = snapshot()

    response = post_add(
        client, world, person=person.pk, start_date=iso(today() + datetime.timedelta(days=10))
    )

    assert response.status_code == 400
    assert "bereits Mitglied dieser Gruppe" in response.content.decode()
    assert snapshot() == before


def test_add_person_and_new_name_at_once(client, world, login):
    login("IV")
    person = PersonFactory()
    before = snapshot()

    response = post_add(client, world, person=person.pk, given_name="Doppelt")

    assert response.status_code == 400
    assert "nicht beides" in response.content.decode()
    assert snapshot() == before


def test_demographics_need_consent(client, world, login):
    login("IV")
    before = snapshot()

    response = post_add(
        client,
        world,
        given_name="Anna",
        family_name="Beispiel",
        gender="weiblich",
        international_history="yes",
    )

    text = response.content.decode()
    assert response.status_code == 400
    assert "nur mit Einwilligung der Person gespeichert werden" in text
    assert '<option value="weiblich" selected>' in text
    assert snapshot() == before


def test_end_before_start_of_membership(client, world, login):
    login("IV")
    member = world.member
    before = snapshot()

    response = client.post(
        reverse("gremien:membership-end", kwargs={"slug": "bildung", "pk": member.pk}),
        {f"end-{member.pk}-end_date": "2019-01-31"},
    )

    text = response.content.decode()
    assert response.status_code == 400
    assert "Das Enddatum darf nicht vor dem Beginn der Mitgliedschaft (01.12.2019) liegen." in text
    assert 'value="2019-01-31"' in text
    assert snapshot() == before


def test_end_with_an_invalid_date(client, world, login):
    login("IV")
    member = world.member
    before = snapshot()

    response = client.post(
        reverse("gremien:membership-end", kwargs={"slug": "bildung", "pk": member.pk}),
        {f"end-{member.pk}-end_date": "31.02.2024"},
    )

    assert response.status_code == 400
    assert "Bitte ein gültiges Datum eingeben." in response.content.decode()
    assert snapshot() == before


def test_replace_without_a_successor(client, world, login):
    login("IV")
    member = world.member
    before = snapshot()

    response = client.post(
        reverse("gremien:membership-replace", kwargs={"slug": "bildung", "pk": member.pk}),
        {
            f"replace-{member.pk}-email": "nachfolge@example.org",
            f"replace-{member.pk}-start_date": iso(today()),
        },
    )

    text = response.content.decode()
    assert response.status_code == 400
    assert "Bitte wählen Sie eine vorhandene Person aus" in text
    assert 'value="nachfolge@example.org"' in text
    assert snapshot() == before


def test_replace_must_start_after_the_current_membership(client, world, login):
    login("IV")
    member = world.member
    before = snapshot()

    response = client.post(
        reverse("gremien:membership-replace", kwargs={"slug": "bildung", "pk": member.pk}),
        {
            f"replace-{member.pk}-given_name": "Zu",
            f"replace-{member.pk}-family_name": "Früh",
            f"replace-{member.pk}-start_date": "2019-11-01",
        },
    )

    assert response.status_code == 400
    assert "Die Nachfolge muss nach dem 01.12.2019 beginnen." in response.content.decode()
    assert snapshot() == before


def test_accept_without_role(client, world, login):
    login("IV")
    nomination = world.nomination
    before = snapshot()

    response = client.post(
        reverse("gremien:nomination-accept", kwargs={"slug": "bildung", "pk": nomination.pk}),
        {f"accept-{nomination.pk}-start_date": "2024-02-01"},
    )

    text = response.content.decode()
    assert response.status_code == 400
    assert "Dieses Feld ist zwingend erforderlich." in text
    assert 'value="2024-02-01"' in text
    assert snapshot() == before


def test_deciding_a_decided_proposal_says_why(client, world, login):
    login("IV")
    nomination = world.nomination
    Nomination.objects.filter(pk=nomination.pk).update(status=Nomination.Status.DECLINED)
    before = snapshot()

    response = client.post(
        reverse("gremien:nomination-accept", kwargs={"slug": "bildung", "pk": nomination.pk}),
        {
            f"accept-{nomination.pk}-role": "extern",
            f"accept-{nomination.pk}-start_date": iso(today()),
        },
    )

    assert response.status_code == 400
    assert response.context["stray_errors"]
    assert snapshot() == before


def test_scope_change_without_reason(client, world, login):
    login("IV")
    before = snapshot()

    response = client.post(
        reverse("gremien:scope-change-propose", kwargs={"slug": "bildung"}),
        {"scope-new_name": "Bildung und Sprache", "scope-new_subtopics": "Sprache\nSchule"},
    )

    text = response.content.decode()
    assert response.status_code == 400
    assert "Dieses Feld ist zwingend erforderlich." in text
    assert 'value="Bildung und Sprache"' in text
    assert "Sprache\nSchule" in text
    assert snapshot() == before


def test_scope_change_that_changes_nothing(client, world, login):
    login("IV")
    before = snapshot()

    response = client.post(
        reverse("gremien:scope-change-propose", kwargs={"slug": "bildung"}),
        {"scope-new_name": "Bildung", "scope-new_subtopics": "", "scope-reason": "Nur so."},
    )

    assert response.status_code == 400
    assert 'value="Bildung"' in response.content.decode()
    assert "Nur so." in response.content.decode()
    assert snapshot() == before


def test_database_allows_one_open_membership_per_person_and_committee(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            person=world.member.person,
            committee=world.bildung,
            role="extern",
            start_date=datetime.date(2024, 1, 1),
        )


# -- services through the views: the redirected page shows the updated check ------------------


def missing(response) -> int:
    return response.context["report"].missing_count


def current_people(response) -> set[str]:
    return {membership.person.full_name for membership in response.context["report"].members}


def test_add_an_existing_person(client, world, login):
    login("IV")
    person = PersonFactory(given_name="Bestand", family_name="Person")
    start_missing = missing(client.get(staffing_url(world.bildung)))

    response = post_add(client, world, person=person.pk, role="wissenschaft")
    page = client.get(response.url)

    assert response.status_code == 302
    assert missing(page) == start_missing - 1
    assert "Bestand Person" in current_people(page)
    membership = Membership.objects.get(person=person)
    assert (membership.committee, membership.role, membership.start_date) == (
        world.bildung,
        "wissenschaft",
        today(),
    )
    assert "Bestand Person ist jetzt Mitglied von „Bildung“." in page.content.decode()


def test_add_a_new_person(client, world, login):
    login("IV")
    organization = OrganizationFactory(name="Verein Lernen e.V.")
    start_missing = missing(client.get(staffing_url(world.bildung)))

    response = post_add(
        client,
        world,
        given_name="Neue",
        family_name="Expertin",
        email="neu@example.org",
        organization=organization.pk,
        listed_publicly="on",
        gender="weiblich",
        international_history="yes",
        demographics_consent="on",
    )
    page = client.get(response.url)

    assert missing(page) == start_missing - 1
    person = Person.objects.get(family_name="Expertin")
    assert (person.email, person.organization, person.listed_publicly) == (
        "neu@example.org",
        organization,
        True,
    )
    assert (person.gender, person.international_history) == ("weiblich", True)
    assert person.demographics_consent_at is not None
    assert page.context["report"].gender_counts == {"weiblich": 1}
    assert Membership.objects.get(person=person).organization == organization


def test_new_person_without_demographics_stores_none(client, world, login):
    login("IV")

    post_add(client, world, given_name="Ohne", family_name="Angaben")

    person = Person.objects.get(family_name="Angaben")
    assert (person.gender, person.international_history, person.demographics_consent_at) == (
        "",
        None,
        None,
    )


def test_end_a_membership(client, world, login):
    login("IV")
    member = world.member
    yesterday = today() - datetime.timedelta(days=1)
    start_missing = missing(client.get(staffing_url(world.bildung)))

    response = client.post(
        reverse("gremien:membership-end", kwargs={"slug": "bildung", "pk": member.pk}),
        {f"end-{member.pk}-end_date": iso(yesterday)},
    )
    page = client.get(response.url)

    member.refresh_from_db()
    assert member.end_date == yesterday
    assert missing(page) == start_missing + 1
    assert member.person.full_name not in current_people(page)
    assert page.context["former"] == [member]


def test_replace_a_membership(client, world, login):
    login("IV")
    old = world.member
    successor = PersonFactory(given_name="Nach", family_name="Folger")
    start = today()

    response = client.post(
        reverse("gremien:membership-replace", kwargs={"slug": "bildung", "pk": old.pk}),
        {f"replace-{old.pk}-person": successor.pk, f"replace-{old.pk}-start_date": iso(start)},
    )
    page = client.get(response.url)

    old.refresh_from_db()
    new = Membership.objects.get(person=successor)
    assert old.end_date == start - datetime.timedelta(days=1)
    assert (new.replaces, new.role, new.start_date, new.end_date) == (old, "intern", start, None)
    assert current_people(page) == {"Nach Folger"}
    assert page.context["former"] == [old]
    assert "Nach Folger" in page.content.decode()


def test_replace_with_a_new_person(client, world, login):
    login("IV")
    old = world.member

    client.post(
        reverse("gremien:membership-replace", kwargs={"slug": "bildung", "pk": old.pk}),
        {
            f"replace-{old.pk}-given_name": "Ganz",
            f"replace-{old.pk}-family_name": "Neu",
            f"replace-{old.pk}-start_date": iso(today()),
        },
    )

    assert Membership.objects.get(person__family_name="Neu").replaces == old


def test_accept_a_nomination(client, world, login):
    login("IV")
    nomination = world.nomination
    start_missing = missing(client.get(staffing_url(world.bildung)))

    response = client.post(
        reverse("gremien:nomination-accept", kwargs={"slug": "bildung", "pk": nomination.pk}),
        {
            f"accept-{nomination.pk}-role": "extern",
            f"accept-{nomination.pk}-start_date": iso(today()),
        },
    )
    page = client.get(response.url)

    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.ACCEPTED
    assert nomination.membership.person.full_name == "Zoraida Poolmann-Eins"
    assert nomination.membership.role == "extern"
    assert missing(page) == start_missing - 1
    assert "Zoraida Poolmann-Eins" in current_people(page)
    assert [row.nomination for row in page.context["nomination_rows"]] == [world.other_nomination]


def test_decline_a_nomination(client, world, login):
    login("IV")
    nomination = world.nomination

    response = client.post(
        reverse("gremien:nomination-decline", kwargs={"slug": "bildung", "pk": nomination.pk}),
        {f"decline-{nomination.pk}-reason": "Thema passt nicht."},
    )
    page = client.get(response.url)

    nomination.refresh_from_db()
    assert (nomination.status, nomination.decision_note) == (
        Nomination.Status.DECLINED,
        "Thema passt nicht.",
    )
    assert [row.nomination for row in page.context["nomination_rows"]] == [world.other_nomination]
    assert "Der Vorschlag für Zoraida Poolmann-Eins wurde abgelehnt." in page.content.decode()


def test_propose_a_scope_change(client, world, login):
    login("IV")

    response = client.post(
        reverse("gremien:scope-change-propose", kwargs={"slug": "bildung"}),
        {
            "scope-new_name": "Bildung und Sprache",
            "scope-new_subtopics": "Frühkindliche Bildung\n\n  Sprache  ",
            "scope-reason": "Sprache gehört dazu.",
        },
    )
    page = client.get(response.url)

    change = ScopeChange.objects.get()
    assert (change.committee, change.new_name, change.new_subtopic_list, change.status) == (
        world.bildung,
        "Bildung und Sprache",
        ["Frühkindliche Bildung", "Sprache"],
        ScopeChange.Status.PROPOSED,
    )
    assert page.context["pending_change"] == change
    assert "Laufende Änderung" in page.content.decode()
    assert 'name="scope-new_name"' not in page.content.decode()  # one pending change at a time


def test_staffing_turns_complete(client, world, login):
    login("IV")
    for role, count in [
        ("intern", 1),
        ("extern", 4),
        ("geschaeftsfuehrung", 1),
        ("fachberatung", 1),
    ]:
        for _ in range(count):
            MembershipFactory(committee=world.bildung, role=role)
    assert not client.get(staffing_url(world.bildung)).context["report"].complete

    response = post_add(
        client, world, given_name="Wissen", family_name="Schaft", role="wissenschaft"
    )
    page = client.get(response.url)

    assert page.context["report"].complete


# -- queries -----------------------------------------------------------------------------------


def count_queries(client, url) -> int:
    # The second request: the first after a login also reads the person's roles and
    # memberships into the cache (lip/roles.py), whatever the page.
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def fill(committee, size: int) -> None:
    organization = OrganizationFactory()
    for number in range(size):
        MembershipFactory(
            committee=committee,
            role="extern",
            organization=organization,
            person=PersonFactory(organization=organization),
        )
        MembershipFactory(
            committee=committee,
            role="intern",
            start_date=datetime.date(2018, 1, 1),
            end_date=datetime.date(2018, 12, 31),
        )
        NominationFactory(committee=committee, family_name=f"Vorschlag {number}")
    ScopeChange.objects.create(
        committee=committee,
        old_name=committee.name,
        new_name=f"{committee.name} neu",
        reason="Test",
        status=ScopeChange.Status.REJECTED,
        proposed_by=UserFactory(),
    )


@pytest.mark.parametrize("actor", ["IV", "office"])
def test_staffing_page_runs_a_fixed_number_of_queries(client, office_user, department_user, actor):
    department = DepartmentFactory()
    small = ExpertGroupFactory()
    large = ExpertGroupFactory()
    small.lead_departments.add(department)
    large.lead_departments.add(department)
    fill(small, 1)
    fill(large, 30)
    client.force_login(department_user(department) if actor == "IV" else office_user)

    small_count = count_queries(client, staffing_url(small))
    large_count = count_queries(client, staffing_url(large))

    assert small_count == large_count


def test_overview_runs_a_fixed_number_of_queries(client, login, world):
    login("office")
    first = count_queries(client, reverse("gremien:staffing-overview"))
    for _ in range(5):
        fill(ExpertGroupFactory(), 3)

    assert count_queries(client, reverse("gremien:staffing-overview")) == first


def test_every_form_on_the_page_carries_a_csrf_token(client, world, login):
    login("IV")

    text = client.get(staffing_url(world.bildung)).content.decode()

    assert text.count('<form method="post"') == text.count('name="csrfmiddlewaretoken"') > 5


def test_field_ids_are_unique_on_the_page(client, world, login):
    login("IV")
    MembershipFactory(committee=world.bildung, role="extern")

    text = client.get(staffing_url(world.bildung)).content.decode()

    ids = re.findall(r'\sid="([^"]+)"', text)
    assert len(ids) == len(set(ids))
