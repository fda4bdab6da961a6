"""A small LIP process for the progress tests: the consulted bodies, an expert group with a
member, the office, and a draft in stage 1 that services submit, decide and publish."""

import datetime
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.utils import timezone

from etappen.models import ConsultationRequest, Draft, DraftVersion
from etappen.services import SectionData, add_section, return_draft_for_revision, submit_draft
from gremien.models import Committee
from lip.roles import Role
from tests.conftest import user_with_role
from tests.etappen.factories import DraftFactory, ExpertGroupFactory, StageFactory, member_of
from tests.factories import CommitteeFactory

REASON = "Die Lenkungsgruppe tagte vor Fristende."


@dataclass
class Bodies:
    steering: Committee
    council: Committee
    conference: Committee
    round_table: Committee


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def bodies(db) -> Bodies:
    return Bodies(
        steering=CommitteeFactory(name="Lenkungsgruppe", kind=Committee.Kind.STEERING_GROUP),
        council=CommitteeFactory(
            name="Integrationsbeirat Linden-Limmer", kind=Committee.Kind.INTEGRATION_COUNCIL
        ),
        conference=CommitteeFactory(
            name="Delegiertenkonferenz", kind=Committee.Kind.DELEGATES_CONFERENCE
        ),
        round_table=CommitteeFactory(name="Runder Tisch", kind=Committee.Kind.ROUND_TABLE),
    )


@pytest.fixture
def group(db):
    return ExpertGroupFactory(name="Bildung", slug="bildung")


@pytest.fixture
def member(group):
    return member_of(group, username="gruppenmitglied")


@pytest.fixture
def office(db):
    return user_with_role(Role.OFFICE, is_staff=True, username="oe506")


@pytest.fixture
def draft(group, bodies) -> Draft:
    """The group's draft of stage 1 (planned until 2020), in work, with one section."""
    draft = DraftFactory(stage=StageFactory(), committee=group)
    add_section(draft=draft, data=SectionData(heading="Leitbild", text="Vielfalt."), by=None)
    return draft


def submit(draft: Draft, by) -> DraftVersion:
    return submit_draft(draft=draft, by=by)


def send_back(version: DraftVersion, office) -> None:
    return_draft_for_revision(
        version=version,
        decided_on=timezone.localdate(),
        requirements=["Begriffe erklären"],
        pending_override_reason=REASON,
        by=office,
    )


def shift_deadlines(version: DraftVersion, days: int, **filters) -> None:
    """Move the version's deadlines to ``days`` from today (negative: in the past)."""
    ConsultationRequest.objects.filter(version=version, **filters).update(
        deadline=timezone.localdate() + datetime.timedelta(days=days)
    )


def request_of(version: DraftVersion, committee: Committee) -> ConsultationRequest:
    return ConsultationRequest.objects.get(version=version, committee=committee)
