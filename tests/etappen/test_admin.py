"""The office's back office: everything readable with history, workflow fields read-only."""

import pytest
from django.contrib import admin
from django.urls import reverse

from etappen.models import Draft
from etappen.services import submit_draft

pytestmark = pytest.mark.django_db

ETAPPEN_MODELS = [model for model in admin.site._registry if model._meta.app_label == "etappen"]


def test_every_etappen_model_is_in_the_back_office():
    names = {model.__name__ for model in ETAPPEN_MODELS}
    assert names == {
        "Stage",
        "Draft",
        "DraftSection",
        "DraftVersion",
        "ConsultationRequest",
        "Statement",
        "Decision",
        "Requirement",
        "Paper",
        "CouncilConsultation",
        "SectionTranslation",
        "EasyReadSummary",
    }


@pytest.mark.parametrize("model", ETAPPEN_MODELS, ids=lambda model: model.__name__)
def test_office_reads_every_list(client, office, draft, member, model):
    submit_draft(draft=draft, by=member)
    client.force_login(office)

    opts = model._meta
    response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))

    assert response.status_code == 200


def test_drafts_change_only_through_the_workflow(client, office, draft):
    client.force_login(office)

    page = client.get(reverse("admin:etappen_draft_change", args=[draft.pk]))
    history = client.get(reverse("admin:etappen_draft_history", args=[draft.pk]))
    add = client.get(reverse("admin:etappen_draft_add"))
    posted = client.post(
        reverse("admin:etappen_draft_change", args=[draft.pk]), {"state": "angenommen"}
    )

    assert page.status_code == 200 and history.status_code == 200
    assert add.status_code == 403
    assert posted.status_code == 403
    draft.refresh_from_db()
    assert draft.state == Draft.State.IN_WORK


def test_stage_plan_is_read_only_in_the_back_office(client, office, stage):
    client.force_login(office)
    url = reverse("admin:etappen_stage_change", args=[stage.pk])

    page = client.get(url).content.decode()

    assert 'name="name"' in page
    assert 'name="planned_end"' not in page
    assert reverse("etappen:stage-plan", kwargs={"number": stage.number}) in page


def test_citizens_have_no_back_office(client, citizen_user):
    client.force_login(citizen_user)
    response = client.get(reverse("admin:etappen_stage_changelist"))
    assert response.status_code == 302
