"""Consultation of a version: the right bodies, filing, late filing, extension, bundling."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from etappen.models import ConsultationRequest, Statement
from etappen.services import (
    ASSESSMENT_PERIOD,
    CONSULTATION_PERIOD,
    accept_draft,
    extend_deadline,
    file_statement,
    set_gender_relevance,
    submit_draft,
)
from lip.models import ProcessEvent

pytestmark = pytest.mark.django_db

Kind = ConsultationRequest.Kind


def requests_of(version) -> dict[str, ConsultationRequest]:
    return {r.committee.name: r for r in version.consultation_requests.select_related("committee")}


def test_submitting_asks_every_body_with_its_kind_and_deadline(draft, member, bodies):
    version = submit_draft(draft=draft, by=member)

    asked = requests_of(version)
    today = timezone.localdate()
    assert {name: r.kind for name, r in asked.items()} == {
        "Lenkungsgruppe": Kind.DECISION,
        "Integrationsbeirat Mitte": Kind.ASSESSMENT,
        "Integrationsbeirat Linden-Limmer": Kind.ASSESSMENT,
        "Delegiertenkonferenz": Kind.BUNDLED_STATEMENT,
        "Runder Tisch": Kind.STATEMENT,
    }
    assert asked["Integrationsbeirat Mitte"].deadline == today + ASSESSMENT_PERIOD
    assert asked["Delegiertenkonferenz"].deadline == today + CONSULTATION_PERIOD
    # Neither the Ausschuss nor the council is consulted on drafts.
    assert "Internationaler Ausschuss" not in asked


def test_gender_relevant_draft_also_goes_to_the_equality_officer(draft, member, bodies):
    set_gender_relevance(draft=draft, gender_relevant=True, by=member)

    version = submit_draft(draft=draft, by=member)

    request = requests_of(version)["Gleichstellungsbeauftragte"]
    assert request.kind == Kind.STATEMENT
    assert ProcessEvent.objects.filter(kind="draft_gender_relevance_changed").count() == 1


def test_gender_relevance_unchanged_is_refused(draft, member):
    with pytest.raises(ValidationError):
        set_gender_relevance(draft=draft, gender_relevant=False, by=member)


@pytest.fixture
def version(draft, member):
    return submit_draft(draft=draft, by=member)


def request_for(version, name) -> ConsultationRequest:
    return version.consultation_requests.get(committee__name=name)


def test_filing_in_time(version, member):
    request = request_for(version, "Runder Tisch")
    events = ProcessEvent.objects.count()

    statement = file_statement(request=request, text="  Wir begrüßen den Entwurf. ", by=member)

    assert statement.text == "Wir begrüßen den Entwurf."
    assert not statement.is_late
    assert ProcessEvent.objects.count() == events + 1
    event = ProcessEvent.objects.first()
    assert event.kind == "statement_filed"
    assert not event.is_public


def test_filing_after_the_deadline_is_kept_and_marked_late(version, member):
    request = request_for(version, "Runder Tisch")
    ConsultationRequest.objects.filter(pk=request.pk).update(
        deadline=timezone.localdate() - datetime.timedelta(days=1)
    )

    statement = file_statement(request=request, text="Verspätet, aber wichtig.", by=member)

    assert statement.is_late
    assert Statement.objects.get(pk=statement.pk).text == "Verspätet, aber wichtig."
    assert ProcessEvent.objects.first().data["late"] is True


def test_filing_on_the_deadline_day_is_in_time(version, member):
    request = request_for(version, "Runder Tisch")
    ConsultationRequest.objects.filter(pk=request.pk).update(deadline=timezone.localdate())

    assert not file_statement(request=request, text="Pünktlich.", by=member).is_late


def test_filing_twice_is_refused(version, member):
    request = request_for(version, "Runder Tisch")
    file_statement(request=request, text="Erste", by=member)

    with pytest.raises(ValidationError):
        file_statement(request=request, text="Zweite", by=member)
    assert Statement.objects.get().text == "Erste"


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_statement_is_refused(version, member, text):
    with pytest.raises(ValidationError):
        file_statement(request=request_for(version, "Runder Tisch"), text=text, by=member)
    assert not Statement.objects.exists()


def test_steering_group_answers_with_its_decision(version, member):
    with pytest.raises(ValidationError):
        file_statement(request=request_for(version, "Lenkungsgruppe"), text="x", by=member)


def test_no_filing_after_the_decision(version, member, office):
    accept_draft(
        pending_override_reason="Die Lenkungsgruppe tagte vor Fristende.",
        version=version,
        decided_on=timezone.localdate(),
        by=office,
    )

    with pytest.raises(ValidationError):
        file_statement(request=request_for(version, "Runder Tisch"), text="Zu spät", by=member)
    assert not Statement.objects.exists()


def test_conference_bundles_the_councils_assessments(version, member):
    mitte = file_statement(
        request=request_for(version, "Integrationsbeirat Mitte"), text="Mitte: gut", by=member
    )
    linden = file_statement(
        request=request_for(version, "Integrationsbeirat Linden-Limmer"),
        text="Linden: Sprache vereinfachen",
        by=member,
    )
    file_statement(request=request_for(version, "Runder Tisch"), text="RT", by=member)

    bundle = file_statement(
        request=request_for(version, "Delegiertenkonferenz"),
        text="Die Beiräte begrüßen den Entwurf und bitten um einfache Sprache.",
        by=member,
    )

    assert set(bundle.bundles.all()) == {mitte, linden}
    assert set(mitte.bundled_in.all()) == {bundle}


def test_office_extends_a_deadline_with_history_and_event(version, office):
    request = request_for(version, "Delegiertenkonferenz")
    old = request.deadline
    new = old + datetime.timedelta(days=14)

    extend_deadline(
        request=request, deadline=new, reason="Sitzung erst im nächsten Monat", by=office
    )

    request.refresh_from_db()
    assert request.deadline == new
    latest = request.history.first()
    assert latest.history_user == office
    assert latest.history_change_reason == "Sitzung erst im nächsten Monat"
    assert latest.prev_record.deadline == old
    event = ProcessEvent.objects.first()
    assert event.kind == "deadline_extended"
    assert event.data == {
        "old": old.isoformat(),
        "new": new.isoformat(),
        "reason": "Sitzung erst im nächsten Monat",
    }


def test_extension_turns_a_late_filing_into_one_in_time(version, member, office):
    request = request_for(version, "Runder Tisch")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    ConsultationRequest.objects.filter(pk=request.pk).update(
        deadline=yesterday - datetime.timedelta(days=7)
    )
    request.refresh_from_db()

    extend_deadline(request=request, deadline=timezone.localdate(), by=office)

    assert not file_statement(request=request, text="Jetzt pünktlich", by=member).is_late


@pytest.mark.parametrize("days", [0, -1])
def test_extension_must_move_the_deadline_later(version, office, days):
    request = request_for(version, "Runder Tisch")
    old = request.deadline

    with pytest.raises(ValidationError):
        extend_deadline(request=request, deadline=old + datetime.timedelta(days=days), by=office)
    request.refresh_from_db()
    assert request.deadline == old


def test_no_extension_after_filing(version, member, office):
    request = request_for(version, "Runder Tisch")
    file_statement(request=request, text="Fertig", by=member)

    with pytest.raises(ValidationError):
        extend_deadline(
            request=request, deadline=request.deadline + datetime.timedelta(days=1), by=office
        )
