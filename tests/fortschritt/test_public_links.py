"""The feed and /fortschritt/ never link public readers to internal pages such as a draft's page.

A public step about a draft leads them to the version's public reading page (beteiligung) once
it is published, else to the stage; internal readers keep the stored link.
"""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from etappen.models import ConsultationRequest, DraftVersion, Requirement
from etappen.services import (
    SectionData,
    accept_draft,
    add_section,
    file_statement,
    return_draft_for_revision,
    submit_draft,
)
from fortschritt.progress import stage_progress
from lip import pagecache
from lip.events import record_event
from lip.roles import Role
from tests.conftest import user_with_role
from tests.etappen.factories import DraftFactory, DraftVersionFactory, StageFactory
from tests.factories import CommitteeFactory

pytestmark = pytest.mark.django_db

INTERNAL = "/etappen/entwurf/"


@pytest.fixture
def office(db):
    return user_with_role(Role.OFFICE)


@pytest.fixture
def draft(db):
    draft = DraftFactory(stage=StageFactory())
    add_section(draft=draft, data=SectionData(heading="Leitlinien", text="Text"), by=None)
    return draft


def public_pages(client) -> list[str]:
    return [
        client.get(reverse("progress")).content.decode(),
        client.get(reverse("progress-feed")).content.decode(),
    ]


def test_steps_of_the_workflow_link_no_internal_page(client, draft, office):
    first = submit_draft(draft=draft, by=office)
    return_draft_for_revision(
        pending_override_reason="Die Lenkungsgruppe tagte vor Fristende.",
        version=first,
        decided_on=timezone.localdate(),
        requirements=["x"],
        by=office,
    )
    second = submit_draft(draft=draft, by=office)
    accept_draft(
        pending_override_reason="Die Lenkungsgruppe tagte vor Fristende.",
        version=second,
        decided_on=timezone.localdate(),
        requirement_settlements={
            requirement.pk: Requirement.Settlement.FULFILLED
            for requirement in Requirement.objects.open_for(draft)
        },
        by=office,
    )

    for page in public_pages(client):
        assert INTERNAL not in page
        assert reverse("etappen:version-detail", kwargs={"pk": first.pk}) not in page
        assert draft.stage.get_absolute_url() in page


def test_an_old_link_to_a_draft_page_leads_to_the_published_version(client, draft, office):
    """Rows written before the services linked public pages (or by hand) are mapped too."""
    version = submit_draft(draft=draft, by=office)
    record_event(
        kind="draft_submitted",
        summary="Fassung eingereicht",
        subject=draft,
        public=True,
        url=draft.get_absolute_url(),
        data={"version": version.pk},
    )

    assert all(draft.stage.get_absolute_url() in page for page in public_pages(client))
    assert all(INTERNAL not in page for page in public_pages(client))

    DraftVersion.objects.filter(pk=version.pk).update(published_at=timezone.now())
    pagecache.bump(pagecache.ETAPPEN)  # as the services do next to an update()
    public_page = reverse("beteiligung:version-comments", kwargs={"pk": version.pk})
    for page in public_pages(client):
        assert INTERNAL not in page
        assert public_page in page


def test_a_public_step_without_a_public_page_has_no_link(client, draft, office):
    request = ConsultationRequest.objects.create(
        version=DraftVersionFactory(draft=draft, number=1),
        committee=CommitteeFactory(),
        kind=ConsultationRequest.Kind.STATEMENT,
        deadline=timezone.localdate(),
    )
    record_event(
        kind="odd_step",
        summary="Ein Schritt mit internem Link",
        subject=request,
        public=True,
        url=reverse("etappen:statement-form", kwargs={"pk": request.pk}),
    )

    progress, feed = public_pages(client)

    assert "Ein Schritt mit internem Link" in progress
    assert "/etappen/anfrage/" not in progress
    assert "/etappen/anfrage/" not in feed


def test_internal_readers_keep_the_stored_link(client, draft, office):
    record_event(
        kind="draft_submitted",
        summary="Fassung eingereicht",
        subject=draft,
        public=True,
        url=draft.get_absolute_url(),
    )
    client.force_login(office)

    assert f'href="{draft.get_absolute_url()}"' in client.get(reverse("progress")).content.decode()


def test_demo_data_links_no_internal_page(client, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    for page in public_pages(client):
        assert INTERNAL not in page


def test_the_next_deadline_does_not_tell_who_has_filed(client, office):
    """The public table would otherwise move on once the earliest body has filed."""
    draft = DraftFactory(stage=StageFactory(), state="eingereicht")
    version = DraftVersionFactory(draft=draft, number=1)
    soon = timezone.localdate() + datetime.timedelta(days=3)
    filed = ConsultationRequest.objects.create(
        version=version,
        committee=CommitteeFactory(),
        kind=ConsultationRequest.Kind.ASSESSMENT,
        deadline=soon,
    )
    ConsultationRequest.objects.create(
        version=version,
        committee=CommitteeFactory(),
        kind=ConsultationRequest.Kind.STATEMENT,
        deadline=soon + datetime.timedelta(days=10),
    )

    before = stage_progress()[0].drafts[0].next_deadline
    file_statement(request=filed, text="Einschätzung", by=office)

    assert before == stage_progress()[0].drafts[0].next_deadline == soon
