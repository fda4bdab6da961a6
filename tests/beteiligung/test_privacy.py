"""Deleting and anonymising personal data; the Art. 15 DSGVO export."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from beteiligung.models import Concern, Consideration, Contribution, Registration
from beteiligung.services import answer, export_personal_data, purge_personal_data
from tests.factories import NominationFactory, PersonFactory

from .factories import (
    CommentFactory,
    ConcernFactory,
    EventFactory,
    RegistrationFactory,
    SuggestionFactory,
)

pytestmark = pytest.mark.django_db

DAYS = datetime.timedelta(days=1)


def test_unconfirmed_entries_are_deleted_once_the_link_expired(version):
    old = timezone.now() - 4 * DAYS
    stale = CommentFactory(
        version=version, status="unbestaetigt", confirmed_at=None, published_at=None, created_at=old
    )
    fresh = CommentFactory(
        version=version, status="unbestaetigt", confirmed_at=None, published_at=None
    )
    ConcernFactory(status="unbestaetigt", confirmed_at=None, created_at=old)
    RegistrationFactory(status="unbestaetigt", confirmed_at=None, created_at=old)
    confirmed = CommentFactory(version=version, created_at=old)

    counts = purge_personal_data()

    assert counts["unconfirmed_contributions_deleted"] == 1
    assert counts["unconfirmed_concerns_deleted"] == 1
    assert counts["unconfirmed_registrations_deleted"] == 1
    remaining = set(Contribution.objects.values_list("pk", flat=True))
    assert remaining == {fresh.pk, confirmed.pk}
    assert not Contribution.history.filter(id=stale.pk).exists()


def test_needs_are_deleted_a_month_after_the_event(settings):
    past = EventFactory(starts_on=timezone.localdate() - 40 * DAYS)
    recent = EventFactory(starts_on=timezone.localdate() - 5 * DAYS)
    kwargs = {
        "childcare": True,
        "interpreting_language": "Tigrinya",
        "needs_consent_at": timezone.now(),
    }
    old_needs = RegistrationFactory(event=past, **kwargs)
    new_needs = RegistrationFactory(event=recent, **kwargs)

    purge_personal_data()

    old_needs.refresh_from_db()
    new_needs.refresh_from_db()
    assert not old_needs.has_needs and old_needs.needs_consent_at is None
    assert old_needs.name  # the registration itself stays until the process ends
    assert new_needs.has_needs


def test_nothing_personal_is_anonymised_while_the_process_runs(version, settings):
    settings.LIP_PROCESS_END = None
    comment = CommentFactory(version=version)
    registration = RegistrationFactory()
    purge_personal_data()
    comment.refresh_from_db()
    registration.refresh_from_db()
    assert comment.email and comment.author_name and registration.email


def test_anonymisation_after_the_retention_period(version, settings, member):
    comment = CommentFactory(version=version, email="a@example.org", author_name="Ayşe")
    answer(item=comment, outcome="zur_kenntnis", reason="Danke.", by=member)
    rejected = CommentFactory(version=version, status="abgelehnt", rejection_reason="Werbung")
    spam = SuggestionFactory(status="spam")
    concern = ConcernFactory(author_name="Kim", email="k@example.org")
    registration = RegistrationFactory(
        name="Nadia", email="n@example.org", childcare=True, needs_consent_at=timezone.now()
    )
    settings.LIP_PROCESS_END = (timezone.localdate() - 10 * DAYS).isoformat()
    settings.LIP_RETENTION_DAYS = 30

    assert purge_personal_data().get("contributions_anonymised", 0) == 0  # not yet

    settings.LIP_RETENTION_DAYS = 5
    counts = purge_personal_data()

    assert counts["rejected_contributions_deleted"] == 2
    assert not Contribution.objects.filter(pk__in=[rejected.pk, spam.pk]).exists()
    comment.refresh_from_db()
    assert comment.email == "" and comment.author_name == "" and comment.anonymised_at
    assert comment.text  # the public record of the process stays
    assert Consideration.objects.filter(contribution=comment).exists()
    concern.refresh_from_db()
    assert concern.email == "" and concern.author_name == ""
    registration.refresh_from_db()
    assert registration.name == "" and registration.email == ""
    assert not registration.has_needs
    assert registration.status == Registration.Status.CONFIRMED  # figures stay countable
    # Nothing personal is left in the history either.
    for record in Contribution.history.all():
        assert not hasattr(record, "email") and not hasattr(record, "author_name")
    assert export_personal_data(email="a@example.org")["contributions"] == []


def test_dry_run_changes_nothing(version, settings):
    settings.LIP_PROCESS_END = "2021-02-25"
    comment = CommentFactory(version=version)
    counts = purge_personal_data(dry_run=True)
    assert counts["contributions_anonymised"] == 1
    comment.refresh_from_db()
    assert comment.email


def test_purge_command(version, settings):
    settings.LIP_PROCESS_END = datetime.date(2021, 2, 25)
    CommentFactory(version=version)
    out = io.StringIO()
    call_command("purge_personal_data", stdout=out)
    assert "Prozessende 25.02.2021" in out.getvalue()
    assert "Beiträge anonymisiert: 1" in out.getvalue()
    assert Contribution.objects.get().email == ""


def test_art_15_export_has_everything_about_one_address(version, group, member):
    address = "person@example.org"
    comment = CommentFactory(version=version, email=address, text="Mein Kommentar")
    answer(item=comment, outcome="beruecksichtigt", reason="Übernommen.", by=member)
    SuggestionFactory(email=address, title="Mein Vorschlag")
    ConcernFactory(email=address, text="Mein Anliegen")
    RegistrationFactory(
        email=address,
        name="Pat Beispiel",
        interpreting_language="Polnisch",
        needs_consent_at=timezone.now(),
    )
    PersonFactory(email=address, given_name="Pat", family_name="Beispiel")
    NominationFactory(contact_email=address)
    CommentFactory(version=version, email="jemand-anders@example.org", text="Fremd")

    data = export_personal_data(email="Person@Example.org ")

    assert data["email"] == address
    texts = [item["text"] for item in data["contributions"]]
    assert sorted(texts) == sorted(
        ["Mein Kommentar", comment.__class__.objects.get(title="Mein Vorschlag").text]
    )
    answered = next(i for i in data["contributions"] if i["text"] == "Mein Kommentar")
    assert answered["consideration"]["outcome"] == "berücksichtigt"
    assert answered["consent_at"] and answered["privacy_notice_version"] == "2020-01"
    assert data["concerns"][0]["text"] == "Mein Anliegen"
    assert data["event_registrations"][0]["interpreting_language"] == "Polnisch"
    assert data["persons"][0]["name"] == "Pat Beispiel"
    assert len(data["nominations"]) == 1
    assert "Fremd" not in json.dumps(data)


def test_export_command_writes_json(version, tmp_path):
    CommentFactory(version=version, email="x@example.org", text="Hallo")
    out = io.StringIO()
    call_command("export_personal_data", "x@example.org", stdout=out)
    data = json.loads(out.getvalue())
    assert data["contributions"][0]["text"] == "Hallo"

    target = tmp_path / "auskunft.json"
    call_command("export_personal_data", "x@example.org", output=str(target), stderr=io.StringIO())
    assert json.loads(target.read_text(encoding="utf-8"))["email"] == "x@example.org"


def test_concern_history_keeps_no_address():
    concern = ConcernFactory(email="geheim@example.org")
    record = Concern.history.get(id=concern.pk)
    assert "geheim" not in json.dumps(
        {f.name: str(getattr(record, f.name)) for f in record._meta.fields}
    )
