"""The adopted catalogue as the tests need it: stage 2, an accepted version with goal,
intermediate goal and measures, a decision, and a council paper the Ratsversammlung adopted."""

import datetime
import uuid
from dataclasses import dataclass, field

from django.utils import timezone

from etappen.models import CouncilConsultation, Decision, DraftVersion, Paper, VersionSection
from tests.etappen.factories import (
    CatalogueStageFactory,
    DraftFactory,
    DraftVersionFactory,
    ExpertGroupFactory,
)
from tests.factories import CommitteeFactory, OrganizationFactory, UserFactory


@dataclass
class Catalogue:
    paper: Paper
    version: DraftVersion
    first_version: DraftVersion
    goal: VersionSection
    intermediate: VersionSection
    measures: list[VersionSection] = field(default_factory=list)


def _section(version, position, kind, heading, parent=None, key=None, **extra):
    return VersionSection.objects.create(
        version=version,
        key=key or uuid.uuid4(),
        position=position,
        kind=kind,
        heading=heading,
        parent_key=parent.key if parent is not None else None,
        **extra,
    )


def adopted_catalogue(
    *,
    measures: int = 2,
    unit_name: str = "Fachbereich Schule",
    result: str = CouncilConsultation.Result.ADOPTED,
    published: bool = False,
    number: str = "0571/2022",
) -> Catalogue:
    """A catalogue with ``measures`` measures whose unit text is ``unit_name``; version 1 has the
    first measure only, version 2 (accepted, in the paper) all of them."""
    stage = CatalogueStageFactory()
    group = ExpertGroupFactory(name=f"Bildung {uuid.uuid4().hex[:6]}")
    draft = DraftFactory(stage=stage, committee=group, state="angenommen")
    author = UserFactory()
    now = timezone.now() if published else None
    first = DraftVersionFactory(draft=draft, number=1, created_by=author, published_at=now)
    version = DraftVersionFactory(draft=draft, number=2, created_by=author, published_at=now)
    keys = [uuid.uuid4() for _ in range(measures)]
    goal1 = _section(first, 1, "ziel", "Bildungsgerechtigkeit")
    inter1 = _section(first, 2, "mittlerziel", "Eltern sind eingebunden", parent=goal1)
    _section(first, 3, "massnahme", "Elternlots*innen (Entwurf)", parent=inter1, key=keys[0])
    goal = _section(version, 1, "ziel", "Bildungsgerechtigkeit", key=goal1.key)
    intermediate = _section(
        version, 2, "mittlerziel", "Eltern sind eingebunden", parent=goal, key=inter1.key
    )
    sections = [
        _section(
            version,
            3 + i,
            "massnahme",
            f"Maßnahme {i + 1}" if i else "Elternlots*innen",
            parent=intermediate,
            key=keys[i],
            target_group="Eltern" if i % 2 == 0 else "Schüler*innen",
            responsible_unit=unit_name,
            time_frame="2022–2024",
            indicator="Zahl der begleiteten Familien" if i == 0 else "",
        )
        for i in range(measures)
    ]
    Decision.objects.create(
        version=version,
        outcome=Decision.Outcome.ACCEPTED,
        decided_on=datetime.date(2021, 3, 9),
        recorded_by=author,
    )
    # One council paper per stage: a further group's catalogue joins the existing paper.
    paper = Paper.objects.filter(stage=stage).first()
    if paper is not None:
        paper.versions.add(version)
    else:
        paper = Paper.objects.create(
            number=number,
            title="Ziel- und Maßnahmenkatalog",
            kind="beschlussdrucksache",
            stage=stage,
        )
        paper.versions.set([version])
        council = CommitteeFactory(
            kind="rat", name="Ratsversammlung", slug=f"rat-{uuid.uuid4().hex[:6]}"
        )
        CouncilConsultation.objects.create(
            paper=paper,
            committee=council,
            position=1,
            role=CouncilConsultation.Role.DECIDING,
            meeting_date=datetime.date(2022, 3, 24),
            result=result,
        )
    return Catalogue(
        paper=paper,
        version=version,
        first_version=first,
        goal=goal,
        intermediate=intermediate,
        measures=sections,
    )


def unit(name: str = "Fachbereich Schule", parent=None):
    return OrganizationFactory(name=name, kind="fachbereich", parent=parent)
