"""Vorschläge (same mechanism as comments) and Anliegen (routed by OE 50.6 to a group)."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from beteiligung.models import Concern, Contribution
from beteiligung.services import enter_concern, mark_concern_as_spam, route_concern
from tests.etappen.factories import member_of

from .conftest import last_mail_to, links_in
from .factories import ConcernFactory, EventFactory, ExpertGroupFactory, SuggestionFactory

pytestmark = pytest.mark.django_db


def suggestion_data(group, **overrides):
    data = {
        "committee": group.pk,
        "title": "Sprachcafés in jeder Bibliothek",
        "text": "Offene Sprachcafés, ehrenamtlich begleitet.",
        "author_name": "Lena",
        "email": "lena@example.org",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def test_suggestion_double_opt_in_then_approval(
    client, group, office, django_capture_on_commit_callbacks
):
    url = reverse("beteiligung:suggestion-create")
    assert client.get(url + f"?themenfeld={group.slug}").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, suggestion_data(group))
    assert response.status_code == 302
    suggestion = Contribution.objects.get()
    assert suggestion.kind == Contribution.Kind.SUGGESTION
    assert suggestion.committee == group

    (path,) = links_in(last_mail_to("lena@example.org"))
    client.post(path)
    suggestion.refresh_from_db()
    assert suggestion.status == Contribution.Status.PENDING  # Vorschläge are always checked first
    topic_url = reverse("beteiligung:topic-detail", args=[group.slug])
    assert "Sprachcafés" not in client.get(topic_url).content.decode()

    client.force_login(office)
    client.post(reverse("beteiligung:contribution-approve", args=[suggestion.pk]))
    client.logout()
    assert "Sprachcafés in jeder Bibliothek" in client.get(topic_url).content.decode()


def test_suggestion_form_honeypot_and_rate_limit(client, group, django_capture_on_commit_callbacks):
    url = reverse("beteiligung:suggestion-create")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, suggestion_data(group, website="spam"))
    assert not Contribution.objects.exists()
    assert mail.outbox == []

    with override_settings(RATE_LIMITS={"contribution_email": "1/h"}):
        assert client.post(url, suggestion_data(group)).status_code == 302
        response = client.post(url, suggestion_data(group, title="Zweiter Vorschlag"))
    assert response.status_code == 200
    assert "Zweiter Vorschlag" in response.content.decode()


def test_suggestion_needs_an_expert_group(client):
    from tests.factories import CommitteeFactory

    other = CommitteeFactory(kind="rat")
    response = client.post(reverse("beteiligung:suggestion-create"), suggestion_data(other))
    assert response.status_code == 200
    assert not Contribution.objects.exists()


def test_concern_online_confirm_route_and_group_sees_it(
    client, group, office, member, django_capture_on_commit_callbacks
):
    url = reverse("beteiligung:concern-create")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "topic": "",
                "text": "Die Elternabende brauchen Dolmetschende.",
                "email": "eltern@example.org",
                "consent": "on",
                "website": "",
            },
        )
    assert response.status_code == 302
    concern = Concern.objects.get()
    assert concern.status == Concern.Status.UNCONFIRMED
    message = last_mail_to("eltern@example.org")
    assert message.subject == "Bitte bestätigen Sie Ihr Anliegen"
    (path,) = links_in(message)
    client.post(path)
    concern.refresh_from_db()
    assert concern.status == Concern.Status.RECEIVED

    # The expert group does not see it before it is routed to them.
    client.force_login(member)
    assert "Elternabende" not in client.get(reverse("beteiligung:concern-list")).content.decode()

    client.force_login(office)
    assert "Elternabende" in client.get(reverse("beteiligung:concern-list")).content.decode()
    client.post(reverse("beteiligung:concern-route", args=[concern.pk]), {"committee": group.pk})
    concern.refresh_from_db()
    assert concern.routed_to == group
    assert concern.status == Concern.Status.ROUTED

    client.force_login(member)
    assert "Elternabende" in client.get(reverse("beteiligung:concern-list")).content.decode()
    other = member_of(ExpertGroupFactory(), username="andere")
    client.force_login(other)
    assert "Elternabende" not in client.get(reverse("beteiligung:concern-list")).content.decode()


def test_office_enters_concerns_from_events(client, office, group):
    event = EventFactory(title="Auftakt")
    client.force_login(office)
    response = client.post(
        reverse("beteiligung:concern-enter"),
        {"topic": group.pk, "text": "Mehr Sport für Mädchen", "event": event.pk},
    )
    assert response.status_code == 302
    concern = Concern.objects.get()
    assert concern.source == Concern.Source.EVENT
    assert concern.event == event
    assert concern.entered_by == office
    assert concern.email == ""
    assert concern.status == Concern.Status.RECEIVED


def test_concern_routing_rules(office, group):
    concern = ConcernFactory()
    with pytest.raises(ValidationError):
        from tests.factories import CommitteeFactory

        route_concern(concern=concern, committee=CommitteeFactory(kind="rat"), by=office)
    route_concern(concern=concern, committee=group, by=office)
    other = ExpertGroupFactory()
    route_concern(concern=concern, committee=other, by=office)  # re-routing while unanswered
    concern.refresh_from_db()
    assert concern.routed_to == other
    with pytest.raises(ValidationError):
        mark_concern_as_spam(concern=concern, by=office)


def test_spam_concerns_are_never_shown(client, office, group):
    concern = ConcernFactory(text="Kaufen Sie jetzt")
    mark_concern_as_spam(concern=concern, by=office)
    with pytest.raises(ValidationError):
        route_concern(concern=concern, committee=group, by=office)


def test_concern_pages_need_a_group_or_the_office(client, citizen_user):
    assert client.get(reverse("beteiligung:concern-list")).status_code == 302
    client.force_login(citizen_user)
    assert client.get(reverse("beteiligung:concern-list")).status_code == 403
    assert client.get(reverse("beteiligung:concern-enter")).status_code == 403


def test_enter_concern_service_records_an_internal_event(office):
    from lip.models import ProcessEvent

    enter_concern(topic=None, text="Beratung", event=None, by=office)
    assert ProcessEvent.objects.get(kind="concern_entered").is_public is False


def test_unpublished_suggestions_are_not_reportable(client):
    pending = SuggestionFactory(status="zu_pruefen", published_at=None)
    assert (
        client.get(reverse("beteiligung:contribution-report", args=[pending.pk])).status_code == 404
    )
