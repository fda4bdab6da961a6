"""What staff write in etappen is stored without control and bidi characters (lip.text).

A right-to-left override (U+202E) can make a text read differently from what it says ("Trojan
Source"); public input never keeps it, and neither does anything staff save: through the
services (and so the pages) and through the back office.
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from etappen.models import DraftSection, Stage, Statement
from etappen.services import (
    SectionData,
    accept_draft,
    add_section,
    change_stage_plan,
    compile_council_paper,
    extend_deadline,
    file_statement,
    return_draft_for_revision,
    submit_draft,
    update_section,
)
from tests.factories import UserFactory

from .factories import CatalogueStageFactory, DraftFactory

pytestmark = pytest.mark.django_db

RLO = "\u202e"


def tricky(text: str) -> str:
    """The text with a right-to-left override and a zero-width space inside."""
    return f"{text[:3]}{RLO}{text[3:]}\u200b"


def test_a_section_saved_through_the_service_loses_the_override(draft, office):
    section = add_section(
        draft=draft, data=SectionData(heading=tricky("Leitlinien"), text=tricky("Text")), by=office
    )
    assert (section.heading, section.text) == ("Leitlinien", "Text")

    update_section(
        section=section,
        base_revision=section.revision,
        data=SectionData(heading=tricky("Grundsätze"), text=tricky("Teilhabe für alle")),
        by=office,
    )

    section.refresh_from_db()
    assert (section.heading, section.text) == ("Grundsätze", "Teilhabe für alle")


def test_the_fields_of_a_measure_lose_the_override(group, office):
    draft = DraftFactory(stage=CatalogueStageFactory(), committee=group)
    goal = add_section(draft=draft, data=SectionData(heading="Ziel", kind="ziel"), by=office)
    middle = add_section(
        draft=draft, data=SectionData(heading="M", kind="mittlerziel", parent=goal), by=office
    )

    measure = add_section(
        draft=draft,
        data=SectionData(
            heading=tricky("Sprachkurs"),
            kind="massnahme",
            parent=middle,
            target_group=tricky("Neuzugewanderte"),
            responsible_unit=tricky("OE 50.6"),
            time_frame=tricky("ab 2021"),
            indicator=tricky("Teilnehmende"),
            measure_kind="verwaltung",
        ),
        by=office,
    )

    values = [
        measure.heading,
        measure.target_group,
        measure.responsible_unit,
        measure.time_frame,
        measure.indicator,
    ]
    assert values == ["Sprachkurs", "Neuzugewanderte", "OE 50.6", "ab 2021", "Teilnehmende"]


def test_a_section_saved_on_the_page_loses_the_override(client, draft, office):
    section = draft.sections.get(heading="Leitbild")
    client.force_login(office)

    response = client.post(
        reverse("etappen:section-save", kwargs={"pk": draft.pk, "key": section.key}),
        {"heading": tricky("Leitbild"), "text": tricky("Vielfalt"), "revision": section.revision},
    )

    assert response.status_code == 302
    section.refresh_from_db()
    assert (section.heading, section.text) == ("Leitbild", "Vielfalt")


def test_consultation_and_decision_texts_lose_the_override(draft, member, office, bodies):
    version = submit_draft(draft=draft, note=tricky("Was sich änderte"), by=member)
    request = version.consultation_requests.get(committee=bodies.round_table)
    extend_deadline(
        request=request,
        deadline=request.deadline + datetime.timedelta(days=7),
        reason=tricky("Sitzung"),
        by=office,
    )
    statement = file_statement(request=request, text=tricky("Stellungnahme"), by=office)
    decision = return_draft_for_revision(
        pending_override_reason="Die Lenkungsgruppe tagte vor Fristende.",
        version=version,
        decided_on=timezone.localdate(),
        requirements=[tricky("Begriffe klären"), RLO],
        note=tricky("Vermerk"),
        by=office,
    )

    version.refresh_from_db()
    assert version.note == "Was sich änderte"
    assert request.history.first().history_change_reason == "Sitzung"
    assert Statement.objects.get(pk=statement.pk).text == "Stellungnahme"
    assert decision.note == "Vermerk"
    # A line holding nothing but the override is no requirement.
    assert [r.text for r in decision.requirements.all()] == ["Begriffe klären"]


def test_plan_reason_and_paper_title_lose_the_override(draft, member, office, bodies, stage):
    change_stage_plan(
        stage=stage,
        planned_start=stage.planned_start,
        planned_end=stage.planned_end + datetime.timedelta(days=30),
        planned_council=None,
        actual_start=None,
        actual_end=None,
        reason=tricky("Pandemie"),
        by=office,
    )
    version = submit_draft(draft=draft, by=member)
    accept_draft(
        pending_override_reason="Die Lenkungsgruppe tagte vor Fristende.",
        version=version,
        decided_on=timezone.localdate(),
        by=office,
    )

    paper = compile_council_paper(
        stage=stage,
        number=f"0108/2021{RLO}",
        title=tricky("Lokaler Integrationsplan"),
        date=timezone.localdate(),
        by=office,
    )

    assert stage.history.first().history_change_reason == "Pandemie"
    assert (paper.number, paper.title) == ("0108/2021", "Lokaler Integrationsplan")


@pytest.fixture
def back_office(db):
    """A staff account of the office, with the office's permissions in the back office."""
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Geschäftsstelle"))
    return user


def test_a_stage_saved_in_the_back_office_loses_the_override(client, back_office, stage):
    client.force_login(back_office)

    response = client.post(
        reverse("admin:etappen_stage_change", args=[stage.pk]),
        {
            "number": stage.number,
            "name": tricky("Grundlagenpapier"),
            "description": tricky("Leitlinien und Begriffe"),
        },
    )

    assert response.status_code == 302
    stage = Stage.objects.get(pk=stage.pk)
    assert (stage.name, stage.description) == ("Grundlagenpapier", "Leitlinien und Begriffe")


def test_a_section_is_no_back_office_form(client, back_office, draft):
    """Sections change only on the pages (services above); the back office cannot write them."""
    section = draft.sections.first()
    client.force_login(back_office)

    response = client.post(
        reverse("admin:etappen_draftsection_change", args=[section.pk]),
        {"heading": tricky("Leitbild"), "text": RLO},
    )

    assert response.status_code == 403
    assert RLO not in DraftSection.objects.get(pk=section.pk).text
