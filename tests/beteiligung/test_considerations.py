"""The Abwägung: answers by the expert group, the public table, CSV and XLSX exports."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from beteiligung.models import Consideration
from beteiligung.services import answer, route_concern
from lip.models import ProcessEvent

from .factories import (
    CommentFactory,
    ConcernFactory,
    DraftVersionFactory,
    ExpertGroupFactory,
    PublishedVersionFactory,
    SuggestionFactory,
    VersionSectionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def later_section(version):
    later = PublishedVersionFactory(draft=version.draft, number=version.number + 1)
    return VersionSectionFactory(version=later, heading="Sprache (überarbeitet)")


def test_the_group_answers_a_comment_with_outcome_reason_and_later_section(
    client, version, member, later_section
):
    comment = CommentFactory(version=version, section=version.sections.first())
    client.force_login(member)
    url = reverse("beteiligung:consideration-form", args=["beitrag", comment.pk])
    assert client.get(url).status_code == 200

    response = client.post(
        url,
        {
            "outcome": "teilweise",
            "reason": "Wir nehmen die Sprachkurse auf, nicht aber die Quote.",
            "later_section": later_section.pk,
        },
    )

    assert response.status_code == 302
    consideration = Consideration.objects.get()
    assert consideration.contribution == comment
    assert consideration.committee == version.draft.committee
    assert consideration.answered_by == member
    assert consideration.later_section == later_section
    assert ProcessEvent.objects.filter(kind="consideration_recorded").exists()
    table = client.get(reverse("beteiligung:consideration-table", args=[version.pk]))
    html = table.content.decode()
    assert "teilweise berücksichtigt" in html
    assert "Wir nehmen die Sprachkurse auf" in html
    assert "Sprache (überarbeitet)" in html


def test_a_revised_answer_keeps_the_history(version, member):
    comment = CommentFactory(version=version)
    answer(item=comment, outcome="zur_kenntnis", reason="Danke.", by=member)
    answer(item=comment, outcome="beruecksichtigt", reason="Jetzt aufgenommen.", by=member)
    consideration = Consideration.objects.get()
    assert consideration.outcome == "beruecksichtigt"
    assert consideration.history.count() == 2
    assert ProcessEvent.objects.filter(kind="consideration_revised").count() == 1


def test_other_groups_cannot_answer(client, version):
    from tests.etappen.factories import member_of

    outsider = member_of(ExpertGroupFactory(), username="andere-gruppe")
    comment = CommentFactory(version=version)
    client.force_login(outsider)
    url = reverse("beteiligung:consideration-form", args=["beitrag", comment.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"outcome": "noted", "reason": "x"}).status_code == 403
    assert not Consideration.objects.exists()


def test_office_may_answer_on_behalf_of_the_group(version, office):
    comment = CommentFactory(version=version)
    consideration = answer(item=comment, outcome="nicht_beruecksichtigt", reason="Nein.", by=office)
    assert consideration.committee == version.draft.committee


@pytest.mark.parametrize("status", ["unbestaetigt", "zu_pruefen", "abgelehnt", "spam"])
def test_only_published_contributions_are_answered(version, member, status):
    comment = CommentFactory(version=version, status=status, rejection_reason="x")
    with pytest.raises(ValidationError):
        answer(item=comment, outcome="zur_kenntnis", reason="Danke.", by=member)


def test_answer_needs_outcome_and_reason(version, member):
    comment = CommentFactory(version=version)
    with pytest.raises(ValidationError):
        answer(item=comment, outcome="vielleicht", reason="Danke.", by=member)
    with pytest.raises(ValidationError):
        answer(item=comment, outcome="zur_kenntnis", reason="  ", by=member)


def test_later_section_must_be_of_a_later_version_of_the_same_draft(version, member):
    comment = CommentFactory(version=version)
    same = version.sections.first()
    earlier = VersionSectionFactory(
        version=DraftVersionFactory(draft=version.draft, number=version.number - 1)
    )
    foreign = VersionSectionFactory()
    for section in (same, earlier, foreign):
        with pytest.raises(ValidationError):
            answer(
                item=comment,
                outcome="beruecksichtigt",
                reason="x",
                later_section=section,
                by=member,
            )


def test_suggestions_and_concerns_are_answered_by_their_group(client, group, member, office):
    suggestion = SuggestionFactory(committee=group, title="Sprachcafés")
    concern = ConcernFactory(text="Mehr Beratung im Stadtteil")
    with pytest.raises(ValidationError):  # not yet routed
        answer(item=concern, outcome="zur_kenntnis", reason="x", by=member)
    route_concern(concern=concern, committee=group, by=office)

    answer(item=suggestion, outcome="beruecksichtigt", reason="Kommt in Maßnahme 3.", by=member)
    answer(item=concern, outcome="zur_kenntnis", reason="Geben wir weiter.", by=member)

    html = client.get(reverse("beteiligung:topic-detail", args=[group.slug])).content.decode()
    assert "Sprachcafés" in html and "Kommt in Maßnahme 3." in html
    assert "Mehr Beratung im Stadtteil" in html and "Geben wir weiter." in html


def test_work_list_shows_the_groups_open_items(client, version, member):
    mine = CommentFactory(version=version, text="Kommentar für Bildung")
    CommentFactory(text="Kommentar für eine andere Gruppe")
    client.force_login(member)

    html = client.get(reverse("beteiligung:consideration-list")).content.decode()

    assert "Kommentar für Bildung" in html
    assert "andere Gruppe" not in html
    answer(item=mine, outcome="zur_kenntnis", reason="Danke.", by=member)
    html = client.get(reverse("beteiligung:consideration-list")).content.decode()
    assert "Kommentar für Bildung" not in html
    html = client.get(reverse("beteiligung:consideration-list") + "?alle=1").content.decode()
    assert "Kommentar für Bildung" in html


def test_work_list_needs_a_group_or_the_office(client, citizen_user):
    client.force_login(citizen_user)
    assert client.get(reverse("beteiligung:consideration-list")).status_code == 403


def _answered_table(version, member):
    first = CommentFactory(version=version, section=version.sections.first(), text="=1+1 Formel")
    CommentFactory(version=version, text="Noch offen", author_name="Jo")
    answer(item=first, outcome="beruecksichtigt", reason="Aufgenommen; danke!", by=member)
    return first


def test_csv_export_for_the_office(client, version, member, office):
    _answered_table(version, member)
    url = reverse("beteiligung:consideration-export", args=[version.pk, "csv"])
    client.force_login(member)
    assert client.get(url).status_code == 403
    client.force_login(office)

    response = client.get(url)

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Nr.", "Art", "Abschnitt"]
    assert len(rows) == 3
    answered = next(row for row in rows if row[7] == "berücksichtigt")
    assert answered[6] == "'=1+1 Formel"  # no formula injection
    assert answered[8] == "Aufgenommen; danke!"
    assert answered[2] == "Leitbild"
    assert any(row[7] == "noch nicht beantwortet" and row[4] == "Jo" for row in rows)


def test_xlsx_export_for_the_office(client, version, member, office):
    _answered_table(version, member)
    client.force_login(office)

    response = client.get(reverse("beteiligung:consideration-export", args=[version.pk, "xlsx"]))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][7] == "Ergebnis"
    answered = next(row for row in rows[1:] if row[7] == "berücksichtigt")
    assert answered[6] == "'=1+1 Formel"
    assert answered[8] == "Aufgenommen; danke!"
    assert len(rows) == 3


def test_topic_export_has_suggestions_and_concerns(client, group, member, office):
    SuggestionFactory(committee=group, title="Sprachcafés")
    concern = ConcernFactory(text="Beratung")
    route_concern(concern=concern, committee=group, by=office)
    client.force_login(office)
    response = client.get(reverse("beteiligung:topic-export", args=[group.slug, "csv"]))
    text = response.content.decode("utf-8-sig")
    assert "Sprachcafés" in text and "Beratung" in text and "Anliegen" in text


def test_the_table_of_an_unpublished_version_is_not_public(client, group):
    version = DraftVersionFactory(draft__committee=group)
    assert (
        client.get(reverse("beteiligung:consideration-table", args=[version.pk])).status_code == 404
    )


def test_table_runs_a_fixed_number_of_queries(
    client, version, member, django_assert_max_num_queries
):
    _answered_table(version, member)
    url = reverse("beteiligung:consideration-table", args=[version.pk])
    with django_assert_max_num_queries(10) as small:
        client.get(url)
    for number in range(40):
        comment = CommentFactory(version=version, section=version.sections.last())
        if number % 2:
            answer(item=comment, outcome="zur_kenntnis", reason="Danke.", by=member)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)
