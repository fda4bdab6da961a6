import datetime
from dataclasses import dataclass

import pytest
from django.core.cache import cache

from etappen.models import Draft, DraftVersion
from etappen.services import SectionData, add_section, submit_draft
from gremien.models import Committee
from lip.roles import Role
from tests.conftest import user_with_role
from tests.factories import CommitteeFactory, SeatRuleFactory

from .factories import DraftFactory, ExpertGroupFactory, StageFactory, member_of


@dataclass
class Bodies:
    steering: Committee
    councils: list[Committee]
    conference: Committee
    round_table: Committee
    equality: Committee
    ausschuss: Committee
    council: Committee


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rendered versions are cached by id; ids repeat across tests on SQLite."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def bodies(db) -> Bodies:
    """The bodies a submitted version goes to, and the council side."""
    steering = CommitteeFactory(name="Lenkungsgruppe", slug="lenkungsgruppe", kind="lenkungsgruppe")
    # 5 voting seats: enough to test the vote limit without building the whole scheme.
    SeatRuleFactory(committee=steering, role="mitglied", min_count=1, max_count=5)
    return Bodies(
        steering=steering,
        councils=[
            CommitteeFactory(name=f"Integrationsbeirat {name}", kind="integrationsbeirat")
            for name in ("Mitte", "Linden-Limmer")
        ],
        conference=CommitteeFactory(name="Delegiertenkonferenz", kind="delegiertenkonferenz"),
        round_table=CommitteeFactory(name="Runder Tisch", kind="runder_tisch"),
        equality=CommitteeFactory(name="Gleichstellungsbeauftragte", kind="gleichstellung"),
        ausschuss=CommitteeFactory(name="Internationaler Ausschuss", kind="ausschuss"),
        council=CommitteeFactory(name="Ratsversammlung", kind="rat"),
    )


@pytest.fixture
def group(db):
    return ExpertGroupFactory(name="Bildung", slug="bildung")


@pytest.fixture
def member(group):
    """A current member of the expert group."""
    return member_of(group, username="gruppenmitglied")


@pytest.fixture
def office(db):
    return user_with_role(Role.OFFICE, is_staff=True, username="oe506")


@pytest.fixture
def stage(db):
    return StageFactory()


@pytest.fixture
def draft(stage, group, bodies) -> Draft:
    """A draft in work with two sections."""
    draft = DraftFactory(stage=stage, committee=group)
    add_section(
        draft=draft, data=SectionData(heading="Leitbild", text="Vielfalt ist Stärke."), by=None
    )
    add_section(
        draft=draft,
        data=SectionData(heading="Begriffe", text="Menschen mit internationaler Geschichte."),
        by=None,
    )
    return draft


def submit(draft: Draft, by, **kwargs) -> DraftVersion:
    return submit_draft(draft=draft, by=by, **kwargs)


def yesterday() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate() - datetime.timedelta(days=1)
