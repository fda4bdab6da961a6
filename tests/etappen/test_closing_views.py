"""The pages of a closed version and the confirmation steps: the decision form with the
consultation in view, filing a statement (with drafts), submitting a version; pages that can no
longer be submitted say so and show no form."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from etappen.models import (
    ConsultationRequest,
    Decision,
    Draft,
    DraftSection,
    DraftVersion,
    Requirement,
    Statement,
    StatementDraft,
)
from etappen.services import file_statement, return_draft_for_revision, submit_draft
from lip.models import ProcessEvent
from tests.factories import CommitteeFactory

from .factories import DraftFactory, DraftSectionFactory, DraftVersionFactory, member_of

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
REASON = "Die Lenkungsgruppe tagte vor Fristende."


def url(name, **kwargs):
    return reverse(f"etappen:{name}", kwargs=kwargs)


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def version(draft, member):
    return submit_draft(draft=draft, by=member)


def request_of(version, name) -> ConsultationRequest:
    return version.consultation_requests.get(committee__name=name)


def decision_data(**extra) -> dict:
    return {
        "outcome": Decision.Outcome.REVISION,
        "decided_on": TODAY().isoformat(),
        "meeting": "umlaufverfahren",
        "requirements": "Begriffe erklären",
        **extra,
    }


def send_back(version, office):
    return return_draft_for_revision(
        version=version,
        decided_on=TODAY(),
        requirements=["Begriffe erklären"],
        pending_override_reason=REASON,
        by=office,
    )


# --- the decision form --------------------------------------------------------------------


@pytest.fixture
def consultation(version, member, bodies):
    """Mitte filed in time, the round table late, Linden-Limmer is overdue, the conference
    still has time."""
    file_statement(request=request_of(version, "Integrationsbeirat Mitte"), text="Gut", by=member)
    late = request_of(version, "Runder Tisch")
    ConsultationRequest.objects.filter(pk=late.pk).update(deadline=TODAY() - datetime.timedelta(1))
    file_statement(request=late, text="Spät, aber gut", by=member)
    ConsultationRequest.objects.filter(committee__name="Integrationsbeirat Linden-Limmer").update(
        deadline=TODAY() - datetime.timedelta(days=2)
    )
    return version


def row_of(page: str, body: str) -> str:
    start = page.index(f'<th scope="row">{body}')
    return page[start : page.index("</tr>", start)]


def test_decision_form_shows_each_body_and_warns_about_pending_statements(
    client, consultation, office
):
    client.force_login(office)

    page = text(client.get(url("decision-form", pk=consultation.pk)))

    assert "2 Stellungnahmen stehen noch aus" in page
    mitte = request_of(consultation, "Integrationsbeirat Mitte")
    assert "eingegangen" in row_of(page, "Integrationsbeirat Mitte")
    assert url("statement-form", pk=mitte.pk) in row_of(page, "Integrationsbeirat Mitte")
    assert "verspätet eingegangen" in row_of(page, "Runder Tisch")
    assert "überfällig" in row_of(page, "Integrationsbeirat Linden-Limmer")
    assert "ausstehend" in row_of(page, "Delegiertenkonferenz")
    assert "statement-form" not in row_of(page, "Delegiertenkonferenz")
    assert 'name="pending_override_reason"' in page
    # The steering group decides; it is not listed as a body owing a text.
    assert '<th scope="row">Lenkungsgruppe' not in page


def test_deciding_while_pending_needs_a_reason_then_a_confirmation(client, consultation, office):
    client.force_login(office)
    record = url("decision-record", pk=consultation.pk)

    refused = client.post(record, decision_data())

    assert refused.status_code == 400
    assert "Bitte geben Sie den Grund an" in text(refused)
    assert not Decision.objects.exists()

    confirmation = client.post(record, decision_data(pending_override_reason=REASON))

    page = text(confirmation)
    assert confirmation.status_code == 200
    assert "Beschluss bestätigen" in page
    assert "gegenstandslos" in page and "Delegiertenkonferenz" in page
    assert REASON in page
    assert 'name="confirmed"' in page
    assert not Decision.objects.exists()
    consultation.refresh_from_db()
    assert not consultation.is_closed

    back = client.post(record, decision_data(pending_override_reason=REASON, edit="1"))
    assert back.status_code == 200 and REASON in text(back) and 'name="outcome"' in text(back)

    done = client.post(record, decision_data(pending_override_reason=REASON, confirmed="1"))

    assert done.status_code == 302
    decision = Decision.objects.get(version=consultation)
    assert decision.pending_override_reason == REASON
    event = ProcessEvent.objects.get(kind="draft_returned")
    assert {e["body"] for e in event.data["pending"]} == {
        "Integrationsbeirat Linden-Limmer",
        "Delegiertenkonferenz",
    }


def test_no_reason_field_when_every_body_has_filed(client, version, member, office):
    for consultation_request in ConsultationRequest.objects.filter(version=version).pending():
        file_statement(request=consultation_request, text="Text", by=member)
    client.force_login(office)

    page = text(client.get(url("decision-form", pk=version.pk)))
    done = client.post(url("decision-record", pk=version.pk), decision_data(confirmed="1"))

    assert "pending_override_reason" not in page
    assert "Alle angefragten Gremien haben ihren Text eingereicht" in page
    assert done.status_code == 302


def test_a_decided_version_shows_no_decision_form_and_refuses_posts(client, version, office):
    send_back(version, office)
    client.force_login(office)

    page = client.get(url("decision-form", pk=version.pk))
    posted = client.post(
        url("decision-record", pk=version.pk),
        decision_data(pending_override_reason=REASON, confirmed="1"),
    )

    assert page.status_code == 200
    assert "bereits beschlossen" in text(page)
    assert 'name="outcome"' not in text(page)
    assert posted.status_code == 400
    assert 'name="outcome"' not in text(posted)
    assert Decision.objects.count() == 1


def test_accepting_asks_what_becomes_of_each_open_requirement(
    client, draft, version, member, office
):
    decision = send_back(version, office)
    terms = decision.requirements.get()
    second = submit_draft(draft=draft, by=member)
    client.force_login(office)
    field = f"requirement-{terms.pk}"

    page = text(client.get(url("decision-form", pk=second.pk)))
    accept = decision_data(outcome=Decision.Outcome.ACCEPTED, pending_override_reason=REASON)
    refused = client.post(url("decision-record", pk=second.pk), {**accept, "confirmed": "1"})

    assert f'name="{field}"' in page and "Begriffe erklären" in page
    assert refused.status_code == 400
    assert "als erledigt geschlossen oder in die nächste Etappe" in text(refused)
    assert not Decision.objects.filter(version=second).exists()

    done = client.post(
        url("decision-record", pk=second.pk),
        {**accept, field: Requirement.Settlement.CARRIED, "confirmed": "1"},
    )

    assert done.status_code == 302
    terms.refresh_from_db()
    assert terms.settlement == Requirement.Settlement.CARRIED
    assert Draft.objects.get(pk=draft.pk).state == Draft.State.ACCEPTED


def decision_page_queries(client, version) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url("decision-form", pk=version.pk))
    assert response.status_code == 200
    return len(captured)


def consulted_version(bodies: int) -> DraftVersion:
    """A submitted version asking ``bodies`` councils: some filed (in time or late), some not."""
    version = DraftVersionFactory(draft=DraftFactory(state=Draft.State.SUBMITTED), number=1)
    for n in range(bodies):
        consultation_request = ConsultationRequest.objects.create(
            version=version,
            committee=CommitteeFactory(kind="integrationsbeirat"),
            kind=ConsultationRequest.Kind.ASSESSMENT,
            deadline=TODAY() + datetime.timedelta(days=7 if n % 3 else -1),
        )
        if n % 2:
            Statement.objects.create(
                request=consultation_request,
                text="Text",
                filed_by=version.created_by,
                is_late=n % 3 == 0,
            )
    return version


def test_decision_page_runs_the_same_queries_for_1_and_15_bodies(client, office):
    one, fifteen = consulted_version(1), consulted_version(15)
    client.force_login(office)
    decision_page_queries(client, one)  # warm up session and content types

    assert decision_page_queries(client, one) == decision_page_queries(client, fifteen)


# --- the statement page -------------------------------------------------------------------


def test_a_moot_request_says_so_and_shows_no_form(client, version, office, bodies):
    send_back(version, office)
    beirat = member_of(bodies.round_table)
    consultation_request = request_of(version, "Runder Tisch")
    client.force_login(beirat)

    page = client.get(url("statement-form", pk=consultation_request.pk))
    posted = client.post(
        url("statement-file", pk=consultation_request.pk), {"text": "Doch noch", "action": "file"}
    )
    saved = client.post(
        url("statement-file", pk=consultation_request.pk), {"text": "Entwurf", "action": "save"}
    )

    assert page.status_code == 200
    assert "gegenstandslos" in text(page)
    assert "<textarea" not in text(page)
    assert posted.status_code == saved.status_code == 400
    assert "gegenstandslos" in text(posted)
    assert not Statement.objects.exists()
    assert not StatementDraft.objects.exists()


def test_moot_requests_are_shown_as_such_not_as_overdue(client, version, office):
    ConsultationRequest.objects.filter(version=version).update(
        deadline=TODAY() - datetime.timedelta(days=5)
    )
    client.force_login(office)
    assert "überfällig" in text(client.get(version.get_absolute_url()))

    send_back(version, office)

    for path in (version.get_absolute_url(), version.draft.get_absolute_url()):
        page = text(client.get(path))
        assert "gegenstandslos" in page
        assert "überfällig" not in page
        assert "Text einreichen" not in page


def test_a_statement_is_saved_as_draft_then_filed_through_a_confirmation(
    client, version, bodies, office
):
    beirat = member_of(bodies.round_table)
    consultation_request = request_of(version, "Runder Tisch")
    target = url("statement-file", pk=consultation_request.pk)
    client.force_login(beirat)

    saved = client.post(target, {"text": "Unser Entwurf", "action": "save"})

    assert saved["Location"] == url("statement-form", pk=consultation_request.pk)
    assert StatementDraft.objects.get().text == "Unser Entwurf"
    assert "Unser Entwurf" in text(client.get(saved["Location"]))
    # Readers of the consultation who are not in the body do not see the draft.
    client.force_login(member_of(bodies.steering))
    assert "Unser Entwurf" not in text(client.get(saved["Location"]))
    client.force_login(office)
    assert "Unser Entwurf" in text(client.get(saved["Location"]))

    client.force_login(beirat)
    confirmation = client.post(target, {"text": "Unser Text"})

    assert confirmation.status_code == 200
    assert "Einreichen bestätigen" in text(confirmation)
    assert "kann danach nicht mehr geändert" in text(confirmation)
    assert not Statement.objects.exists()
    assert StatementDraft.objects.get().text == "Unser Text"

    filed = client.post(target, {"text": "Unser Text", "action": "file"})

    assert filed["Location"] == version.get_absolute_url()
    assert Statement.objects.get().text == "Unser Text"
    assert not StatementDraft.objects.exists()


# --- submitting a version -----------------------------------------------------------------


def test_submitting_shows_what_will_happen_before_it_happens(client, draft, member, bodies):
    client.force_login(member)
    target = url("draft-submit", pk=draft.pk)

    confirmation = client.post(target, {"submit-note": "Erste Fassung"})

    page = text(confirmation)
    assert confirmation.status_code == 200
    assert "Fassung 1 einreichen?" in page
    assert "2 Abschnitte" in page
    for body in ("Lenkungsgruppe", "Integrationsbeirat Mitte", "Delegiertenkonferenz"):
        assert body in page
    assert not DraftVersion.objects.exists()

    back = client.post(target, {"submit-note": "Erste Fassung", "edit": "1"})
    assert back.status_code == 200 and "Erste Fassung" in text(back)
    assert not DraftVersion.objects.exists()

    done = client.post(target, {"submit-note": "Erste Fassung", "confirmed": "1"})

    version = DraftVersion.objects.get()
    assert done["Location"] == version.get_absolute_url()
    assert version.note == "Erste Fassung"


def test_a_submitted_draft_has_no_section_form(client, draft, version, member):
    section = DraftSection.objects.filter(draft=draft).first()
    client.force_login(member)

    pages = [
        client.get(url("section-add-form", pk=draft.pk)),
        client.get(url("section-edit", pk=draft.pk, key=section.key)),
    ]
    posted = client.post(
        url("section-save", pk=draft.pk, key=section.key),
        {"heading": "Neu", "text": "Neu", "revision": section.revision},
    )

    for page in pages:
        assert page.status_code == 200
        assert "eingereicht" in text(page)
        assert 'name="heading"' not in text(page)
    assert posted.status_code == 400
    section.refresh_from_db()
    assert section.heading != "Neu"


def test_a_carried_requirement_shows_on_the_groups_draft_of_the_next_stage(
    client, draft, version, member, office
):
    from etappen.services import accept_draft

    from .factories import CatalogueStageFactory

    terms = send_back(version, office).requirements.get()
    second = submit_draft(draft=draft, by=member)
    accept_draft(
        version=second,
        decided_on=TODAY(),
        pending_override_reason=REASON,
        requirement_settlements={terms.pk: Requirement.Settlement.CARRIED},
        by=office,
    )
    next_draft = DraftFactory(stage=CatalogueStageFactory(), committee=draft.committee)
    DraftSectionFactory(draft=next_draft)
    client.force_login(member)

    page = text(client.get(next_draft.get_absolute_url()))

    assert "Offene Vorgaben" in page and "Begriffe erklären" in page
    assert f'name="submit-requirements" value="{terms.pk}"' in page
