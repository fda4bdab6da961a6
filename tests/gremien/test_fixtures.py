"""The fixtures hold exactly the structure of the council document, and the demo loads on top."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count

from gremien.models import (
    Committee,
    District,
    Meeting,
    Membership,
    Nomination,
    Organization,
    Person,
    Role,
    SeatRule,
)

pytestmark = pytest.mark.django_db

DEMO_USERNAMES = [
    "geschaeftsstelle",
    "dezernat3",
    "dezernat4",
    "dezernat5",
    "dezernat6",
    "expertin",
    "beirat",
    "ausschuss",
    "admin",
]

FACHBEREICHE = [
    "Fachbereich Soziales",
    "Fachbereich Wirtschaft",
    "Fachbereich Öffentliche Ordnung",
    "Fachbereich Schule",
    "Fachbereich Kultur",
    "Volkshochschule (VHS)",
    "Fachbereich Personal und Organisation",
    "Fachbereich Jugend und Familie",
    "Fachbereich Sport und Bäder",
    "Fachbereich Senioren",
    "Fachbereich Planen und Stadtentwicklung",
    "Büro Oberbürgermeister",
]

DACHORGANISATIONEN = [
    "Deutscher Gewerkschaftsbund Hannover",
    "MiSO e.V.",
    "Arbeitsgemeinschaft der freien Wohlfahrtspflege",
    "Industrie- und Handelskammer Hannover",
    "Handwerkskammer Hannover",
    "JobCenter",
    "Rat der Religionen",
    "Region Hannover",
]

# The Unterthemen exactly as the document lists them, in its order.
SUBTOPICS = {
    "Soziales": [
        "Frauen",
        "Ältere",
        "Flüchtlinge",
        "Sozialberatung",
        "Gesundheit",
        "Bürgerliches Engagement",
        "Papierlose",
    ],
    "Demokratie": [
        "Beteiligung",
        "Einbürgerung",
        "Antirassismus und Antidiskriminierung",
        "sexuelle Identität und Migration",
    ],
    "Stadtleben und Kultur": ["Stadtteilentwicklung", "Kultur", "Religionen", "Sport", "Wohnen"],
    "Bildung": [
        "Elementarbereich",
        "Grundschulen",
        "weiterführende Schulen",
        "Hochschulen",
        "Erwachsenenbildung",
    ],
    "Stadtverwaltung und Diversität": [
        "Ausbildung",
        "Fort- und Weiterbildung",
        "Personalwirtschaft",
        "Interkulturelle Organisationsentwicklung",
    ],
    "Wirtschaft": [
        "Lokale Ökonomie",
        "Existenzgründung",
        "Ausbildungsförderung",
        "Qualifizierung",
        "Beschäftigungsförderung",
        "Internationalisierung",
    ],
}

LEAD_DEPARTMENTS = {
    "Soziales": {"Dez. III"},
    "Demokratie": {"Dez. III"},
    "Stadtleben und Kultur": {"Dez. III", "Dez. VI"},
    "Bildung": {"Dez. IV"},
    "Stadtverwaltung und Diversität": {"Dez. IV"},
    "Wirtschaft": {"Dez. V"},
}

DISTRICTS = [
    "Mitte",
    "Vahrenwald-List",
    "Bothfeld-Vahrenheide",
    "Buchholz-Kleefeld",
    "Misburg-Anderten",
    "Kirchrode-Bemerode-Wülferode",
    "Südstadt-Bult",
    "Döhren-Wülfel",
    "Ricklingen",
    "Linden-Limmer",
    "Ahlem-Badenstedt-Davenstedt",
    "Herrenhausen-Stöcken",
    "Nord",
]


@pytest.fixture
def structure():
    call_command("loaddata", "structure", verbosity=0)


@pytest.fixture
def demo(structure):
    User = get_user_model()
    for username in DEMO_USERNAMES:
        User.objects.get_or_create(username=username)
    call_command("loaddata", "demo", verbosity=0)


@pytest.fixture
def steering(structure):
    return Committee.objects.get(slug="lenkungsgruppe")


def names(rules):
    return sorted(rule.organization.name for rule in rules)


def test_steering_group_has_the_twelve_named_divisions(steering):
    rules = steering.seat_rules.filter(role=Role.DIVISION_HEAD)
    assert names(rules) == sorted(FACHBEREICHE)
    assert all(rule.min_count == rule.max_count == 1 and rule.has_vote for rule in rules)


def test_steering_group_has_the_eight_named_umbrella_organisations(steering):
    rules = steering.seat_rules.filter(role=Role.UMBRELLA_REPRESENTATIVE)
    assert names(rules) == sorted(DACHORGANISATIONEN)
    assert all(rule.organization.kind == Organization.Kind.UMBRELLA for rule in rules)
    assert all(rule.min_count == rule.max_count == 1 for rule in rules)


def test_steering_group_has_delegate_two_elected_mso_and_chair(steering):
    delegate = steering.seat_rules.get(role=Role.DELEGATE)
    assert (delegate.min_count, delegate.max_count) == (1, 1)
    mso = steering.seat_rules.get(role=Role.ELECTED_MSO)
    assert (mso.min_count, mso.max_count) == (2, 2)
    chair = steering.seat_rules.get(role=Role.CHAIR)
    assert chair.organization.short_name == "Dez. III"
    assert (chair.min_count, chair.max_count) == (1, 1)
    assert list(steering.lead_departments.values_list("short_name", flat=True)) == ["Dez. III"]


def test_steering_group_has_24_seats_and_23_votes(steering):
    rules = list(steering.seat_rules.all())
    assert len(rules) == 1 + 12 + 1 + 8 + 1
    assert sum(rule.max_count for rule in rules) == 24
    voting = sum(rule.max_count for rule in rules if rule.has_vote)
    shared = sum(rule.max_count for rule in rules if rule.has_vote and rule.shares_vote_with_id)
    assert voting - shared == 23


def test_social_division_shares_the_chairs_vote(steering):
    sharing = steering.seat_rules.get(shares_vote_with__isnull=False)
    assert sharing.organization.name == "Fachbereich Soziales"
    assert sharing.shares_vote_with.role == Role.CHAIR
    assert sharing.organization.parent.short_name == "Dez. III"


@pytest.mark.parametrize("topic", list(SUBTOPICS))
def test_expert_group_has_every_subtopic_of_the_document(structure, topic):
    group = Committee.objects.get(kind=Committee.Kind.EXPERT_GROUP, name=topic)
    assert (
        list(group.subtopics.order_by("position").values_list("name", flat=True))
        == (SUBTOPICS[topic])
    )


def test_six_expert_groups_with_their_lead_departments(structure, steering):
    groups = Committee.objects.filter(kind=Committee.Kind.EXPERT_GROUP).order_by("position")
    assert [group.name for group in groups] == list(SUBTOPICS)
    for group in groups:
        leads = set(group.lead_departments.values_list("short_name", flat=True))
        assert leads == LEAD_DEPARTMENTS[group.name], group.name
        assert group.topic_field == group.name
        assert group.reports_to == steering
        assert group.parity_target
        assert group.international_history_target == 50


def test_stadtleben_und_kultur_is_led_by_dez_three_and_six(structure):
    group = Committee.objects.get(slug="stadtleben-und-kultur")
    assert set(group.lead_departments.values_list("name", flat=True)) == {
        "Dezernat III",
        "Dezernat VI",
    }


def test_only_stadtverwaltung_may_be_staffed_purely_internally(structure):
    internal = Committee.objects.filter(internal_staffing_allowed=True)
    assert [group.slug for group in internal] == ["stadtverwaltung-und-diversitaet"]


def test_every_expert_group_follows_the_staffing_scheme(structure):
    expected = [
        (Role.INTERNAL_EXPERT, 2, 4),
        (Role.EXTERNAL_EXPERT, 4, 4),
        (Role.MANAGEMENT, 1, 1),
        (Role.ADVISORY, 1, 1),
        (Role.SCIENTIFIC, 1, 1),
    ]
    for group in Committee.objects.filter(kind=Committee.Kind.EXPERT_GROUP):
        rules = [(rule.role, rule.min_count, rule.max_count) for rule in group.seat_rules.all()]
        assert rules == expected, group.name
        assert all(rule.has_vote for rule in group.seat_rules.all())


def test_thirteen_districts(structure):
    assert list(District.objects.values_list("number", "name")) == list(
        enumerate(DISTRICTS, start=1)
    )


def test_eleven_integration_councils_report_to_the_delegates_conference(structure):
    conference = Committee.objects.get(slug="delegiertenkonferenz")
    councils = Committee.objects.filter(kind=Committee.Kind.INTEGRATION_COUNCIL)
    assert councils.count() == 11
    assert all(council.reports_to == conference for council in councils)
    assert len({council.district_id for council in councils}) == 11
    assert conference.reports_to.slug == "lenkungsgruppe"


def test_other_bodies_of_the_document_exist_without_seat_rules(structure):
    kinds = dict(
        Committee.objects.exclude(
            kind__in=[Committee.Kind.EXPERT_GROUP, Committee.Kind.INTEGRATION_COUNCIL]
        ).values_list("slug", "kind")
    )
    assert kinds == {
        "lenkungsgruppe": "lenkungsgruppe",
        "delegiertenkonferenz": "delegiertenkonferenz",
        "runder-tisch": "runder_tisch",
        "gleichstellungsbeauftragte": "gleichstellung",
        "internationaler-ausschuss": "ausschuss",
        "ratsversammlung": "rat",
    }
    with_rules = SeatRule.objects.values_list("committee__kind", flat=True).distinct()
    assert set(with_rules) == {"lenkungsgruppe", "expertengruppe"}


def test_oe_50_6_belongs_to_fachbereich_soziales(structure):
    unit = Organization.objects.get(short_name="OE 50.6")
    assert unit.name == "Bereich Migration und Integration"
    assert unit.parent.name == "Fachbereich Soziales"


def test_demo_loads_on_top_without_a_person_twice_open_in_one_body(demo):
    doubled = (
        Membership.objects.filter(end_date__isnull=True)
        .values("person", "committee")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert not doubled.exists()
    # Every demo account is a person, demographics only with consent.
    assert Person.objects.filter(user__username__in=DEMO_USERNAMES).count() == 8
    assert not Person.objects.filter(demographics_consent_at__isnull=True).exclude(gender="")
    # The two MSO seats stay empty for the election; Bildung lacks its scientific support.
    assert not Membership.objects.filter(committee__slug="lenkungsgruppe", role=Role.ELECTED_MSO)
    assert not Membership.objects.filter(committee__slug="bildung", role=Role.SCIENTIFIC)
    assert Nomination.objects.filter(committee__slug="bildung").count() >= 3
    assert Membership.objects.filter(replaces__isnull=False, replaces__end_date__isnull=False)
    retreats = Meeting.objects.filter(kind=Meeting.Kind.RETREAT)
    assert retreats.count() == 1
    assert retreats.get().participants.count() == 6
