"""The pages: editing, submitting, filing, extending, deciding, Synopse, council; query counts."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from etappen.models import (
    ConsultationRequest,
    Decision,
    Draft,
    MeasureOutcome,
    Paper,
    SectionKind,
    Statement,
)
from etappen.services import (
    SectionData,
    accept_draft,
    add_section,
    file_statement,
    return_draft_for_revision,
    submit_draft,
)
from gremien.models import District

from .factories import (
    CatalogueStageFactory,
    DraftFactory,
    DraftSectionFactory,
    DraftVersionFactory,
    ExpertGroupFactory,
    VersionSectionFactory,
    member_of,
)

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    return reverse(f"etappen:{name}", kwargs=kwargs)


def german(response) -> str:
    return response.content.decode()


# --- the section editor ---------------------------------------------------------------------


def test_group_adds_edits_moves_and_deletes_sections(client, draft, member):
    client.force_login(member)

    response = client.post(
        url("section-add", pk=draft.pk), {"heading": "Grundsätze", "text": "Teilhabe"}
    )
    assert response.status_code == 302
    new = draft.sections.get(heading="Grundsätze")

    response = client.post(
        url("section-save", pk=draft.pk, key=new.key),
        {"heading": "Grundsätze", "text": "Teilhabe für alle", "revision": new.revision},
    )
    assert response.status_code == 302
    new.refresh_from_db()
    assert (new.text, new.revision) == ("Teilhabe für alle", 2)

    client.post(url("section-move", pk=draft.pk, key=new.key), {"direction": "up"})
    assert list(draft.sections.order_by("position").values_list("heading", flat=True)) == [
        "Leitbild",
        "Grundsätze",
        "Begriffe",
    ]

    client.post(url("section-delete", pk=draft.pk, key=new.key), {"revision": new.revision})
    assert not draft.sections.filter(pk=new.pk).exists()

    page = german(client.get(url("section-list", pk=draft.pk)))
    assert f'id="abschnitt-{draft.sections.get(heading="Leitbild").key}"' in page
    assert f'id="abschnitt-{new.key}"' not in page


def test_two_people_save_the_same_section_the_second_keeps_their_text(
    client, draft, member, office
):
    section = draft.sections.get(heading="Leitbild")
    # Both open the form from the same revision.
    client.force_login(member)
    form_a = german(client.get(url("section-edit", pk=draft.pk, key=section.key)))
    client.force_login(office)
    form_b = german(client.get(url("section-edit", pk=draft.pk, key=section.key)))
    revision = re.search(r'name="revision" value="(\d+)"', form_a).group(1)
    assert re.search(r'name="revision" value="(\d+)"', form_b).group(1) == revision

    client.force_login(member)
    first = client.post(
        url("section-save", pk=draft.pk, key=section.key),
        {"heading": "Leitbild", "text": "Fassung von Person A", "revision": revision},
    )
    client.force_login(office)
    second = client.post(
        url("section-save", pk=draft.pk, key=section.key),
        {"heading": "Leitbild", "text": "Fassung von Person B", "revision": revision},
    )

    assert first.status_code == 302
    assert second.status_code == 409
    page = german(second)
    assert "Fassung von Person B" in page  # their text stays in the form
    assert "Fassung von Person A" in page  # the saved text is shown for comparison
    assert "nach dem Öffnen" in page or "inzwischen" in page
    section.refresh_from_db()
    assert section.text == "Fassung von Person A"
    # The form now carries the current revision: saving again on purpose overwrites.
    new_revision = re.search(r'name="revision" value="(\d+)"', page).group(1)
    assert int(new_revision) == section.revision
    again = client.post(
        url("section-save", pk=draft.pk, key=section.key),
        {"heading": "Leitbild", "text": "Fassung von Person B", "revision": new_revision},
    )
    assert again.status_code == 302
    section.refresh_from_db()
    assert section.text == "Fassung von Person B"


def test_empty_heading_shows_the_form_again(client, draft, member):
    client.force_login(member)
    response = client.post(url("section-add", pk=draft.pk), {"heading": "", "text": "Mein Text"})

    assert response.status_code == 400
    assert "Mein Text" in german(response)
    assert draft.sections.count() == 2


def test_other_members_may_read_but_not_edit(client, draft, member, bodies):
    version = submit_draft(draft=draft, by=member)
    steering = member_of(bodies.steering)
    client.force_login(steering)

    assert client.get(draft.get_absolute_url()).status_code == 200
    assert client.get(version.get_absolute_url()).status_code == 200
    assert client.get(url("section-list", pk=draft.pk)).status_code == 403
    section = draft.sections.first()
    response = client.post(
        url("section-save", pk=draft.pk, key=section.key),
        {"heading": "x", "text": "y", "revision": section.revision},
    )
    assert response.status_code == 403


def test_catalogue_section_form_has_the_measure_fields(client, group, member, bodies):
    draft = DraftFactory(stage=CatalogueStageFactory(), committee=group)
    goal = add_section(
        draft=draft, data=SectionData(heading="Teilhabe", kind=SectionKind.GOAL), by=member
    )
    middle = add_section(
        draft=draft,
        data=SectionData(heading="Bildung", kind=SectionKind.INTERMEDIATE_GOAL, parent=goal),
        by=member,
    )
    mitte = District.objects.create(number=1, name="Mitte")
    client.force_login(member)

    response = client.post(
        url("section-add", pk=draft.pk),
        {
            "kind": SectionKind.MEASURE,
            "parent": middle.pk,
            "heading": "Elternlots*innen",
            "text": "Eltern begleiten Eltern.",
            "target_group": "Eltern",
            "districts": [mitte.pk],
            "responsible_unit": "FB Schule",
            "time_frame": "2021–2023",
            "indicator": "Zahl der Lots*innen",
            "measure_kind": "foerderung",
        },
    )

    assert response.status_code == 302
    measure = draft.sections.get(kind=SectionKind.MEASURE)
    assert (measure.parent, measure.measure_kind) == (middle, "foerderung")
    assert list(measure.districts.all()) == [mitte]
    form = german(client.get(url("section-edit", pk=draft.pk, key=measure.key)))
    assert "Zielgruppe" in form or "Target group" in form


# --- submitting and consultation --------------------------------------------------------------


def test_submit_with_a_requirement_taken_up(client, draft, member, office):
    v1 = submit_draft(draft=draft, by=member)
    decision = return_draft_for_revision(
        pending_override_reason="Die Lenkungsgruppe tagte vor Fristende.",
        version=v1,
        decided_on=timezone.localdate(),
        requirements=["Begriffe erklären", "Beispiele"],
        by=office,
    )
    terms = decision.requirements.get(text="Begriffe erklären")
    client.force_login(member)
    page = german(client.get(draft.get_absolute_url()))
    assert "Begriffe erklären" in page and 'name="submit-requirements"' in page

    response = client.post(
        url("draft-submit", pk=draft.pk),
        {"submit-requirements": [terms.pk], "submit-note": "Begriffe ergänzt", "confirmed": "1"},
    )

    v2 = draft.versions.get(number=2)
    assert response["Location"] == v2.get_absolute_url()
    assert list(v2.addressed_requirements.all()) == [terms]
    page = german(client.get(draft.get_absolute_url()))
    assert "Offene Vorgaben" in page or "Open requirements" in page
    assert page.count("Beispiele") >= 1


def test_submitting_twice_shows_a_message(client, draft, member):
    client.force_login(member)
    client.post(url("draft-submit", pk=draft.pk), {"confirmed": "1"})
    response = client.post(url("draft-submit", pk=draft.pk), {"confirmed": "1"})

    assert response.status_code == 400
    assert draft.versions.count() == 1


@pytest.fixture
def submitted(draft, member):
    return submit_draft(draft=draft, by=member)


def test_council_member_files_an_assessment(client, submitted, bodies):
    beirat = member_of(bodies.councils[0])
    request = submitted.consultation_requests.get(committee=bodies.councils[0])
    client.force_login(beirat)
    assert client.get(url("statement-form", pk=request.pk)).status_code == 200

    response = client.post(
        url("statement-file", pk=request.pk), {"text": "Gute Grundlage.", "action": "file"}
    )

    assert response["Location"] == submitted.get_absolute_url()
    statement = Statement.objects.get(request=request)
    assert (statement.filed_by, statement.is_late) == (beirat, False)
    # Another council's member cannot file for this one.
    client.force_login(member_of(bodies.councils[1]))
    other = submitted.consultation_requests.get(committee=bodies.round_table)
    assert client.post(url("statement-file", pk=other.pk), {"text": "x"}).status_code == 403


def test_late_filing_is_marked(client, submitted, bodies):
    request = submitted.consultation_requests.get(committee=bodies.round_table)
    ConsultationRequest.objects.filter(pk=request.pk).update(
        deadline=timezone.localdate() - datetime.timedelta(days=2)
    )
    client.force_login(member_of(bodies.round_table))

    page = german(client.get(url("statement-form", pk=request.pk)))
    client.post(url("statement-file", pk=request.pk), {"text": "Spät", "action": "file"})

    assert "abgelaufen" in page or "passed" in page
    assert Statement.objects.get(request=request).is_late


def test_conference_reads_the_assessments_when_bundling(client, submitted, bodies, member):
    council_request = submitted.consultation_requests.get(committee=bodies.councils[0])
    file_statement(request=council_request, text="Einschätzung aus Mitte", by=member)
    conference_request = submitted.consultation_requests.get(committee=bodies.conference)
    client.force_login(member_of(bodies.conference))

    page = german(client.get(url("statement-form", pk=conference_request.pk)))
    client.post(
        url("statement-file", pk=conference_request.pk), {"text": "Gebündelt", "action": "file"}
    )

    assert "Einschätzung aus Mitte" in page
    bundle = Statement.objects.get(request=conference_request)
    assert [s.text for s in bundle.bundles.all()] == ["Einschätzung aus Mitte"]


def test_office_extends_a_deadline(client, submitted, bodies, office, member):
    request = submitted.consultation_requests.get(committee=bodies.round_table)
    new = request.deadline + datetime.timedelta(days=10)
    client.force_login(member)
    target = url("deadline-extend", pk=request.pk)
    assert client.post(target, {f"deadline-{request.pk}-deadline": new}).status_code == 403

    client.force_login(office)
    response = client.post(
        target,
        {
            f"deadline-{request.pk}-deadline": new.isoformat(),
            f"deadline-{request.pk}-reason": "Sitzung",
        },
    )

    assert response.status_code == 302
    request.refresh_from_db()
    assert request.deadline == new
    earlier = client.post(
        target, {f"deadline-{request.pk}-deadline": timezone.localdate().isoformat()}
    )
    assert earlier.status_code == 400
    request.refresh_from_db()
    assert request.deadline == new


# --- decisions ------------------------------------------------------------------------------


def test_office_sends_back_with_requirements(client, submitted, office):
    client.force_login(office)
    assert client.get(url("decision-form", pk=submitted.pk)).status_code == 200

    response = client.post(
        url("decision-record", pk=submitted.pk),
        {
            "outcome": Decision.Outcome.REVISION,
            "decided_on": timezone.localdate().isoformat(),
            "meeting": "umlaufverfahren",
            "requirements": "Begriffe erklären\n\nLeichte Sprache\n",
            "pending_override_reason": "Sondersitzung",
            "confirmed": "1",
        },
    )

    assert response.status_code == 302
    decision = Decision.objects.get(version=submitted)
    assert [r.text for r in decision.requirements.all()] == ["Begriffe erklären", "Leichte Sprache"]
    assert Draft.objects.get(pk=submitted.draft_id).state == Draft.State.REVISION


def test_too_many_votes_are_refused_with_the_form_kept(client, submitted, office):
    client.force_login(office)

    response = client.post(
        url("decision-record", pk=submitted.pk),
        {
            "outcome": Decision.Outcome.ACCEPTED,
            "decided_on": timezone.localdate().isoformat(),
            "meeting": "umlaufverfahren",
            "votes_yes": 20,
            "votes_no": 1,
            "votes_abstain": 0,
            "note": "Mein Vermerk",
            "pending_override_reason": "Sondersitzung",
            "confirmed": "1",
        },
    )

    assert response.status_code == 400
    assert "Mein Vermerk" in german(response)
    assert not Decision.objects.exists()


def test_only_the_office_records_decisions(client, submitted, member):
    client.force_login(member)
    assert client.get(url("decision-form", pk=submitted.pk)).status_code == 403
    assert client.post(url("decision-record", pk=submitted.pk), {}).status_code == 403


def test_catalogue_decision_per_measure(client, group, member, office, bodies):
    draft = DraftFactory(stage=CatalogueStageFactory(), committee=group)
    goal = add_section(draft=draft, data=SectionData(heading="Z", kind="ziel"), by=member)
    middle = add_section(
        draft=draft, data=SectionData(heading="M", kind="mittlerziel", parent=goal), by=member
    )
    for heading in ("Kurs", "Café"):
        add_section(
            draft=draft,
            data=SectionData(heading=heading, kind="massnahme", parent=middle),
            by=member,
        )
    version = submit_draft(draft=draft, by=member)
    keys = dict(version.sections.filter(kind="massnahme").values_list("heading", "key"))
    client.force_login(office)
    assert f'name="measure-{keys["Kurs"]}"' in german(
        client.get(url("decision-form", pk=version.pk))
    )

    client.post(
        url("decision-record", pk=version.pk),
        {
            "outcome": Decision.Outcome.ACCEPTED,
            "decided_on": timezone.localdate().isoformat(),
            "meeting": "umlaufverfahren",
            f"measure-{keys['Kurs']}": MeasureOutcome.Outcome.APPROVED,
            f"measure-{keys['Café']}": MeasureOutcome.Outcome.RECOMMENDATION,
            "pending_override_reason": "Sondersitzung",
            "confirmed": "1",
        },
    )

    outcomes = dict(MeasureOutcome.objects.values_list("section_key", "outcome"))
    assert outcomes == {
        keys["Kurs"]: MeasureOutcome.Outcome.APPROVED,
        keys["Café"]: MeasureOutcome.Outcome.RECOMMENDATION,
    }
    page = german(client.get(version.get_absolute_url()))
    assert "Kurs" in page and "Café" in page


# --- Synopse ------------------------------------------------------------------------------


def test_synopsis_page_marks_changes_accessibly(client, draft, member, office):
    v1 = submit_draft(draft=draft, by=member)
    return_draft_for_revision(
        pending_override_reason="Die Lenkungsgruppe tagte vor Fristende.",
        version=v1,
        decided_on=timezone.localdate(),
        requirements=["x"],
        by=office,
    )
    section = draft.sections.get(heading="Leitbild")
    client.force_login(member)
    client.post(
        url("section-save", pk=draft.pk, key=section.key),
        {
            "heading": "Leitbild",
            "text": "Vielfalt ist unsere Stärke.",
            "revision": section.revision,
        },
    )
    client.post(url("section-add", pk=draft.pk), {"heading": "Neu", "text": "Ganz neu"})
    submit_draft(draft=draft, by=member)

    response = client.get(url("synopsis", pk=draft.pk), {"old": 1, "new": 2})

    page = german(response)
    assert response.status_code == 200
    assert '<th scope="col">' in page and '<th scope="row">' in page
    assert re.search(r"<del><span class=\"visually-hidden\">[^<]+</span>Stärke", page) is None
    assert '<ins><span class="visually-hidden">' in page
    assert "unsere" in page
    assert re.search(r"<ins><span class=\"visually-hidden\">[^<]+</span>Ganz neu</ins>", page)


def test_synopsis_needs_two_different_versions(client, draft, member, office):
    v1 = submit_draft(draft=draft, by=member)
    return_draft_for_revision(
        pending_override_reason="Die Lenkungsgruppe tagte vor Fristende.",
        version=v1,
        decided_on=timezone.localdate(),
        requirements=["x"],
        by=office,
    )
    submit_draft(draft=draft, by=member)
    client.force_login(member)

    response = client.get(url("synopsis", pk=draft.pk), {"old": 2, "new": 2})

    assert response.status_code == 200
    assert "zwei verschiedene" in german(response) or "two different" in german(response)


# --- council --------------------------------------------------------------------------------


def test_office_compiles_the_paper_and_records_results(client, draft, member, office, bodies):
    version = submit_draft(draft=draft, by=member)
    client.force_login(office)
    assert client.get(url("paper-form", number=1)).status_code == 200
    pending = client.post(
        url("paper-compile", number=1),
        {"number": "0108/2021", "title": "LIP", "date": timezone.localdate().isoformat()},
    )
    assert pending.status_code == 400
    accept_draft(
        pending_override_reason="Die Lenkungsgruppe tagte vor Fristende.",
        version=version,
        decided_on=timezone.localdate(),
        by=office,
    )

    bad = client.post(
        url("paper-compile", number=1),
        {"number": "108/21", "title": "LIP", "date": timezone.localdate().isoformat()},
    )
    assert bad.status_code == 400
    good = client.post(
        url("paper-compile", number=1),
        {"number": "0108/2021", "title": "LIP", "date": timezone.localdate().isoformat()},
    )
    paper = Paper.objects.get()
    assert good["Location"] == paper.get_absolute_url()

    first = paper.consultations.first()
    client.post(
        url("council-result", pk=first.pk),
        {
            f"step-{first.pk}-meeting_date": timezone.localdate().isoformat(),
            f"step-{first.pk}-result": "beschlossen",
        },
    )
    first.refresh_from_db()
    assert first.result == "beschlossen"
    client.logout()
    public = german(client.get(paper.get_absolute_url()))
    assert "0108/2021" in public and "Internationaler Ausschuss" in public
    assert 'action="' not in public.split("<main")[1]  # no office forms for the public


# --- a fixed number of queries --------------------------------------------------------------


def big_draft(group, count: int) -> Draft:
    draft = DraftFactory(committee=group)
    DraftSectionFactory.create_batch(count, draft=draft)
    return draft


def big_version(group, count: int):
    version = DraftVersionFactory(draft=DraftFactory(committee=group), number=1)
    VersionSectionFactory.create_batch(count, version=version)
    ConsultationRequest.objects.create(
        version=version, committee=group, kind="stellungnahme", deadline=timezone.localdate()
    )
    return version


def queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["draft-detail", "section-list"])
def test_draft_pages_run_the_same_queries_for_10_and_300_sections(client, office, page, stage):
    small = big_draft(ExpertGroupFactory(), 10)
    large = big_draft(ExpertGroupFactory(), 300)
    client.force_login(office)
    client.get(url(page, pk=small.pk))  # warm up session and content types

    assert queries(client, url(page, pk=small.pk)) == queries(client, url(page, pk=large.pk))


def test_version_page_runs_the_same_queries_for_10_and_300_sections(client, office, stage):
    small = big_version(ExpertGroupFactory(), 10)
    large = big_version(ExpertGroupFactory(), 300)
    client.force_login(office)
    client.get(url("draft-detail", pk=small.draft_id))

    first_small = queries(client, small.get_absolute_url())
    first_large = queries(client, large.get_absolute_url())
    assert first_small == first_large
    # The text of an immutable version is cached: the second visit skips its queries.
    assert queries(client, large.get_absolute_url()) < first_large


def test_synopsis_runs_the_same_queries_for_10_and_300_sections(client, office, stage):
    counts = []
    for count in (10, 300):
        draft = DraftFactory(committee=ExpertGroupFactory())
        for number in (1, 2):
            version = DraftVersionFactory(draft=draft, number=number)
            VersionSectionFactory.create_batch(count, version=version)
        counts.append(draft)
    client.force_login(office)
    client.get(url("synopsis", pk=counts[0].pk))

    assert queries(client, url("synopsis", pk=counts[0].pk)) == queries(
        client, url("synopsis", pk=counts[1].pk)
    )


def test_stage_and_index_pages_run_fixed_queries(client, office, stage, bodies, settings):
    settings.PAGE_CACHE_ENABLED = False  # what rendering costs (a cache hit costs nothing)
    for _ in range(2):
        draft = DraftFactory(stage=stage, committee=ExpertGroupFactory())
        DraftSectionFactory(draft=draft)
        submit_draft(draft=draft, by=office)
    client.get(url("index"))
    few = queries(client, url("index")), queries(client, url("stage-detail", number=1))
    for _ in range(4):
        draft = DraftFactory(stage=stage, committee=ExpertGroupFactory())
        DraftSectionFactory(draft=draft)
        submit_draft(draft=draft, by=office)

    assert (queries(client, url("index")), queries(client, url("stage-detail", number=1))) == few
