"""The organisation and process diagrams and the timeline: everything from the data.

Infografik 1 and 2 of the council document, drawn as HTML (fortschritt/diagrams/). No body's
name and no count lives in a template or a sentence: changing the data changes the picture.
"""

import datetime
import re

import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from beteiligung.models import Concern, Consideration
from etappen.models import CouncilConsultation, Decision, Draft, Paper, Stage
from fortschritt import diagrams
from fortschritt.progress import stage_progress
from gremien.models import Committee, Meeting, Role, SeatRule
from tests.beteiligung.factories import (
    CommentFactory,
    CommentWindowFactory,
    ConcernFactory,
    EventFactory,
    PublishedVersionFactory,
    SuggestionFactory,
)
from tests.etappen.factories import CatalogueStageFactory, DraftFactory, StageFactory
from tests.factories import (
    CommitteeFactory,
    DepartmentFactory,
    ExpertGroupFactory,
    MembershipFactory,
    PersonFactory,
    SeatRuleFactory,
    UserFactory,
)
from tests.wahlen.factories import ElectionFactory

pytestmark = pytest.mark.django_db

# Both diagrams together, whatever the number of bodies, drafts, events and contributions:
# organisation 8 (seats, chair, leads, office, election, retreats, contributions, concerns),
# process 6 (events, versions, comment windows, decisions, papers and their council steps).
DIAGRAM_QUERIES = 14


@pytest.fixture(autouse=True)
def _german():
    with translation.override("de"):
        yield


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def render(diagram) -> str:
    context = {"diagram": diagram, "id": "d", "title": "Schaubild"}
    return text_of(render_to_string("fortschritt/_diagram.html", context))


def organisation() -> str:
    return render(diagrams.organisation_diagram(list(Committee.objects.all())))


def process() -> str:
    committees = list(Committee.objects.all())
    return render(diagrams.process_diagram(stage_progress(), committees))


@pytest.fixture
def steering():
    """A steering group with the document's kinds of seats, in small numbers."""
    group = CommitteeFactory(name="Lenkungsgruppe", slug="lg", kind=Committee.Kind.STEERING_GROUP)
    chair = SeatRuleFactory(
        committee=group,
        role=Role.CHAIR,
        organization=DepartmentFactory(name="Dezernat III", short_name="Dez. III"),
        label="Vorsitz (Dezernentin Dez. III)",
        position=1,
    )
    for position in range(2, 5):
        SeatRuleFactory(
            committee=group,
            role=Role.DIVISION_HEAD,
            organization=DepartmentFactory(kind="fachbereich", name=f"Fachbereich {position}"),
            position=position,
            shares_vote_with=chair if position == 2 else None,
        )
    for position in (10, 11):
        SeatRuleFactory(
            committee=group,
            role=Role.UMBRELLA_REPRESENTATIVE,
            organization=DepartmentFactory(kind="dachorganisation", name=f"Dach {position}"),
            position=position,
        )
    SeatRuleFactory(committee=group, role=Role.ELECTED_MSO, min_count=2, max_count=2, position=20)
    return group


def test_organisation_names_chair_and_seat_groups_from_the_seat_rules(steering):
    text = organisation()

    assert "Vorsitz: Dezernat III" in text
    assert "3 Fachbereichsleitungen" in text
    assert "2 Dachorganisationen" in text
    assert "2 gewählte Vertreter*innen der Migrant*innenorganisationen" in text
    assert (
        "Fachbereich 2: eine gemeinsame Stimme mit Vorsitz (Dezernentin Dez. III), "
        "nimmt die Vertretung wahr" in text
    )

    # Change the scheme: the diagram follows.
    chair = SeatRule.objects.get(role=Role.CHAIR)
    chair.organization.name = "Dezernat II"
    chair.organization.save()
    SeatRuleFactory(committee=steering, role=Role.DIVISION_HEAD, position=5)
    text = organisation()

    assert "Vorsitz: Dezernat II" in text and "Vorsitz: Dezernat III" not in text
    assert "4 Fachbereichsleitungen" in text and "3 Fachbereichsleitungen" not in text


def test_the_chair_is_named_only_with_consent(steering):
    person = PersonFactory(given_name="Konstanze", family_name="Beispiel", listed_publicly=True)
    MembershipFactory(committee=steering, person=person, role=Role.CHAIR)

    assert "Vorsitz: Dezernat III (Konstanze Beispiel)" in organisation()

    person.listed_publicly = False
    person.save()
    assert "Konstanze" not in organisation()


def test_organisation_shows_votes_filled_from_the_staffing_report(steering):
    diagram = diagrams.organisation_diagram(list(Committee.objects.all()), votes=(5, 9))

    assert "5 von 9 Stimmen besetzt" in render(diagram)


def test_each_expert_group_shows_its_lead_departments():
    third = DepartmentFactory(name="Dezernat III", short_name="Dez. III")
    sixth = DepartmentFactory(name="Dezernat VI", short_name="Dez. VI")
    city_life = ExpertGroupFactory(name="Stadtleben und Kultur")
    city_life.lead_departments.set([third, sixth])
    ExpertGroupFactory(name="Bildung").lead_departments.set(
        [DepartmentFactory(short_name="Dez. IV")]
    )

    text = organisation()

    assert "Stadtleben und Kultur Federführung: Dez. III, Dez. VI" in text
    assert "Bildung Federführung: Dez. IV" in text


def test_the_mso_election_elects_the_seats_of_its_rule(steering):
    assert "noch nicht angesetzt" in organisation()
    assert "Migrant*innenorganisationen wählen 2 Mitglieder" in organisation()

    ElectionFactory(
        committee=steering, title="MSO-Wahl 2020", voting_date=datetime.date(2020, 1, 11)
    )
    SeatRule.objects.filter(role=Role.ELECTED_MSO).update(max_count=3)
    text = organisation()

    assert "MSO-Wahl 2020" in text
    assert "Wahltag: 11. Januar 2020" in text
    assert "Migrant*innenorganisationen wählen 3 Mitglieder" in text
    assert "1. Wahlgang: die 4 Bestplatzierten gehen in die Stichwahl" in text


def test_retreats_are_counted_and_only_public_dates_shown():
    committee = CommitteeFactory(name="Internationaler Ausschuss", kind=Committee.Kind.COMMITTEE)
    start = timezone.make_aware(datetime.datetime(2020, 2, 29, 10))
    for status, is_public, days in (
        (Meeting.Status.HELD, True, 0),
        (Meeting.Status.PLANNED, False, 200),
        (Meeting.Status.CANCELLED, True, 100),
    ):
        Meeting.objects.create(
            committee=committee,
            kind=Meeting.Kind.RETREAT,
            title="Klausurtagung",
            start=start + datetime.timedelta(days=days),
            status=status,
            is_public=is_public,
        )

    text = organisation()

    assert "Klausurtagungen Internationaler Ausschuss mit den Expert*innengruppen" in text
    assert "1 stattgefunden, 1 geplant; vorgesehen sind mindestens 2" in text
    assert "29. Februar 2020" in text
    assert "16. September 2020" not in text  # internal retreat: counted, date not shown


def _answer(user, **target):
    group = target.pop("group")
    Consideration.objects.create(
        committee=group,
        outcome="beruecksichtigt",
        reason="Aufgenommen.",
        answered_by=user,
        **target,
    )


def test_answered_contributions_are_counted_per_expert_group():
    group = ExpertGroupFactory(name="Bildung")
    other = ExpertGroupFactory(name="Wirtschaft")
    version = PublishedVersionFactory(draft=DraftFactory(committee=group, state="eingereicht"))
    user = UserFactory()
    comments = [CommentFactory(version=version) for _ in range(3)]
    CommentFactory(version=version, status="zu_pruefen")  # not yet published: not counted
    suggestion = SuggestionFactory(committee=group)
    ConcernFactory(status=Concern.Status.ROUTED, routed_to=group)
    for comment in comments[:2]:
        _answer(user, group=group, contribution=comment)
    _answer(user, group=group, contribution=suggestion)

    text = organisation()

    assert "Bildung 3 von 5 Beiträgen beantwortet" in text
    assert "Wirtschaft noch keine Beiträge" in text
    assert "5 Beiträge, davon 3 beantwortet" in text  # the public's box
    assert other.name in text


def test_process_shows_stage_dates_events_and_the_council_steps():
    first = StageFactory(actual_start=datetime.date(2020, 1, 17))
    second = CatalogueStageFactory()
    EventFactory(
        title="Auftakt im Haus der Jugend",
        kind="auftakt",
        stage=first,
        starts_on=datetime.date(2020, 1, 17),
        ends_on=datetime.date(2020, 1, 18),
    )
    EventFactory(title="Podium Grundlagenpapier", stage=first, starts_on=datetime.date(2020, 11, 5))
    ausschuss = CommitteeFactory(name="Internationaler Ausschuss", kind=Committee.Kind.COMMITTEE)
    verwaltung = CommitteeFactory(name="Verwaltungsausschuss", kind=Committee.Kind.COMMITTEE)
    rat = CommitteeFactory(name="Ratsversammlung", kind=Committee.Kind.COUNCIL)
    paper = Paper.objects.create(
        number="0108/2021", title="Strategiepapier", kind="beschlussdrucksache", stage=first
    )
    for position, (body, date) in enumerate(
        [
            (ausschuss, datetime.date(2021, 2, 8)),
            (verwaltung, datetime.date(2021, 2, 18)),
            (rat, datetime.date(2021, 2, 25)),
        ],
        start=1,
    ):
        CouncilConsultation.objects.create(
            paper=paper,
            committee=body,
            position=position,
            role="beratend",
            meeting_date=date,
            result="beschlossen",
        )

    text = process()

    assert "Etappe 1: Grundlagenpapier" in text
    assert "geplant: 1. Januar 2020 – 31. März 2020" in text
    assert "läuft seit 17. Januar 2020" in text
    assert "geplant: 1. April 2020 – 31. Dezember 2020" in text
    assert "Auftaktveranstaltung" in text
    assert "Auftakt im Haus der Jugend: 17. Januar 2020 – 18. Januar 2020" in text
    assert "Podium Grundlagenpapier: 5. November 2020" in text
    assert "Drucksache 0108/2021" in text
    assert "Internationaler Ausschuss, 8. Februar 2021, beschlossen" in text
    assert "Verwaltungsausschuss, 18. Februar 2021, beschlossen" in text
    assert "Ratsversammlung, 25. Februar 2021, beschlossen" in text
    # Stage 2 has no paper yet: the bodies it will pass and the planned month.
    assert text.count("Podiumsdiskussion") == 2 and "Termin folgt" in text
    assert "geplant für Februar 2021 Internationaler Ausschuss Verwaltungsausschuss" in text
    assert second.name in text


def test_process_shows_consultation_and_decisions_of_the_stage():
    stage = StageFactory()
    CommitteeFactory(name="Lenkungsgruppe", kind=Committee.Kind.STEERING_GROUP)
    CommitteeFactory(name="Runder Tisch", kind=Committee.Kind.ROUND_TABLE)
    window = CommentWindowFactory(
        version=PublishedVersionFactory(draft=DraftFactory(stage=stage, state="angenommen")),
        opens_at=timezone.make_aware(datetime.datetime(2020, 3, 2, 9)),
        closes_at=timezone.make_aware(datetime.datetime(2020, 3, 30, 18)),
    )
    DraftFactory(stage=stage, state="zur_ueberarbeitung")
    for outcome, day in (("zur_ueberarbeitung", 5), ("angenommen", 12)):
        Decision.objects.create(
            version=PublishedVersionFactory(draft=window.version.draft)
            if outcome == "zur_ueberarbeitung"
            else window.version,
            outcome=outcome,
            decided_on=datetime.date(2020, 5, day),
            recorded_by=UserFactory(),
        )

    text = process()

    assert "Lenkungsgruppe entscheidet" in text
    assert "1 von 2 Entwürfen angenommen" in text
    assert "1-mal mit Vorgaben zurückgegeben" in text
    assert "letzter Beschluss am 12. Mai 2020" in text
    assert "Online-Kommentare: 2. März 2020 – 30. März 2020" in text
    assert "Runder Tisch" in text
    assert "zur Überarbeitung: 1" in text


def test_renaming_a_committee_changes_both_diagrams(steering):
    StageFactory()
    CommitteeFactory(name="Internationaler Ausschuss", kind=Committee.Kind.COMMITTEE)
    group = ExpertGroupFactory(name="Stadtverwaltung und Diversität")
    before = organisation() + process()
    assert "Stadtverwaltung und Diversität" in before

    Committee.objects.filter(pk=steering.pk).update(name="Steuerungskreis")
    Committee.objects.filter(kind=Committee.Kind.COMMITTEE).update(name="Integrationsausschuss")
    Committee.objects.filter(pk=group.pk).update(name="Stadtverwaltung und interkulturelle Öffnung")
    after = organisation() + process()

    assert "Lenkungsgruppe" not in after and "Steuerungskreis entscheidet" in after
    assert "Internationaler Ausschuss" not in after and "Integrationsausschuss" in after
    assert "Stadtverwaltung und Diversität" not in after
    assert "Stadtverwaltung und interkulturelle Öffnung" in after


def _process_data(size: int) -> None:
    """Bodies, drafts, versions, decisions, events, retreats, contributions and a paper."""
    first, second = StageFactory(), CatalogueStageFactory()
    committee = CommitteeFactory(kind=Committee.Kind.COMMITTEE)
    paper = Paper.objects.create(number=f"{size:04d}/2021", title="LIP", kind="antrag", stage=first)
    CouncilConsultation.objects.create(
        paper=paper, committee=committee, position=1, role="beratend"
    )
    user = UserFactory()
    for index in range(size):
        group = ExpertGroupFactory()
        group.lead_departments.set([DepartmentFactory()])
        version = PublishedVersionFactory(draft=DraftFactory(stage=first, committee=group))
        CommentWindowFactory(version=version)
        Decision.objects.create(
            version=version, outcome="angenommen", decided_on=first.planned_end, recorded_by=user
        )
        DraftFactory(stage=second, committee=group, state=Draft.State.IN_WORK)
        comment = CommentFactory(version=version)
        _answer(user, group=group, contribution=comment)
        EventFactory(stage=second if index % 2 else first)
        Meeting.objects.create(
            committee=committee,
            kind=Meeting.Kind.RETREAT,
            title=f"Klausur {index}",
            start=timezone.now() + datetime.timedelta(days=index),
        )
        CommitteeFactory(kind=Committee.Kind.INTEGRATION_COUNCIL)


@pytest.mark.parametrize("size", [2, 12])
def test_both_diagrams_run_a_fixed_number_of_queries(size, django_assert_num_queries):
    _process_data(size)
    ElectionFactory()
    committees = list(Committee.objects.all())
    stages = stage_progress()

    with django_assert_num_queries(DIAGRAM_QUERIES):
        organisation_diagram = diagrams.organisation_diagram(committees, votes=(1, 2))
        process_diagram = diagrams.process_diagram(stages, committees)
    with django_assert_num_queries(0):
        render(organisation_diagram)
        render(process_diagram)
        diagrams.timeline(stages, timezone.localdate())

    assert len(process_diagram.stages) == 2
    groups = [
        box for tier in organisation_diagram.tiers for box in tier.boxes if box.kind == "group"
    ]
    assert len(groups) == size


def test_timeline_places_the_stages_on_one_axis():
    StageFactory(actual_start=datetime.date(2020, 1, 17), actual_end=datetime.date(2020, 11, 30))
    CatalogueStageFactory()  # planned April–December 2020, council February 2021

    line = diagrams.timeline(stage_progress(), today=datetime.date(2020, 6, 1))

    first, second = line.rows
    assert first.planned.x == "0.00%"  # the axis starts with the first planned month
    assert first.actual is not None and not first.ongoing
    assert "tatsächlich: 17. Januar 2020 – 30. November 2020" in first.lines
    assert second.actual is None and "noch nicht begonnen" in second.lines
    assert "an den Rat: geplant für Februar 2021" in second.lines
    assert second.council_x and float(second.council_x.rstrip("%")) > 90
    assert [tick.label for tick in line.ticks] == ["2020", "2021"]
    assert line.today_x and "," not in line.today_x  # a CSS/SVG number, never localised


def test_timeline_marks_a_stage_behind_plan_and_leaves_out_a_far_today():
    StageFactory()  # planned until March 2020, nothing started, no drafts

    line = diagrams.timeline(stage_progress(), today=datetime.date(2024, 6, 1))

    assert line.rows[0].status == "behind"
    assert "hinter dem Plan" in line.rows[0].lines
    assert line.today_x == ""  # years after the plan: no line squeezing the axis


def test_timeline_needs_stages():
    assert diagrams.timeline([], timezone.localdate()) is None
    assert not Stage.objects.exists()
