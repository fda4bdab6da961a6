"""Demo data of the implementation (``manage.py seed_demo``, never in production): the
catalogue of stage 2 finished in 2020/21 and adopted by the council, its measures tracked, a
year of approved reports with indicator values, two delayed measures, and a comment and a
concern whose Abwägung links to a measure.

Builds on the demo fixtures (drafts 201 and 202 of stage 2, the demo accounts); all persons and
texts are fictional.
"""

import datetime
import uuid
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction

from beteiligung.models import CommentWindow, Concern, Consideration, Contribution
from etappen.models import (
    CouncilConsultation,
    Decision,
    Draft,
    DraftVersion,
    MeasureOutcome,
    Paper,
    SectionKind,
    Stage,
    VersionSection,
)
from gremien.models import Committee, District
from lip.pagecache import ETAPPEN, UMSETZUNG, bump

from .models import AnnualReport, Indicator, IndicatorValue, Measure, Status, StatusReport
from .services import create_measures_from_catalogue

BERLIN = ZoneInfo("Europe/Berlin")
PAPER_NUMBER = "0571/2022"
# Stable keys, so that versions of one draft share their sections (uuid5 of a fixed name).
NAMESPACE = uuid.UUID("5c1f4f64-5a31-4c61-9d4c-2a3f6c0b7e11")


def _at(day: str, time: str = "10:00") -> datetime.datetime:
    return datetime.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=BERLIN)


def _key(name: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, name)


# Draft 201 (Bildung) uses the keys of its first version in the fixtures.
EDUCATION = [
    ("ziel", "4d75496c-e57d-5d2a-a778-0cb5ff4d13be", None, "Bildungsgerechtigkeit", {}),
    (
        "mittlerziel",
        "4522e4ad-56f2-50cf-b7a7-f3d513d73bb4",
        "4d75496c-e57d-5d2a-a778-0cb5ff4d13be",
        "Eltern sind in die Bildungswege ihrer Kinder eingebunden",
        {},
    ),
    (
        "massnahme",
        "61e4483e-53db-5e71-b038-17b7373032f5",
        "4522e4ad-56f2-50cf-b7a7-f3d513d73bb4",
        "Elternlots*innen",
        {
            "text": "Geschulte Elternlots*innen begleiten Familien beim Übergang in Kita "
            "und Schule.",
            "target_group": "Eltern von Kindern im Vorschulalter",
            "responsible_unit": "Fachbereich Schule",
            "time_frame": "2022–2024",
            "indicator": "Zahl der begleiteten Familien je Jahr",
            "measure_kind": "verwaltung",
            "districts": [1, 10],
        },
    ),
    (
        "massnahme",
        "180ec2ba-d3f8-5c7e-93e9-150277dbe431",
        "4522e4ad-56f2-50cf-b7a7-f3d513d73bb4",
        "Mehrsprachige Elterncafés",
        {
            "text": "Elterncafés an Grundschulen mit Dolmetschenden für die häufigsten Sprachen.",
            "target_group": "Eltern an Grundschulen",
            "responsible_unit": "Fachbereich Jugend und Familie",
            "time_frame": "ab 2022",
            "indicator": "Zahl der Elterncafés",
            "measure_kind": "foerderung",
            "districts": [9, 12],
        },
    ),
    (
        "massnahme",
        str(_key("schulsozialarbeit")),
        "4522e4ad-56f2-50cf-b7a7-f3d513d73bb4",
        "Interkulturelle Schulsozialarbeit",
        {
            "text": "Schulsozialarbeit mit interkultureller Kompetenz an zehn Grundschulen.",
            "target_group": "Schüler*innen",
            "responsible_unit": "Fachbereich Soziales",
            "time_frame": "2022–2025",
            "indicator": "Zahl der Schulen mit interkultureller Schulsozialarbeit",
            "measure_kind": "verwaltung",
            "districts": [3, 13],
        },
    ),
    (
        "massnahme",
        "d0338549-3c99-525f-bdcc-b60727addf7e",
        "4522e4ad-56f2-50cf-b7a7-f3d513d73bb4",
        "Herkunftssprachlicher Unterricht",
        {
            "text": "Empfehlung an das Land, den herkunftssprachlichen Unterricht auszubauen.",
            "target_group": "Schüler*innen",
            "responsible_unit": "Büro Oberbürgermeister",
            "time_frame": "offen",
            "indicator": "",
            "measure_kind": "empfehlung",
        },
    ),
]

HEALTH = [
    ("ziel", "ea1d2f27-5ae9-5926-9291-7e7f5d125db6", None, "Gesundheit für alle", {}),
    (
        "mittlerziel",
        str(_key("zugang-gesundheit")),
        "ea1d2f27-5ae9-5926-9291-7e7f5d125db6",
        "Alle finden den Weg zu Beratung und Versorgung",
        {},
    ),
    (
        "massnahme",
        str(_key("gesundheitslotsen")),
        str(_key("zugang-gesundheit")),
        "Gesundheitslots*innen",
        {
            "text": "Ehrenamtliche Gesundheitslots*innen informieren in ihren Sprachen.",
            "target_group": "Neuzugewanderte",
            "responsible_unit": "Fachbereich Soziales",
            "time_frame": "2022–2023",
            "indicator": "Zahl der Informationsveranstaltungen",
            "measure_kind": "verwaltung",
            "districts": [1, 2, 13],
        },
    ),
    (
        "massnahme",
        str(_key("gesundheitsinformationen")),
        str(_key("zugang-gesundheit")),
        "Mehrsprachige Gesundheitsinformationen",
        {
            "text": "Die wichtigsten Informationen zur Gesundheitsversorgung in zehn Sprachen.",
            "target_group": "Neuzugewanderte",
            "responsible_unit": "Fachbereich Soziales",
            "time_frame": "2022",
            "indicator": "Zahl der Sprachen",
            "measure_kind": "verwaltung",
        },
    ),
    (
        "massnahme",
        str(_key("sport-frauen")),
        str(_key("zugang-gesundheit")),
        "Schwimmkurse für Frauen",
        {
            "text": "Schwimmkurse nur für Frauen, mit Kinderbetreuung.",
            "target_group": "Frauen mit internationaler Geschichte",
            "responsible_unit": "Fachbereich Sport und Bäder",
            "time_frame": "2022–2024",
            "indicator": "Teilnehmerinnen je Jahr",
            "measure_kind": "verwaltung",
            "districts": [4, 8],
        },
    ),
]


def _sections(version: DraftVersion, rows, *, skip=()) -> dict[str, VersionSection]:
    made = {}
    districts = {d.number: d for d in District.objects.all()}
    position = 0
    for kind, key, parent, heading, extra in rows:
        if key in skip:
            continue
        position += 1
        extra = dict(extra)
        numbers = extra.pop("districts", [])
        section = VersionSection.objects.create(
            version=version,
            key=key,
            parent_key=parent,
            position=position,
            kind=kind,
            heading=heading,
            **extra,
        )
        section.districts.set([districts[n] for n in numbers if n in districts])
        made[key] = section
    return made


def _version(draft, number, *, by, created, published=None, closed=None, reason=""):
    return DraftVersion.objects.create(
        draft=draft,
        number=number,
        created_at=_at(created),
        created_by=by,
        published_at=_at(published) if published else None,
        closed_at=_at(closed, "18:00") if closed else None,
        closed_reason=reason,
    )


@transaction.atomic
def seed_implementation() -> None:
    """Create the demo catalogue, its adoption and a year of implementation (once)."""
    if Paper.objects.filter(number=PAPER_NUMBER).exists():
        return
    users = {
        u.username: u
        for u in get_user_model().objects.filter(
            username__in=["expertin", "geschaeftsstelle", "dezernat3"]
        )
    }
    expertin, office = users["expertin"], users["geschaeftsstelle"]
    stage = Stage.objects.get(number=2)
    education = Draft.objects.get(stage=stage, committee_id=14)
    health = Draft.objects.get(stage=stage, committee_id=11)
    steering_date = datetime.date(2021, 3, 9)

    # Bildung: version 2 published for comment, version 3 accepted.
    v2 = _version(
        education,
        2,
        by=expertin,
        created="2021-01-11",
        published="2021-01-11",
        closed="2021-02-15",
        reason=DraftVersion.ClosedReason.SUPERSEDED,
    )
    sections_v2 = _sections(v2, EDUCATION, skip={EDUCATION[4][1]})
    CommentWindow.objects.create(
        version=v2,
        opens_at=_at("2021-01-11"),
        closes_at=_at("2021-02-08", "23:59"),
        moderation=CommentWindow.Moderation.POST,
        created_at=_at("2021-01-11"),
        created_by=office,
        closing_recorded_at=_at("2021-02-09", "00:00"),
    )
    v3 = _version(
        education,
        3,
        by=expertin,
        created="2021-02-15",
        closed=steering_date.isoformat(),
        reason=DraftVersion.ClosedReason.ACCEPTED,
    )
    sections_v3 = _sections(v3, EDUCATION)
    # Gesundheit (Soziales): version 1 accepted.
    h1 = _version(
        health,
        1,
        by=expertin,
        created="2021-02-15",
        closed=steering_date.isoformat(),
        reason=DraftVersion.ClosedReason.ACCEPTED,
    )
    _sections(h1, HEALTH)
    for version in (v3, h1):
        decision = Decision.objects.create(
            version=version,
            outcome=Decision.Outcome.ACCEPTED,
            decided_on=steering_date,
            votes_yes=18,
            votes_no=2,
            votes_abstain=2,
            recorded_at=_at("2021-03-09", "18:00"),
            recorded_by=office,
        )
        for section in version.sections.filter(kind=SectionKind.MEASURE):
            outcome = (
                MeasureOutcome.Outcome.RECOMMENDATION
                if section.measure_kind == "empfehlung"
                else MeasureOutcome.Outcome.APPROVED
            )
            MeasureOutcome.objects.create(
                decision=decision, section_key=section.key, outcome=outcome
            )
    Draft.objects.filter(pk__in=[education.pk, health.pk]).update(
        state=Draft.State.ACCEPTED, state_changed_at=_at("2021-03-09", "18:00")
    )

    # The council adopts the catalogue.
    paper = Paper.objects.create(
        number=PAPER_NUMBER,
        title="Lokaler Integrationsplan: Ziel- und Maßnahmenkatalog",
        kind=Paper.Kind.RESOLUTION,
        date=datetime.date(2022, 2, 1),
        stage=stage,
        created_by=office,
        text="Die Ratsversammlung beschließt den Ziel- und Maßnahmenkatalog des LIP.",
    )
    paper.versions.set([v3, h1])
    for position, (committee_id, role, day) in enumerate(
        [
            (50, CouncilConsultation.Role.LEAD, "2022-03-07"),
            (51, CouncilConsultation.Role.DECIDING, "2022-03-24"),
        ],
        start=1,
    ):
        if Committee.objects.filter(pk=committee_id).exists():
            CouncilConsultation.objects.create(
                paper=paper,
                committee_id=committee_id,
                position=position,
                role=role,
                meeting_date=datetime.date.fromisoformat(day),
                result=CouncilConsultation.Result.ADOPTED,
            )

    # The participation that shaped two measures.
    comment = Contribution.objects.create(
        kind=Contribution.Kind.COMMENT,
        version=v2,
        section=sections_v2[EDUCATION[2][1]],
        text="Die Lots*innen sollten auch in Linden-Limmer unterwegs sein, dort leben viele "
        "junge Familien, die neu in Hannover sind.",
        author_name="Mutter aus Linden",
        email="mutter.linden@example.org",
        consent_at=_at("2021-01-20", "20:15"),
        consent_version="2020-01",
        status=Contribution.Status.PUBLISHED,
        confirmed_at=_at("2021-01-20", "20:16"),
        published_at=_at("2021-01-20", "20:16"),
        created_at=_at("2021-01-20", "20:15"),
    )
    Consideration.objects.create(
        contribution=comment,
        committee_id=14,
        outcome=Consideration.Outcome.CONSIDERED,
        reason="Die Maßnahme nennt jetzt ausdrücklich den Stadtbezirk Linden-Limmer.",
        later_section=sections_v3[EDUCATION[2][1]],
        answered_by=expertin,
        answered_at=_at("2021-02-12"),
    )
    concern = Concern.objects.create(
        topic_id=14,
        source=Concern.Source.EVENT,
        status=Concern.Status.ROUTED,
        text="Elternabende brauchen Dolmetschende, sonst bleiben viele Eltern weg.",
        confirmed_at=_at("2021-01-25"),
        created_at=_at("2021-01-25"),
        entered_by=office,
        routed_to_id=14,
        routed_at=_at("2021-01-26"),
        routed_by=office,
    )
    Consideration.objects.create(
        concern=concern,
        committee_id=14,
        outcome=Consideration.Outcome.PARTLY_CONSIDERED,
        reason="Die Elterncafés werden mit Dolmetschenden angeboten; Elternabende regelt das Land.",
        later_section=sections_v3[EDUCATION[3][1]],
        answered_by=expertin,
        answered_at=_at("2021-02-12"),
    )

    # Tracking, a year of reports, indicator values, two delays.
    create_measures_from_catalogue(by=office)
    measures = {m.title: m for m in Measure.objects.all()}
    money = {
        "Elternlots*innen": (Decimal("120000"), "Haushalt Fachbereich Schule; Landesprogramm"),
        "Mehrsprachige Elterncafés": (Decimal("45000"), "Zuwendungen an Vereine"),
        "Interkulturelle Schulsozialarbeit": (Decimal("380000"), "Haushalt der Stadt"),
        "Gesundheitslots*innen": (Decimal("60000"), "Förderprogramm des Landes"),
        "Mehrsprachige Gesundheitsinformationen": (Decimal("15000"), "Haushalt der Stadt"),
        "Schwimmkurse für Frauen": (Decimal("30000"), "Haushalt Fachbereich Sport und Bäder"),
    }
    for title, (cost, source) in money.items():
        if title in measures:
            Measure.objects.filter(pk=measures[title].pk).update(
                cost_estimate=cost,
                funding_source=source,
                partners="Migrant*innenorganisationen, Stadtteilzentren",
            )
    AnnualReport.objects.create(
        year=2022,
        due_on=datetime.date(2022, 11, 30),
        issued_at=_at("2022-12-12"),
        issued_by=office,
        snapshot={str(m.pk): Status.PLANNED for m in measures.values()},
    )
    AnnualReport.objects.create(year=2023, due_on=datetime.date(2023, 11, 30))
    plan = [
        # title, date, status, reason, text
        (
            "Elternlots*innen",
            "2023-03-31",
            Status.STARTED,
            "",
            "Zwölf Elternlots*innen sind geschult und begleiten die ersten Familien.",
        ),
        (
            "Elternlots*innen",
            "2023-09-30",
            Status.STARTED,
            "",
            "Das Angebot läuft in Mitte und Linden-Limmer; 85 Familien wurden begleitet.",
        ),
        (
            "Mehrsprachige Elterncafés",
            "2023-06-30",
            Status.DELAYED,
            "Es fehlen Dolmetschende für Arabisch und Dari; die Ausschreibung läuft erneut.",
            "Zwei von sechs geplanten Elterncafés haben begonnen.",
        ),
        (
            "Interkulturelle Schulsozialarbeit",
            "2023-08-31",
            Status.STARTED,
            "",
            "Vier Stellen sind besetzt, sechs weitere werden 2024 besetzt.",
        ),
        (
            "Gesundheitslots*innen",
            "2023-10-31",
            Status.DONE,
            "",
            "Die Lots*innen haben 40 Informationsabende in acht Sprachen gehalten.",
        ),
        (
            "Mehrsprachige Gesundheitsinformationen",
            "2023-05-31",
            Status.DONE,
            "",
            "Die Broschüre liegt in zehn Sprachen vor und ist online abrufbar.",
        ),
        (
            "Schwimmkurse für Frauen",
            "2023-07-31",
            Status.DELAYED,
            "Das Stadionbad ist wegen Sanierung bis Mitte 2024 geschlossen.",
            "Die Kurse beginnen nach der Sanierung; eine Warteliste ist eingerichtet.",
        ),
    ]
    for title, day, status, reason, text in plan:
        measure = measures.get(title)
        if measure is None:
            continue
        StatusReport.objects.create(
            measure=measure,
            reported_on=datetime.date.fromisoformat(day),
            text=text,
            proposed_status=status,
            proposed_reason=reason,
            state=StatusReport.State.APPROVED,
            written_by=office,
            unit=measure.responsible_unit,
            submitted_at=_at(day),
            decided_at=_at(day, "16:00"),
            decided_by=office,
        )
        Measure.objects.filter(pk=measure.pk).update(
            status=status, status_reason=reason, status_changed_at=_at(day, "16:00")
        )
    # One report waits for approval (the office's queue is not empty in the demo).
    if "Interkulturelle Schulsozialarbeit" in measures:
        StatusReport.objects.create(
            measure=measures["Interkulturelle Schulsozialarbeit"],
            reported_on=datetime.date(2023, 11, 15),
            state=StatusReport.State.SUBMITTED,
            text="Zwei weitere Stellen sind besetzt.",
            proposed_status=Status.STARTED,
            written_by=users.get("dezernat3", office),
            submitted_at=_at("2023-11-15"),
            unit=measures["Interkulturelle Schulsozialarbeit"].responsible_unit,
        )
    series = {
        "Elternlots*innen": (
            "Familien",
            "0",
            "200",
            [
                ("2022-12-31", "12"),
                ("2023-03-31", "30"),
                ("2023-06-30", "61"),
                ("2023-09-30", "85"),
            ],
        ),
        "Schwimmkurse für Frauen": (
            "Teilnehmerinnen",
            "0",
            "120",
            [("2022-12-31", "0"), ("2023-06-30", "0")],
        ),
        "Gesundheitslots*innen": (
            "Veranstaltungen",
            "0",
            "36",
            [("2023-03-31", "9"), ("2023-06-30", "22"), ("2023-10-31", "40")],
        ),
    }
    for title, (unit, baseline, target, values) in series.items():
        measure = measures.get(title)
        indicator = Indicator.objects.filter(measure=measure).first() if measure else None
        if indicator is None:
            continue
        Indicator.objects.filter(pk=indicator.pk).update(
            unit=unit, baseline=Decimal(baseline), target=Decimal(target)
        )
        for day, value in values:
            IndicatorValue.objects.create(
                indicator=indicator,
                date=datetime.date.fromisoformat(day),
                value=Decimal(value),
                recorded_by=office,
                recorded_at=_at(day),
            )
    bump(ETAPPEN, UMSETZUNG)  # update() sends no signal (lip/pagecache.py)
