"""The pages: who may report on what, what the public sees, the office's approval, and the
fixed number of queries."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from beteiligung.models import Concern, Consideration, Contribution
from lip.roles import Role
from tests.beteiligung.factories import CommentFactory, ConcernFactory
from tests.conftest import user_with_role
from tests.factories import PersonFactory
from umsetzung.models import AnnualReport, IndicatorValue, Status, StatusReport
from umsetzung.services import (
    approve_report,
    create_measures_from_catalogue,
    return_report,
    save_report,
)

from .conftest import person_in
from .factories import adopted_catalogue, unit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


def django_assert_num_queries_of(count):
    """Like pytest-django's fixture, but usable after setting up data inside the test."""

    class _Check(CaptureQueriesContext):
        def __exit__(self, *args):
            super().__exit__(*args)
            assert len(self) == count, f"{len(self)} queries instead of {count}"

    return _Check(connection)


def _post_report(client, measure, **extra):
    data = {
        "bericht-reported_on": timezone.localdate().isoformat(),
        "bericht-text": "Acht Familien begleitet.",
        "bericht-proposed_status": Status.STARTED,
        "bericht-proposed_reason": "",
        **extra,
    }
    return client.post(reverse("umsetzung:report-form", args=[measure.pk]), data)


def _post_value(client, measure, value):
    data = {
        "wert-indicator": measure.indicators.get().pk,
        "wert-date": "2023-01-01",
        "wert-value": value,
    }
    return client.post(reverse("umsetzung:indicator-value-add", args=[measure.pk]), data)


def test_unit_reports_on_its_measure(client, tracked, school_user):
    client.force_login(school_user)
    measure = tracked.measures[0]
    response = _post_report(client, measure, einreichen="1")
    assert response.status_code == 302
    report = StatusReport.objects.get()
    assert report.state == StatusReport.State.SUBMITTED
    assert report.written_by == school_user
    assert report.unit == tracked.school


def test_other_unit_gets_403_and_nothing_changes(client, tracked, other_user):
    client.force_login(other_user)
    measure = tracked.measures[0]
    assert client.get(reverse("umsetzung:report-form", args=[measure.pk])).status_code == 403
    assert _post_report(client, measure, einreichen="1").status_code == 403
    assert _post_value(client, measure, "3").status_code == 403
    assert not StatusReport.objects.exists()
    assert not IndicatorValue.objects.exists()
    assert client.get(reverse("umsetzung:unit-measures")).status_code == 403


def test_unknown_measure_is_404(client, tracked, school_user):
    client.force_login(school_user)
    assert client.get(reverse("umsetzung:report-form", args=[9999])).status_code == 404


def test_anonymous_is_sent_to_login(client, tracked):
    response = client.get(reverse("umsetzung:report-form", args=[tracked.measures[0].pk]))
    assert response.status_code == 302
    assert "/konto/anmelden/" in response["Location"]


def test_dezernat_of_the_unit_reports_too(client, tracked, department_user):
    client.force_login(department_user(tracked.department))
    measure = tracked.measures[0]
    assert client.get(reverse("umsetzung:report-form", args=[measure.pk])).status_code == 200
    other_department = department_user(unit("Dezernat X"))
    client.force_login(other_department)
    assert client.get(reverse("umsetzung:report-form", args=[measure.pk])).status_code == 403


def test_unit_list_shows_only_its_measures(client, tracked, school_user):
    adopted_catalogue(measures=1, unit_name="Fachbereich Kultur", number="0572/2022")
    create_measures_from_catalogue()
    client.force_login(school_user)
    response = client.get(reverse("umsetzung:unit-measures"))
    assert [m.pk for m in response.context["measures"]] == [m.pk for m in tracked.measures]


def test_indicator_value_through_the_form(client, tracked, school_user):
    client.force_login(school_user)
    response = _post_value(client, tracked.measures[0], "12,5")
    assert response.status_code == 302
    assert IndicatorValue.objects.get().value == Decimal("12.5")


def test_abandoned_without_reason_is_refused_with_the_text_kept(client, tracked, school_user):
    client.force_login(school_user)
    response = _post_report(
        client, tracked.measures[0], einreichen="1", **{"bericht-proposed_status": "aufgegeben"}
    )
    assert response.status_code == 400
    assert "Acht Familien begleitet." in response.content.decode()
    assert not StatusReport.objects.exists()


def _report(measure, user, text, *, submit=True):
    return save_report(
        measure=measure,
        by=user,
        reported_on=timezone.localdate(),
        text=text,
        proposed_status=Status.STARTED,
        submit=submit,
    )


def test_only_approved_reports_are_public(client, tracked, school_user, office_user):
    first, second = tracked.measures
    approved = _report(first, school_user, "Freigegebener Bericht")
    approve_report(report=approved, by=office_user)
    _report(first, school_user, "Eingereichter Bericht")
    returned = _report(second, school_user, "Zurückgegebener Bericht")
    return_report(report=returned, by=office_user, note="Bitte ergänzen.")
    page = client.get(first.get_absolute_url()).content.decode()
    assert "Freigegebener Bericht" in page
    assert "Eingereichter Bericht" not in page
    other = client.get(second.get_absolute_url()).content.decode()
    assert "Zurückgegebener Bericht" not in other
    assert "Bitte ergänzen." not in other
    _report(second, school_user, "Entwurf", submit=False)
    assert "Entwurf" not in client.get(second.get_absolute_url()).content.decode()


def test_approval_queue_is_for_the_office_only(client, tracked, school_user, office_user):
    report = _report(tracked.measures[0], school_user, "Bericht")
    client.force_login(school_user)
    assert client.get(reverse("umsetzung:approval-queue")).status_code == 403
    assert client.post(reverse("umsetzung:report-approve", args=[report.pk])).status_code == 403
    report.refresh_from_db()
    assert report.state == StatusReport.State.SUBMITTED
    client.force_login(office_user)
    page = client.get(reverse("umsetzung:approval-queue"))
    assert page.status_code == 200
    assert "Bericht" in page.content.decode()
    response = client.post(reverse("umsetzung:report-approve", args=[report.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == StatusReport.State.APPROVED


def test_office_returns_with_a_note(client, tracked, school_user, office_user):
    report = _report(tracked.measures[0], school_user, "Bericht")
    client.force_login(office_user)
    client.post(reverse("umsetzung:report-return", args=[report.pk]), {f"r{report.pk}-note": ""})
    report.refresh_from_db()
    assert report.state == StatusReport.State.SUBMITTED
    client.post(
        reverse("umsetzung:report-return", args=[report.pk]),
        {f"r{report.pk}-note": "Bitte Zahlen nennen."},
    )
    report.refresh_from_db()
    assert report.state == StatusReport.State.RETURNED


def test_filters(client, tracked, school_user, office_user):
    first, second = tracked.measures
    approve_report(report=_report(first, school_user, "x"), by=office_user)
    response = client.get(reverse("umsetzung:index"), {"status": Status.STARTED})
    assert [m.pk for m in response.context["measures"]] == [first.pk]
    response = client.get(reverse("umsetzung:index"), {"zielgruppe": "Schüler*innen"})
    assert [m.pk for m in response.context["measures"]] == [second.pk]
    response = client.get(reverse("umsetzung:index"), {"themenfeld": first.topic.slug})
    assert len(response.context["measures"]) == 2
    response = client.get(reverse("umsetzung:index"), {"status": "unsinn"})
    assert len(response.context["measures"]) == 2
    page = response.content.decode()
    assert 'data-state="geplant"' in page


def _comment_on(version, section, **kwargs):
    return CommentFactory(version=version, section=section, **kwargs)


def _routed_concern(catalogue):
    return ConcernFactory(
        routed_to=catalogue.version.draft.committee, status="zugeordnet", routed_at=timezone.now()
    )


def _consider(catalogue, office_user, outcome, reason="Ja.", **source):
    """The answer to a comment (``contribution=``) or a concern (``concern=``) that led to the
    catalogue's first measure."""
    return Consideration.objects.create(
        **source,
        committee=catalogue.version.draft.committee,
        outcome=outcome,
        reason=reason,
        later_section=catalogue.measures[0],
        answered_by=office_user,
    )


def test_measure_links_to_the_comments_and_concerns_that_shaped_it(client, office_user):
    unit("Fachbereich Schule")
    catalogue = adopted_catalogue(measures=1, published=True)
    measure = create_measures_from_catalogue()[0]
    source = catalogue.first_version.sections.get(kind="massnahme")
    # 21 earlier comments on the same section: the linked one is on the second page.
    for _ in range(21):
        _comment_on(catalogue.first_version, source)
    comment = _comment_on(catalogue.first_version, source, text="Auch in Linden bitte!")
    _consider(
        catalogue,
        office_user,
        Consideration.Outcome.CONSIDERED,
        "Linden ist aufgenommen.",
        contribution=comment,
    )
    concern = _routed_concern(catalogue)
    _consider(
        catalogue,
        office_user,
        Consideration.Outcome.PARTLY_CONSIDERED,
        "Teilweise.",
        concern=concern,
    )
    hidden = _comment_on(catalogue.first_version, source, text="Nicht veröffentlicht")
    Contribution.objects.filter(pk=hidden.pk).update(status=Contribution.Status.PENDING)
    _consider(
        catalogue, office_user, Consideration.Outcome.NOTED, "Zur Kenntnis.", contribution=hidden
    )
    page = client.get(measure.get_absolute_url()).content.decode()
    comment_url = (
        reverse("beteiligung:section-comments", args=[catalogue.first_version.pk, source.key])
        + f"?seite=2#kommentar-{comment.pk}"
    )
    assert f'href="{comment_url}"' in page
    assert "Linden ist aufgenommen." in page
    assert f"#anliegen-{concern.pk}" in page
    assert "Nicht veröffentlicht" not in page
    # The link leads to the comment.
    assert f'id="kommentar-{comment.pk}"' in client.get(comment_url).content.decode()
    # Where it came from: goal, intermediate goal, the version that introduced it.
    assert "Bildungsgerechtigkeit" in page
    assert f'href="{catalogue.first_version.get_absolute_url()}"' in page


def test_indicator_chart_is_svg_with_a_table(client, tracked):
    indicator = tracked.measures[0].indicators.get()
    indicator.baseline, indicator.target = Decimal("0"), Decimal("200")
    indicator.save()
    for day, value in [("2022-12-31", "12"), ("2023-06-30", "61")]:
        IndicatorValue.objects.create(
            indicator=indicator, date=datetime.date.fromisoformat(day), value=Decimal(value)
        )
    page = client.get(tracked.measures[0].get_absolute_url()).content.decode()
    svg = re.search(r"<svg class=\"lip-chart\".*?</svg>", page, re.S).group(0)
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert svg.count("<circle") == 2
    assert "chart-target" in svg
    assert '<td class="text-end">61</td>' in page


def _measures(n, office_user, school_user, number):
    adopted_catalogue(measures=n, number=number)
    created = create_measures_from_catalogue()
    for measure in created:
        approve_report(report=_report(measure, school_user, "Bericht"), by=office_user)
        indicator = measure.indicators.first()
        if indicator:
            IndicatorValue.objects.create(
                indicator=indicator, date=datetime.date(2023, 1, 1), value=Decimal(3)
            )
    return created


@pytest.mark.parametrize("url_name", ["umsetzung:index", "umsetzung:annual-report"])
def test_list_pages_run_a_fixed_number_of_queries(
    client, django_assert_num_queries, office_user, url_name
):
    AnnualReport.objects.create(year=2023, due_on=datetime.date(2023, 11, 30))
    school = unit("Fachbereich Schule")
    user = person_in(school)
    kwargs = {"year": 2023} if url_name == "umsetzung:annual-report" else {}
    url = reverse(url_name, kwargs=kwargs)
    _measures(2, office_user, user, "0571/2022")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _measures(12, office_user, user, "0572/2022")
    with django_assert_num_queries(len(small)):
        response = client.get(url)
    assert (
        len(
            response.context["measures"]
            if "measures" in response.context
            else response.context["data"].rows
        )
        == 14
    )


def test_measure_page_runs_a_fixed_number_of_queries(client, office_user):
    user = person_in(unit("Fachbereich Schule"))
    catalogue = adopted_catalogue(measures=1, published=True)
    measure = create_measures_from_catalogue()[0]
    source = catalogue.first_version.sections.get(kind="massnahme")

    def link(n):
        for _ in range(n):
            comment = _comment_on(catalogue.first_version, source)
            _consider(
                catalogue, office_user, Consideration.Outcome.CONSIDERED, contribution=comment
            )
            concern = _routed_concern(catalogue)
            _consider(catalogue, office_user, Consideration.Outcome.NOTED, concern=concern)
            approve_report(report=_report(measure, user, "Bericht"), by=office_user)
            IndicatorValue.objects.create(
                indicator=measure.indicators.get(),
                date=datetime.date(2020, 1, 1) + datetime.timedelta(days=Concern.objects.count()),
                value=Decimal(Concern.objects.count()),
            )

    link(1)
    url = measure.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    link(10)
    with django_assert_num_queries_of(len(small)):
        response = client.get(url)
    assert len(response.context["origins"]) == 22
    assert len(response.context["reports"]) == 11


def test_page_cache_follows_approval(client, settings, tracked, school_user, office_user):
    settings.PAGE_CACHE_ENABLED = True
    url = tracked.measures[0].get_absolute_url()
    assert "Neuer Bericht" not in client.get(url).content.decode()
    approve_report(
        report=_report(tracked.measures[0], school_user, "Neuer Bericht"), by=office_user
    )
    assert "Neuer Bericht" in client.get(url).content.decode()


def test_role_alone_does_not_grant_reporting(client, tracked):
    user = user_with_role(Role.DEPARTMENT)
    PersonFactory(user=user, organization=None)
    client.force_login(user)
    assert (
        client.get(reverse("umsetzung:report-form", args=[tracked.measures[0].pk])).status_code
        == 403
    )


@pytest.mark.parametrize("url_name", ["umsetzung:approval-queue", "umsetzung:unit-measures"])
def test_internal_lists_run_a_fixed_number_of_queries(client, office_user, url_name):
    school = unit("Fachbereich Schule")
    user = person_in(school)
    viewer = office_user if url_name == "umsetzung:approval-queue" else user

    def submitted(n, number):
        adopted_catalogue(measures=n, number=number)
        for measure in create_measures_from_catalogue():
            _report(measure, user, "Bericht")

    submitted(1, "0571/2022")
    client.force_login(viewer)
    url = reverse(url_name)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    submitted(8, "0572/2022")
    with django_assert_num_queries_of(len(small)):
        response = client.get(url)
    items = response.context["reports" if "reports" in response.context else "measures"]
    assert len(items) == 9
