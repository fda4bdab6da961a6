import datetime

import factory
import pytest
from django.contrib.messages import ERROR, SUCCESS, get_messages
from django.urls import reverse
from django.utils import timezone, translation

from gremien.models import (
    Committee,
    District,
    Meeting,
    Membership,
    Nomination,
    Organization,
    Person,
    ScopeChange,
    SeatRule,
    Subtopic,
)
from gremien.services import propose_scope_change
from tests.factories import (
    DepartmentFactory,
    ExpertGroupFactory,
    MembershipFactory,
    NominationFactory,
    OrganizationFactory,
    PersonFactory,
    SeatRuleFactory,
)

pytestmark = pytest.mark.django_db


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "gremien.District"

    number = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Stadtbezirk {n}")


class SubtopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "gremien.Subtopic"

    committee = factory.SubFactory(ExpertGroupFactory)
    name = factory.Sequence(lambda n: f"Unterthema {n}")


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "gremien.Meeting"

    committee = factory.SubFactory(ExpertGroupFactory)
    title = "Sitzung"
    start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))


@pytest.fixture
def office(client, office_user):
    client.force_login(office_user)
    return client


@pytest.fixture
def one_of_each(office_user):
    group = ExpertGroupFactory(name="Bildung")
    group.lead_departments.add(DepartmentFactory())
    proposal = propose_scope_change(
        committee=group,
        new_name="Bildung und Sprache",
        new_subtopics=["Frühkindliche Bildung", "Sprachförderung"],
        reason="Sprache gehört dazu.",
        by=office_user,
    )
    return {
        District: DistrictFactory(),
        Organization: OrganizationFactory(parent=DepartmentFactory()),
        Person: PersonFactory(),
        Committee: group,
        Subtopic: SubtopicFactory(committee=group),
        SeatRule: SeatRule.objects.filter(committee=group).first(),
        Membership: MembershipFactory(committee=group, role="intern"),
        Nomination: NominationFactory(committee=group),
        ScopeChange: proposal,
        Meeting: MeetingFactory(committee=group),
    }


MODELS = [
    District,
    Organization,
    Person,
    Committee,
    Subtopic,
    SeatRule,
    Membership,
    Nomination,
    ScopeChange,
    Meeting,
]


def admin_url(model, view, *args):
    return reverse(f"admin:gremien_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_office_opens_changelist_change_page_and_history(office, one_of_each, model):
    obj = one_of_each[model]

    assert office.get(admin_url(model, "changelist")).status_code == 200
    assert office.get(admin_url(model, "changelist") + "?q=e").status_code == 200
    assert office.get(admin_url(model, "change", obj.pk)).status_code == 200
    assert office.get(admin_url(model, "history", obj.pk)).status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_citizen_cannot_enter_the_admin(client, citizen_user, one_of_each, model):
    client.force_login(citizen_user)

    response = client.get(admin_url(model, "changelist"))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_list_filters_work(office, one_of_each):
    group = one_of_each[Committee]
    expected = {
        admin_url(Nomination, "changelist")
        + f"?status__exact=eingegangen&committee__id__exact={group.pk}": 1,
        admin_url(Membership, "changelist") + "?laufend=ja": 1,
        admin_url(Membership, "changelist") + "?laufend=nein": 0,
        admin_url(Organization, "changelist") + "?kind__exact=dezernat": 2,
        admin_url(Committee, "changelist") + "?kind__exact=expertengruppe": 1,
        admin_url(ScopeChange, "changelist") + "?status__exact=vorgeschlagen": 1,
    }
    for url, count in expected.items():
        response = office.get(url)
        assert response.status_code == 200, url
        assert response.context["cl"].result_count == count, url


def test_nomination_list_filters_by_status(office, one_of_each):
    NominationFactory(committee=one_of_each[Committee], status=Nomination.Status.DECLINED)

    response = office.get(admin_url(Nomination, "changelist") + "?status__exact=abgelehnt")

    assert [n.status for n in response.context["cl"].result_list] == ["abgelehnt"]


def test_organization_list_shows_the_tree(office):
    department = DepartmentFactory(name="Dezernat III", short_name="Dez. III")
    division = OrganizationFactory(
        name="Fachbereich Soziales", kind="fachbereich", parent=department
    )
    OrganizationFactory(
        name="Bereich Migration", short_name="OE 50.6", kind="bereich", parent=division
    )

    html = office.get(admin_url(Organization, "changelist")).content.decode()

    assert "OE 50.6 → Fachbereich Soziales → Dez. III" in html


def test_person_list_never_shows_demographics(office):
    PersonFactory(
        gender=Person.Gender.DIVERSE,
        international_history=True,
        demographics_consent_at=timezone.now(),
    )

    response = office.get(admin_url(Person, "changelist"))

    html = response.content.decode()
    table = html[html.index('<table id="result_list"') : html.index("</table>")]
    assert "divers" not in table
    assert "international" not in table.lower()
    admin = response.context["cl"].model_admin
    assert "gender" not in admin.list_display and "gender" not in str(admin.list_filter)


def test_person_change_page_has_demographics_in_a_collapsed_section(office):
    person = PersonFactory()

    response = office.get(admin_url(Person, "change", person.pk))

    fieldsets = response.context["adminform"].fieldsets
    collapsed = [
        options for _name, options in fieldsets if "collapse" in options.get("classes", [])
    ]
    assert collapsed and "gender" in collapsed[0]["fields"]


def test_committee_change_page_shows_the_staffing_check(office):
    group = ExpertGroupFactory(name="Bildung")
    MembershipFactory(
        committee=group,
        role="intern",
        person=PersonFactory(gender="weiblich", demographics_consent_at=timezone.now()),
    )

    html = office.get(admin_url(Committee, "change", group.pk)).content.decode()
    text = " ".join(html.split())

    assert "Besetzung unvollständig" in text
    with translation.override("de"):
        internal = SeatRule.objects.get(committee=group, role="intern").display_label
        external = SeatRule.objects.get(committee=group, role="extern").display_label
    assert f"<li>{internal}: 1</li>" in text
    assert f"<li>{external}: 4</li>" in text
    assert "Frauen: 1" in text


def test_steering_group_change_page_shows_the_votes(office):
    steering = Committee.objects.create(
        name="Lenkungsgruppe", slug="lenkungsgruppe", kind=Committee.Kind.STEERING_GROUP
    )
    chair = SeatRuleFactory(committee=steering, role="vorsitz", label="Vorsitz")
    SeatRuleFactory(
        committee=steering,
        role="fachbereichsleitung",
        organization=OrganizationFactory(name="Fachbereich Soziales"),
        shares_vote_with=chair,
    )
    SeatRuleFactory(committee=steering, role="mso_gewaehlt", min_count=2, max_count=2)

    html = office.get(admin_url(Committee, "change", steering.pk)).content.decode()

    assert "0 von 3 Stimmen besetzt" in " ".join(html.split())


def test_staff_without_office_role_sees_no_demographics_in_the_admin(client, one_of_each):
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_committee"))
    client.force_login(user)
    group = one_of_each[Committee]

    html = client.get(admin_url(Committee, "change", group.pk)).content.decode()

    assert "Besetzung" in html
    assert "Geschlecht (Selbstauskunft)" not in html


def test_nomination_cannot_be_added_in_the_admin(office):
    assert office.get(admin_url(Nomination, "add")).status_code == 403


# Scope change actions


def run_action(client, action, change):
    return client.post(
        admin_url(ScopeChange, "changelist"),
        {"action": action, "_selected_action": [change.pk]},
        follow=True,
    )


def test_agree_then_apply_changes_name_and_subtopics(office, office_user):
    group = ExpertGroupFactory(name="Stadtverwaltung und Diversität")
    Subtopic.objects.create(committee=group, name="Personalgewinnung", position=1)
    change = propose_scope_change(
        committee=group,
        new_name="Stadtverwaltung und interkulturelle Öffnung",
        new_subtopics=["Personalgewinnung", "Interkulturelle Öffnung"],
        reason="Der Prozess hat den Zuschnitt geschärft.",
        by=office_user,
    )

    response = run_action(office, "agree", change)
    change.refresh_from_db()
    assert change.status == ScopeChange.Status.AGREED
    assert [m.level for m in get_messages(response.wsgi_request)] == [SUCCESS]

    run_action(office, "apply", change)

    group.refresh_from_db()
    change.refresh_from_db()
    assert change.status == ScopeChange.Status.APPLIED
    assert group.name == "Stadtverwaltung und interkulturelle Öffnung"
    assert list(group.subtopics.values_list("name", flat=True)) == [
        "Personalgewinnung",
        "Interkulturelle Öffnung",
    ]
    assert group.history.first().history_user == office_user


def test_applying_a_proposed_change_is_refused_with_a_message(office, office_user):
    group = ExpertGroupFactory(name="Demokratie")
    Subtopic.objects.create(committee=group, name="Teilhabe", position=1)
    change = propose_scope_change(
        committee=group,
        new_name="Demokratie und Teilhabe",
        new_subtopics=["Wahlen"],
        reason="Neuer Zuschnitt.",
        by=office_user,
    )

    response = run_action(office, "apply", change)

    messages = list(get_messages(response.wsgi_request))
    assert [m.level for m in messages] == [ERROR]
    assert str(change) in messages[0].message
    change.refresh_from_db()
    group.refresh_from_db()
    assert change.status == ScopeChange.Status.PROPOSED
    assert group.name == "Demokratie"
    assert list(group.subtopics.values_list("name", flat=True)) == ["Teilhabe"]


def test_reject_ends_the_change(office, office_user):
    group = ExpertGroupFactory(name="Wirtschaft")
    change = propose_scope_change(
        committee=group, new_name="Arbeit", new_subtopics=[], reason="Kürzer.", by=office_user
    )

    run_action(office, "reject", change)
    change.refresh_from_db()
    assert change.status == ScopeChange.Status.REJECTED

    response = run_action(office, "agree", change)
    assert [m.level for m in get_messages(response.wsgi_request)] == [ERROR]
    group.refresh_from_db()
    assert group.name == "Wirtschaft"


def test_scope_changes_cannot_be_added_or_edited_in_the_admin(office, one_of_each):
    change = one_of_each[ScopeChange]

    assert office.get(admin_url(ScopeChange, "add")).status_code == 403
    office.post(admin_url(ScopeChange, "change", change.pk), {"new_name": "Anders"})
    change.refresh_from_db()
    assert change.new_name == "Bildung und Sprache"


def test_department_staff_get_no_scope_change_actions(client, department_user):
    user = department_user(DepartmentFactory(), is_staff=True)
    client.force_login(user)

    response = client.get(admin_url(ScopeChange, "changelist"))

    assert response.status_code == 200
    actions = response.context["cl"].model_admin.get_actions(response.wsgi_request)
    assert not {"agree", "reject", "apply"} & set(actions)
