"""A citizen follows a measure back to the comment that inspired it, in Chromium, axe-clean on
every page, on a phone (360 px) without horizontal scrolling."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group

from beteiligung.models import Consideration
from gremien.models import Organization
from lip.roles import Role
from tests.beteiligung.factories import CommentFactory
from tests.factories import PASSWORD, DepartmentFactory, PersonFactory, UserFactory
from tests.umsetzung.factories import adopted_catalogue, unit
from umsetzung.models import AnnualReport, IndicatorValue, Status, StatusReport
from umsetzung.services import approve_report, create_measures_from_catalogue, save_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def measure_with_origin():
    unit("Fachbereich Schule")
    catalogue = adopted_catalogue(measures=2, published=True)
    measures = create_measures_from_catalogue()
    measure = measures[0]
    office = UserFactory(is_staff=True)
    source = catalogue.first_version.sections.get(kind="massnahme")
    comment = CommentFactory(
        version=catalogue.first_version,
        section=source,
        text="Bitte die Lots*innen auch in Linden einsetzen.",
    )
    Consideration.objects.create(
        contribution=comment,
        committee=catalogue.version.draft.committee,
        outcome=Consideration.Outcome.CONSIDERED,
        reason="Linden ist aufgenommen.",
        later_section=catalogue.measures[0],
        answered_by=office,
    )
    report = save_report(
        measure=measure,
        by=office,
        reported_on=datetime.date(2023, 9, 30),
        text="Zwölf Lots*innen sind unterwegs.",
        proposed_status=Status.DELAYED,
        proposed_reason="Es fehlen Dolmetschende.",
        submit=True,
    )
    approve_report(report=report, by=office)
    indicator = measure.indicators.get()
    indicator.baseline, indicator.target, indicator.unit = Decimal(0), Decimal(200), "Familien"
    indicator.save()
    for day, value in [("2022-12-31", 12), ("2023-06-30", 61), ("2023-09-30", 85)]:
        IndicatorValue.objects.create(
            indicator=indicator, date=datetime.date.fromisoformat(day), value=Decimal(value)
        )
    return measure, comment


def fits(visitor) -> bool:
    return visitor.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_citizen_goes_from_a_measure_to_the_comment(visitor, measure_with_origin):
    measure, comment = measure_with_origin
    page = visitor.page
    page.set_viewport_size({"width": 360, "height": 800})

    visitor.open("/umsetzung/")
    assert fits(visitor)
    page.get_by_label("Status", exact=True).select_option("verzoegert")
    page.get_by_role("button", name="Anzeigen", exact=True).click()
    visitor.check()
    assert fits(visitor)
    page.get_by_role("link", name=measure.title).click()
    visitor.check()
    assert fits(visitor)
    assert page.locator("svg.lip-chart[role=img]").count() == 1
    assert page.get_by_text("Zwölf Lots*innen sind unterwegs.").is_visible()

    page.get_by_role("link", name="Kommentar").first.click()
    visitor.check()
    target = page.locator(f"#kommentar-{comment.pk}")
    assert target.is_visible()
    assert "Bitte die Lots*innen auch in Linden einsetzen." in target.inner_text()
    assert fits(visitor)


def _sign_in(visitor, username):
    page = visitor.page
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    visitor.check()


def test_unit_reports_and_office_approves(visitor, measure_with_origin):
    measure, _comment = measure_with_origin
    department = DepartmentFactory(name="Dezernat IV")
    Organization.objects.filter(name="Fachbereich Schule").update(parent=department)
    user = UserFactory(username="dezernat4", password=PASSWORD)
    user.groups.add(Group.objects.get_or_create(name=Role.DEPARTMENT.value)[0])
    PersonFactory(user=user, organization=department)
    office = UserFactory(username="oe506", password=PASSWORD)
    office.groups.add(Group.objects.get_or_create(name=Role.OFFICE.value)[0])
    page = visitor.page
    page.set_viewport_size({"width": 360, "height": 800})

    visitor.open("/umsetzung/meine/")
    _sign_in(visitor, "dezernat4")
    assert fits(visitor)
    page.get_by_role("link", name=measure.title).click()
    visitor.check()
    assert fits(visitor)
    page.get_by_role("textbox", name="Sachstandsbericht").fill(
        "Das Angebot läuft jetzt in drei Stadtbezirken."
    )
    page.locator("#id_bericht-proposed_status").select_option("begonnen")
    page.get_by_role("button", name="Bei der Geschäftsstelle einreichen").click()
    visitor.check()
    assert StatusReport.objects.filter(state=StatusReport.State.SUBMITTED).count() == 1

    page.context.clear_cookies()
    visitor.open("/umsetzung/freigabe/")
    _sign_in(visitor, "oe506")
    assert fits(visitor)
    page.get_by_role("button", name="Freigeben und veröffentlichen").click()
    visitor.check()
    measure.refresh_from_db()
    assert measure.status == Status.STARTED

    page.context.clear_cookies()
    visitor.open(measure.get_absolute_url())
    assert page.get_by_text("Das Angebot läuft jetzt in drei Stadtbezirken.").is_visible()
    AnnualReport.objects.create(year=2023, due_on=datetime.date(2023, 11, 30))
    visitor.open("/umsetzung/jahresbericht/2023/")
    assert fits(visitor)
