"""The chair (Vorsitz / Sprecher*in) of an expert group: named by its Dezernat, shown on the
group's page, listed by ``gremien.services.chairs()`` for the Podiumsdiskussion."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from gremien.models import Membership
from gremien.services import chairs, set_chair
from gremien.staffing import check_staffing
from lip.models import ProcessEvent
from tests.factories import (
    CommitteeFactory,
    DepartmentFactory,
    ExpertGroupFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def bildung():
    group = ExpertGroupFactory(name="Bildung", slug="bildung", position=1)
    group.lead_departments.add(DepartmentFactory(short_name="IV"))
    return group


@pytest.fixture
def members(bildung):
    return [
        MembershipFactory(
            committee=bildung,
            role="extern",
            person=PersonFactory(given_name="Ayşe", family_name="Yılmaz"),
        ),
        MembershipFactory(
            committee=bildung,
            role="intern",
            person=PersonFactory(given_name="Jonas", family_name="Krüger"),
        ),
    ]


def chair_url(group):
    return reverse("gremien:chair-set", kwargs={"slug": group.slug})


def test_naming_a_chair_keeps_the_seat_and_the_previous_chair_steps_down(
    bildung, members, office_user
):
    ayse, jonas = members
    set_chair(committee=bildung, membership=ayse, by=office_user)
    set_chair(committee=bildung, membership=jonas, by=office_user)

    ayse.refresh_from_db()
    jonas.refresh_from_db()
    assert (ayse.is_chair, jonas.is_chair) == (False, True)
    assert jonas.role == "intern"  # still an internal expert in the staffing check
    assert check_staffing(bildung).unassigned == []
    assert jonas.history.first().history_user == office_user
    assert ProcessEvent.objects.filter(kind="chair_set").count() == 2

    set_chair(committee=bildung, membership=None, by=office_user)
    assert not Membership.objects.filter(is_chair=True).exists()


def test_only_a_current_member_of_an_expert_group_chairs_it(bildung, members, office_user):
    ended = MembershipFactory(
        committee=bildung, end_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    other = MembershipFactory(committee=ExpertGroupFactory())
    steering = CommitteeFactory(kind="lenkungsgruppe")

    with pytest.raises(ValidationError, match="aktuelles Mitglied"):
        set_chair(committee=bildung, membership=ended, by=office_user)
    with pytest.raises(ValidationError, match="aktuelles Mitglied"):
        set_chair(committee=bildung, membership=other, by=office_user)
    with pytest.raises(ValidationError, match="eigener Sitz"):
        set_chair(
            committee=steering, membership=MembershipFactory(committee=steering), by=office_user
        )
    with pytest.raises(ValidationError, match="zurzeit keinen Vorsitz"):
        set_chair(committee=bildung, membership=None, by=office_user)
    assert not Membership.objects.filter(is_chair=True).exists()


def test_the_database_allows_one_open_chair_per_group(bildung, members):
    Membership.objects.filter(pk=members[0].pk).update(is_chair=True)

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(pk=members[1].pk).update(is_chair=True)


@pytest.mark.parametrize(
    ("actor", "status"),
    [("anonymous", 302), ("citizen", 403), ("other_department", 403), ("own_department", 302)],
)
def test_the_lead_department_names_the_chair_on_the_staffing_page(
    client, bildung, members, department_user, actor, status
):
    users = {
        "anonymous": None,
        "citizen": UserFactory(),
        "other_department": department_user(DepartmentFactory(short_name="V")),
        "own_department": department_user(bildung.lead_departments.get()),
    }
    if users[actor] is not None:
        client.force_login(users[actor])

    response = client.post(chair_url(bildung), {"chair-membership": members[0].pk})

    assert response.status_code == status
    members[0].refresh_from_db()
    assert members[0].is_chair == (actor == "own_department")
    if actor == "anonymous":
        assert "/konto/anmelden/" in response["Location"]


def test_a_person_outside_the_group_is_refused_in_german(client, bildung, members, office_user):
    stranger = MembershipFactory(committee=ExpertGroupFactory())
    client.force_login(office_user)

    response = client.post(chair_url(bildung), {"chair-membership": stranger.pk})

    assert response.status_code == 400
    assert "Bitte wählen Sie ein aktuelles Mitglied der Gruppe." in response.content.decode()
    assert not Membership.objects.filter(is_chair=True).exists()


def test_the_staffing_page_offers_the_current_members(client, bildung, members, office_user):
    client.force_login(office_user)

    html = client.get(reverse("gremien:staffing", kwargs={"slug": bildung.slug})).content.decode()

    assert 'name="chair-membership"' in html
    assert "Ayşe Yılmaz" in html and "Vorsitz / Sprecher*in" in html


def test_the_group_page_shows_the_chair_with_consent_only(client, bildung, members, office_user):
    ayse = members[0]
    set_chair(committee=bildung, membership=ayse, by=office_user)

    shown = client.get(bildung.get_absolute_url()).content.decode()
    ayse.person.listed_publicly = False
    ayse.person.save()
    ayse.organization = OrganizationFactory(name="Kulturverein Linden")
    ayse.save()
    hidden = client.get(bildung.get_absolute_url()).content.decode()

    assert "Vorsitz / Sprecher*in" in shown and "Ayşe Yılmaz" in shown
    assert "Ayşe Yılmaz" not in hidden and "N. N. (Kulturverein Linden)" in hidden


def test_chairs_lists_every_expert_group_for_the_panel_discussion(
    bildung, members, office_user, django_assert_num_queries
):
    wirtschaft = ExpertGroupFactory(name="Wirtschaft", position=2)
    CommitteeFactory(kind="lenkungsgruppe")
    set_chair(committee=bildung, membership=members[1], by=office_user)

    with django_assert_num_queries(2):
        listed = chairs()
        names = [(row.committee.name, row.public_name) for row in listed]

    assert names == [("Bildung", "Jonas Krüger"), ("Wirtschaft", "")]
    assert listed[1].committee == wirtschaft and listed[1].membership is None
