import datetime
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from etappen.models import CouncilConsultation, DraftVersion, Paper
from gremien.models import AgendaItem, Committee, Meeting, Membership, Minutes, Person
from lip.attachments.services import attach
from tests.etappen.factories import DraftFactory, DraftVersionFactory, StageFactory
from tests.factories import CommitteeFactory, MembershipFactory, PersonFactory

# Words that only unpublished or non-consented records contain: none may reach the API.
SECRETS = (
    "Geheimvorname",
    "Geheimnachname",
    "Geheime Sitzung",
    "Geheimer Ort",
    "Geheimer Tagesordnungspunkt",
    "Geheimes Protokoll",
    "Protokollentwurf",
    "geheim@example.org",
    "0511 999999",
    "Geheime Unterlage",
    "Geheimer Protokollanhang",
)

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def upload(obj, name: str):
    """Attach a small PDF to a meeting or to minutes, as the services do."""
    return attach(
        obj=obj,
        uploaded_file=SimpleUploadedFile(name, PDF, content_type="application/pdf"),
        by=None,
    )


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Answers are cached by path; ids repeat across tests on SQLite. test_cache.py turns it on."""
    settings.PAGE_CACHE_ENABLED = False


@dataclass
class World:
    steering: Committee
    group: Committee
    ausschuss: Committee
    listed: Person
    unlisted: Person
    listed_membership: Membership
    unlisted_membership: Membership
    public_meeting: Meeting
    minutes_meeting: Meeting
    internal_meeting: Meeting
    published_minutes: Minutes
    internal_minutes: Minutes
    draft_minutes: Minutes
    published_version: DraftVersion
    unpublished_version: DraftVersion
    paper: Paper
    consultations: list[CouncilConsultation]


def make_world(
    *, copies: int = 1, tag: str = "", first_number: int = 2472, staged: bool = True
) -> World:
    """Everything the API shows, and beside it everything it must never show.

    ``copies`` repeats the public part (for the query counts of large lists).
    """
    now = timezone.now()
    stage = StageFactory()
    steering = CommitteeFactory(name=f"Lenkungsgruppe{tag}", kind="lenkungsgruppe")
    group = CommitteeFactory(
        name=f"Bildung{tag}", kind="expertengruppe", reports_to=steering, topic_field="Bildung"
    )
    ausschuss = CommitteeFactory(name=f"Internationaler Ausschuss{tag}", kind="ausschuss")
    council = CommitteeFactory(name=f"Ratsversammlung{tag}", kind="rat")
    unlisted = PersonFactory(
        given_name="Geheimvorname",
        family_name="Geheimnachname",
        email="geheim@example.org",
        phone="0511 999999",
        listed_publicly=False,
    )
    unlisted_membership = MembershipFactory(person=unlisted, committee=group, role="intern")
    draft = DraftFactory(stage=stage, committee=group)
    published_version = DraftVersionFactory(draft=draft, number=1, published_at=now)
    unpublished_version = DraftVersionFactory(draft=draft, number=2)
    internal_meeting = Meeting.objects.create(
        committee=group,
        title="Geheime Sitzung",
        start=now - datetime.timedelta(days=3),
        location="Geheimer Ort",
    )
    AgendaItem.objects.create(
        meeting=internal_meeting, position=1, title="Geheimer Tagesordnungspunkt"
    )
    internal_minutes = Minutes.objects.create(
        meeting=internal_meeting, text="Geheimes Protokoll", status=Minutes.Status.INTERNAL
    )
    upload(internal_meeting, "Geheime Unterlage.pdf")
    paper = None
    for copy in range(copies):
        listed = PersonFactory(email="person@example.org", phone="0511 123456")
        listed_membership = MembershipFactory(
            person=listed, committee=group, role="extern", is_chair=copy == 0
        )
        MembershipFactory(
            person=listed,
            committee=steering,
            start_date=datetime.date(2019, 1, 1),
            end_date=datetime.date(2019, 12, 31),
            has_vote=False,
        )
        public_meeting = Meeting.objects.create(
            committee=group,
            title=f"Öffentliche Sitzung {copy}",
            start=now - datetime.timedelta(days=2),
            end=now - datetime.timedelta(days=2, hours=-2),
            location="Neues Rathaus, Hodlersaal",
            is_public=True,
        )
        public_meeting.participants.add(ausschuss)
        AgendaItem.objects.create(
            meeting=public_meeting, position=1, title="Begrüßung", version=published_version
        )
        AgendaItem.objects.create(
            meeting=public_meeting, position=2, title="Entwurf", version=unpublished_version
        )
        draft_minutes = Minutes.objects.create(
            meeting=public_meeting, text="Protokollentwurf", status=Minutes.Status.DRAFT
        )
        upload(public_meeting, "Präsentation.pdf")
        upload(draft_minutes, "Geheimer Protokollanhang.pdf")
        minutes_meeting = Meeting.objects.create(
            committee=steering,
            title=f"Sitzung mit Protokoll {copy}",
            start=now - datetime.timedelta(days=1),
            status=Meeting.Status.HELD,
        )
        published_minutes = Minutes.objects.create(
            meeting=minutes_meeting,
            text="Die Lenkungsgruppe hat beraten.",
            status=Minutes.Status.PUBLISHED,
            published_at=now,
        )
        upload(published_minutes, "Protokoll unterschrieben.pdf")
        paper = Paper.objects.create(
            number=f"{first_number + copy:04d}/2019",
            title="Lokaler Integrationsplan",
            kind=Paper.Kind.RESOLUTION,
            date=datetime.date(2019, 11, 7),
            stage=stage if copy == 0 and staged else None,
        )
        paper.versions.add(published_version, unpublished_version)
        consultations = [
            CouncilConsultation.objects.create(
                paper=paper, committee=ausschuss, position=1, role="federfuehrend"
            ),
            CouncilConsultation.objects.create(
                paper=paper, committee=council, position=2, role="entscheidend"
            ),
        ]
    return World(
        steering=steering,
        group=group,
        ausschuss=ausschuss,
        listed=listed,
        unlisted=unlisted,
        listed_membership=listed_membership,
        unlisted_membership=unlisted_membership,
        public_meeting=public_meeting,
        minutes_meeting=minutes_meeting,
        internal_meeting=internal_meeting,
        published_minutes=published_minutes,
        internal_minutes=internal_minutes,
        draft_minutes=draft_minutes,
        published_version=published_version,
        unpublished_version=unpublished_version,
        paper=paper,
        consultations=consultations,
    )


@pytest.fixture
def world(db) -> World:
    return make_world()
