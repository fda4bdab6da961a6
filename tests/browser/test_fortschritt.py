import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from etappen.models import ConsultationRequest, Draft
from gremien.models import Committee
from lip.events import record_event
from lip.roles import Role
from tests.conftest import user_with_role
from tests.etappen.factories import (
    CatalogueStageFactory,
    DraftFactory,
    DraftVersionFactory,
    StageFactory,
)
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def process_data():
    call_command("loaddata", "structure", verbosity=0)
    groups = list(Committee.objects.filter(kind="expertengruppe"))
    stage = StageFactory()
    CatalogueStageFactory()
    for group, state in zip(groups, Draft.State.values * 2, strict=False):
        DraftFactory(stage=stage, committee=group, state=state)
    record_event(kind="draft_submitted", summary="Bildung hat Fassung 1 eingereicht", public=True)
    # A submitted Fassung whose consultation ended: a Beirat and the steering group are late.
    version = DraftVersionFactory(
        draft=Draft.objects.filter(state=Draft.State.SUBMITTED).first(), number=1
    )
    late = timezone.localdate() - datetime.timedelta(days=3)
    for kind, body in (
        (ConsultationRequest.Kind.DECISION, "lenkungsgruppe"),
        (ConsultationRequest.Kind.ASSESSMENT, "integrationsbeirat"),
    ):
        ConsultationRequest.objects.create(
            version=version,
            committee=Committee.objects.filter(kind=body).first(),
            kind=kind,
            deadline=late,
        )


def test_progress_page_with_diagrams_is_accessible(visitor, process_data):
    visitor.open("/fortschritt/")

    # The diagrams are text in boxes (tests/browser/test_diagrams.py checks them in detail).
    figures = visitor.page.locator("figure.lip-diagram")
    assert figures.count() == 2
    for index in range(2):
        assert figures.nth(index).get_attribute("aria-labelledby")
    organisation = visitor.page.get_by_role(
        "figure", name="Wer am Lokalen Integrationsplan arbeitet"
    )
    assert organisation.get_by_text("Erarbeiten die Entwürfe").is_visible()
    visitor.check()
    visitor.screenshot("fortschritt")


def test_progress_page_internal_detail_for_committee_member(visitor, process_data):
    user_with_role(Role.COMMITTEE, username="ausschuss-mitglied")
    visitor.open("/konto/anmelden/")
    visitor.page.get_by_label("Benutzername").fill("ausschuss-mitglied")
    visitor.page.get_by_label("Passwort").fill(PASSWORD)
    visitor.page.get_by_role("button", name="Anmelden").click()

    visitor.open("/fortschritt/")

    assert visitor.page.get_by_role("heading", name="Interne Übersicht").is_visible()
    overdue = visitor.page.locator("#ueberfaellig ~ .table-responsive table").first
    assert overdue.get_by_text("Beschluss", exact=True).is_visible()
    assert overdue.get_by_text("3 Tage überfällig").count() == 2
    visitor.screenshot("fortschritt-intern")


def test_start_page_draws_both_diagrams(visitor, process_data):
    visitor.open("/")

    assert visitor.page.locator("figure.lip-diagram").count() == 2
    assert visitor.page.get_by_text("6 Expert*innengruppen: Soziales").is_visible()


def test_account_page_marks_the_overdue_statement(visitor, process_data):
    from tests.factories import MembershipFactory, PersonFactory, UserFactory

    council = Committee.objects.filter(kind="integrationsbeirat").first()
    user = UserFactory(username="beirat-mitglied")
    MembershipFactory(committee=council, person=PersonFactory(user=user))
    visitor.open("/konto/anmelden/")
    visitor.page.get_by_label("Benutzername").fill("beirat-mitglied")
    visitor.page.get_by_label("Passwort").fill(PASSWORD)
    visitor.page.get_by_role("button", name="Anmelden").click()

    visitor.open("/konto/")

    assert visitor.page.get_by_text("1 Aufgabe ist überfällig.").is_visible()
    assert visitor.page.get_by_role("link", name="Fassung 1 der Expert*innengruppe").is_visible()
    visitor.screenshot("konto-aufgaben")


def test_account_page_with_work_is_accessible(visitor):
    from tests.factories import MembershipFactory, PersonFactory, UserFactory

    draft = DraftFactory()
    user = UserFactory(username="gruppenmitglied")
    MembershipFactory(committee=draft.committee, person=PersonFactory(user=user))
    user_with_role(Role.OFFICE, username="amt", is_staff=True)
    for username in ("gruppenmitglied", "amt"):
        visitor.page.context.clear_cookies()
        visitor.open("/konto/anmelden/")
        visitor.page.get_by_label("Benutzername").fill(username)
        visitor.page.get_by_label("Passwort").fill(PASSWORD)
        visitor.page.get_by_role("button", name="Anmelden").click()
        visitor.check()
        assert visitor.page.get_by_role("heading", name="Meine Aufgaben").is_visible()
