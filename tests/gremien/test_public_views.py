import datetime
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from gremien.models import Committee, Meeting, Nomination, Person, Role, SeatRule
from gremien.services import NOMINATION_CONSENT_TEXT
from tests.factories import (
    CommitteeFactory,
    DepartmentFactory,
    ExpertGroupFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def staff_expert_group(group, count):
    """Fill an expert group with `count` members: internal experts first, some unlisted."""
    roles = ["geschaeftsfuehrung", "fachberatung", "wissenschaft"] + ["extern"] * 4
    for number in range(count):
        role = roles[number] if number < len(roles) else "intern"
        MembershipFactory(
            committee=group,
            role=role,
            organization=OrganizationFactory(),
            person=PersonFactory(
                listed_publicly=number % 2 == 0,
                gender=Person.Gender.FEMALE if number % 3 else Person.Gender.MALE,
                international_history=number % 2 == 0,
                demographics_consent_at=timezone.now(),
            ),
        )


def queries_for(client, url):
    # The second request: the first after a login also reads the person's roles and
    # memberships into the cache (lip/roles.py), whatever the page.
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def text(response):
    """The page's HTML with runs of whitespace collapsed, as a reader sees the words."""
    return " ".join(response.content.decode().split())


def seat_row(html, rule):
    match = re.search(rf'<tr id="sitz-{rule.pk}">(.*?)</tr>', html, re.DOTALL)
    assert match, f"no row for {rule}"
    return match.group(1)


# /gremien/


def test_index_groups_bodies_by_kind_with_members_and_open_seats(client):
    group = ExpertGroupFactory(name="Bildung")
    staff_expert_group(group, 3)
    CommitteeFactory(name="Ratsversammlung", kind=Committee.Kind.COUNCIL)

    html = client.get(reverse("gremien:index")).content.decode()

    assert "<h2" in html and "Expert*innengruppen" in html
    row = re.search(r"Bildung</a></th>(.*?)</tr>", html, re.DOTALL).group(1)
    # Management, advisory service and science are filled; 4 internal and 4 external places open.
    cells = re.findall(r'<td class="text-end">(.*?)</td>', row)
    assert cells == ["3", "8"]
    assert "keine festen Sitze" in html
    assert reverse("gremien:nomination-create") in html


def test_index_runs_the_same_number_of_queries_for_1_and_50_members(client):
    group = ExpertGroupFactory()
    staff_expert_group(group, 1)
    one = queries_for(client, reverse("gremien:index"))

    staff_expert_group(group, 49)
    staff_expert_group(ExpertGroupFactory(), 50)
    CommitteeFactory(kind=Committee.Kind.INTEGRATION_COUNCIL)

    assert queries_for(client, reverse("gremien:index")) == one


# /gremien/<slug>/


def test_detail_runs_the_same_number_of_queries_for_1_and_50_members(client):
    small = ExpertGroupFactory()
    small.lead_departments.add(DepartmentFactory())
    staff_expert_group(small, 1)
    large = ExpertGroupFactory()
    large.lead_departments.add(DepartmentFactory(), DepartmentFactory())
    staff_expert_group(large, 50)
    for number in range(5):
        large.subtopics.create(name=f"Unterthema {number}", position=number)
        Meeting.objects.create(
            committee=large,
            title=f"Sitzung {number}",
            start=timezone.now() + datetime.timedelta(days=number * 20 - 50),
        )

    assert queries_for(client, small.get_absolute_url()) == queries_for(
        client, large.get_absolute_url()
    )


def test_detail_query_count_is_fixed_for_staff_too(client, office_user):
    small = ExpertGroupFactory()
    staff_expert_group(small, 1)
    large = ExpertGroupFactory()
    staff_expert_group(large, 50)
    client.force_login(office_user)

    assert queries_for(client, small.get_absolute_url()) == queries_for(
        client, large.get_absolute_url()
    )


def test_unlisted_persons_appear_as_nn_with_their_organisation(client):
    group = ExpertGroupFactory()
    verein = OrganizationFactory(name="Kulturbrücke e.V.")
    MembershipFactory(
        committee=group,
        role="extern",
        organization=verein,
        person=PersonFactory(given_name="Geheim", family_name="Person", listed_publicly=False),
    )
    MembershipFactory(
        committee=group,
        role="intern",
        person=PersonFactory(given_name="Offen", family_name="Gelistet", listed_publicly=True),
    )

    html = client.get(group.get_absolute_url()).content.decode()

    assert "N. N. (Kulturbrücke e.V.)" in html
    assert "Geheim" not in html
    assert "Offen Gelistet" in html


def test_detail_shows_task_subtopics_lead_and_reports_to(client):
    steering = CommitteeFactory(name="Lenkungsgruppe", kind=Committee.Kind.STEERING_GROUP)
    group = ExpertGroupFactory(
        name="Stadtleben und Kultur",
        task="Erarbeitet das Grundsatzpapier.",
        topic_field="Stadtleben und Kultur",
        reports_to=steering,
    )
    group.lead_departments.add(
        DepartmentFactory(name="Dezernat III"), DepartmentFactory(name="Dezernat VI")
    )
    group.subtopics.create(name="Kulturelle Vielfalt", position=1)

    html = client.get(group.get_absolute_url()).content.decode()

    assert "Erarbeitet das Grundsatzpapier." in html
    assert "Kulturelle Vielfalt" in html
    assert "Dezernat III, Dezernat VI" in html
    assert steering.get_absolute_url() in html
    assert f"?gremium={group.slug}" in html


def test_open_seats_are_shown_as_open_and_missing_ones_counted(client):
    group = ExpertGroupFactory()
    MembershipFactory(committee=group, role="intern")

    response = client.get(group.get_absolute_url())
    html = text(response)

    internal = SeatRule.objects.get(committee=group, role="intern")
    row = seat_row(html, internal)
    assert row.count("offen") == 3
    assert "fehlend: 1" in row
    report = response.context["report"]
    assert not report.complete
    assert "Besetzung unvollständig" in html


def test_ended_memberships_do_not_appear(client):
    group = ExpertGroupFactory()
    MembershipFactory(
        committee=group,
        role="intern",
        person=PersonFactory(given_name="Ehemals", family_name="Mitglied"),
        end_date=datetime.date(2020, 1, 31),
    )

    html = client.get(group.get_absolute_url()).content.decode()

    assert "Ehemals" not in html


def test_anonymous_sees_no_gender_or_international_figures(client):
    group = ExpertGroupFactory()
    staff_expert_group(group, 6)

    response = client.get(group.get_absolute_url())
    html = response.content.decode()

    assert response.context["show_demographics"] is False
    assert "Geschlecht" not in html
    assert "Internationale Geschichte" not in html
    assert "Frauen" not in html


def test_citizen_sees_no_gender_or_international_figures(client, citizen_user):
    group = ExpertGroupFactory()
    staff_expert_group(group, 6)
    client.force_login(citizen_user)

    html = client.get(group.get_absolute_url()).content.decode()

    assert "Geschlecht" not in html
    assert "Internationale Geschichte" not in html


def test_office_sees_aggregates_only(client, office_user):
    group = ExpertGroupFactory()
    staff_expert_group(group, 6)  # persons 0 and 3 male, 1, 2, 4, 5 female; 0, 2, 4 international
    client.force_login(office_user)

    html = text(client.get(group.get_absolute_url()))

    assert "Geschlecht (Selbstauskunft)" in html
    assert "Frauen: 4" in html
    assert "Männer: 2" in html
    assert "Ziel Geschlechterparität: nicht erreicht" in html
    assert "3 von 6 Mitgliedern (50 %)" in html
    assert "Ziel mindestens 50 Prozent: erreicht" in html
    # Only totals: no person's own details appear next to their name.
    assert "weiblich" not in html
    assert "maennlich" not in html


def test_department_user_sees_aggregates(client, department_user):
    group = ExpertGroupFactory()
    staff_expert_group(group, 2)
    client.force_login(department_user(DepartmentFactory()))

    html = client.get(group.get_absolute_url()).content.decode()

    assert "Geschlecht (Selbstauskunft)" in html
    assert "Internationale Geschichte (Selbstauskunft)" in html


def test_meetings_are_split_into_upcoming_and_past(client):
    group = ExpertGroupFactory()
    committee = CommitteeFactory(name="Internationaler Ausschuss", kind=Committee.Kind.COMMITTEE)
    Meeting.objects.create(
        committee=group, title="Auftaktsitzung", start=timezone.now() - datetime.timedelta(days=30)
    )
    retreat = Meeting.objects.create(
        committee=committee,
        title="Klausurtagung mit den Expert*innengruppen",
        kind=Meeting.Kind.RETREAT,
        start=timezone.now() + datetime.timedelta(days=30),
        is_public=True,
    )
    retreat.participants.add(group)
    Meeting.objects.create(
        committee=CommitteeFactory(), title="Fremde Sitzung", start=timezone.now()
    )

    response = client.get(group.get_absolute_url())
    html = text(response)

    upcoming, past = response.context["meeting_sections"]
    assert [m.title for m in upcoming["meetings"]] == ["Klausurtagung mit den Expert*innengruppen"]
    assert [m.title for m in past["meetings"]] == ["Auftaktsitzung"]
    assert "ausgerichtet von Internationaler Ausschuss" in html
    assert "Fremde Sitzung" not in html


def test_unknown_body_is_404(client):
    assert client.get("/gremien/gibt-es-nicht/").status_code == 404


# The Lenkungsgruppe from the structure fixture


@pytest.fixture
def structure(db):
    call_command("loaddata", "structure", verbosity=0)
    return Committee.objects.get(slug="lenkungsgruppe")


def test_steering_group_shows_every_seat_group_and_the_vote_count(client, structure):
    html = text(client.get(structure.get_absolute_url()))

    divisions = SeatRule.objects.filter(committee=structure, role=Role.DIVISION_HEAD)
    umbrellas = SeatRule.objects.filter(committee=structure, role=Role.UMBRELLA_REPRESENTATIVE)
    assert divisions.count() == 12
    assert umbrellas.count() == 8
    for rule in [*divisions, *umbrellas]:
        assert "offen" in seat_row(html, rule)
    for name in [
        "Fachbereich Soziales",
        "Fachbereich Wirtschaft",
        "Büro Oberbürgermeister",
        "DGB Hannover",
        "MiSO e.V.",
        "Rat der Religionen",
        "Region Hannover",
    ]:
        assert name in html
    delegates = SeatRule.objects.get(committee=structure, role=Role.DELEGATE)
    assert "Delegiertenkonferenz der Integrationsbeiräte" in seat_row(html, delegates)
    mso = SeatRule.objects.get(committee=structure, role=Role.ELECTED_MSO)
    assert seat_row(html, mso).count("offen") == 2
    assert "Fachbereiche" in html and "Dachorganisationen" in html
    assert "0 von 23 Stimmen besetzt" in html
    assert "Fachbereich Soziales teilt sich eine Stimme" in html


def test_division_soziales_deputises_for_the_empty_chair(client, structure):
    soziales = SeatRule.objects.get(committee=structure, organization__name="Fachbereich Soziales")
    MembershipFactory(
        committee=structure,
        role=Role.DIVISION_HEAD,
        organization=soziales.organization,
        person=PersonFactory(given_name="Sofia", family_name="Sozial"),
    )

    html = text(client.get(structure.get_absolute_url()))

    assert "Sofia Sozial" in seat_row(html, soziales)
    assert "1 von 23 Stimmen besetzt" in html


def test_every_fixture_body_page_renders(client, structure):
    for committee in Committee.objects.all():
        assert client.get(committee.get_absolute_url()).status_code == 200


# The nomination form


@pytest.fixture
def nomination_data():
    group = ExpertGroupFactory(name="Bildung")
    return {
        "committee": str(group.pk),
        "given_name": "Aylin",
        "family_name": "Beispiel",
        "email": "",
        "expertise": "Elternarbeit in mehreren Sprachen.",
        "organization_name": "Elternverein Linden e.V.",
        "contact_name": "Kim Kontakt",
        "contact_email": "kim@example.org",
        "consent": "on",
    }


def test_form_page_shows_the_consent_text_and_preselects_the_group(client):
    group = ExpertGroupFactory(slug="bildung")
    CommitteeFactory(name="Kein Vorschlagsziel", kind=Committee.Kind.COUNCIL)

    response = client.get(reverse("gremien:nomination-create") + "?gremium=bildung")
    html = response.content.decode()

    with translation.override("de"):
        assert str(NOMINATION_CONSENT_TEXT) in html
    assert response.context["form"].initial["committee"] == group
    assert "Kein Vorschlagsziel" not in html


def test_valid_proposal_creates_one_nomination_and_redirects(client, nomination_data):
    response = client.post(reverse("gremien:nomination-create"), nomination_data)

    assert response.status_code == 302
    assert response["Location"] == reverse("gremien:nomination-thanks")
    nomination = Nomination.objects.get()
    assert nomination.given_name == "Aylin"
    assert nomination.status == Nomination.Status.PROPOSED
    assert nomination.consent_at is not None
    with translation.override("de"):
        assert nomination.consent_text == str(NOMINATION_CONSENT_TEXT)
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("given_name", "", "Bitte geben Sie den Vornamen der vorgeschlagenen Person an."),
        ("contact_email", "kim-at-example", "Bitte geben Sie eine gültige E-Mail-Adresse an"),
        ("email", "aylin@", "Bitte geben Sie eine gültige E-Mail-Adresse an"),
        ("consent", None, "Ohne Ihre Einwilligung können wir den Vorschlag nicht bearbeiten."),
        ("committee", "", "Bitte wählen Sie die Expert*innengruppe"),
    ],
)
def test_bad_input_gets_a_german_message_creates_nothing_and_keeps_the_input(
    client, nomination_data, field, value, message
):
    if value is None:
        del nomination_data[field]
    else:
        nomination_data[field] = value

    response = client.post(reverse("gremien:nomination-create"), nomination_data)
    html = text(response)

    assert response.status_code == 200
    assert message in html
    assert 'role="alert"' in html
    assert not Nomination.objects.exists()
    assert 'value="Elternverein Linden e.V."' in html
    assert "Elternarbeit in mehreren Sprachen." in html
    if field != "contact_email":
        assert 'value="kim@example.org"' in html


def test_proposal_for_a_body_that_is_not_an_expert_group_is_refused(client, nomination_data):
    council = CommitteeFactory(kind=Committee.Kind.COUNCIL)
    nomination_data["committee"] = str(council.pk)

    response = client.post(reverse("gremien:nomination-create"), nomination_data)

    assert response.status_code == 200
    assert response.context["form"].errors["committee"]
    assert not Nomination.objects.exists()


def test_service_refusal_becomes_a_form_error(client, nomination_data, monkeypatch):
    from django.core.exceptions import ValidationError

    from gremien.views import public

    def refuse(**kwargs):
        raise ValidationError("Vorschläge sind derzeit nicht möglich.")

    monkeypatch.setattr(public, "submit_nomination", refuse)

    response = client.post(reverse("gremien:nomination-create"), nomination_data)

    assert response.status_code == 200
    assert "Vorschläge sind derzeit nicht möglich." in response.content.decode()
    assert response.context["form"].non_field_errors() == ["Vorschläge sind derzeit nicht möglich."]


def test_honeypot_filled_saves_nothing_but_looks_like_success(client, nomination_data):
    response = client.post(
        reverse("gremien:nomination-create"), {**nomination_data, "website": "http://spam"}
    )

    assert response.status_code == 302
    assert not Nomination.objects.exists()


def test_too_many_proposals_from_one_address_are_refused(client, nomination_data, settings):
    settings.RATE_LIMITS = {"nomination_email": "2/h", "nomination_network": "50/h"}
    for _ in range(2):
        client.post(reverse("gremien:nomination-create"), nomination_data)

    response = client.post(reverse("gremien:nomination-create"), nomination_data)

    assert response.status_code == 200
    assert "Zu viele Vorschläge" in response.content.decode()
    assert nomination_data["expertise"] in response.content.decode()  # what was typed stays
    assert Nomination.objects.count() == 2
