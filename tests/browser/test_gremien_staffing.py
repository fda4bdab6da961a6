"""A Dezernat IV account staffs "Bildung" in Chromium: from the pool and by hand, until complete."""

import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from gremien.models import Membership, Nomination
from lip.roles import Role
from tests.factories import (
    PASSWORD,
    DepartmentFactory,
    ExpertGroupFactory,
    MembershipFactory,
    NominationFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def bildung():
    """Bildung, led by Dezernat IV, with 2 internal, 2 external, management and advisory seated."""
    department = DepartmentFactory(
        name="Dezernat IV – Bildung, Jugend und Familie", short_name="IV"
    )
    group = ExpertGroupFactory(name="Bildung", slug="bildung")
    group.lead_departments.add(department)
    for role in ["intern", "intern", "extern", "extern", "geschaeftsfuehrung", "fachberatung"]:
        MembershipFactory(committee=group, role=role)
    NominationFactory(committee=group, given_name="Zoraida", family_name="Poolmann")
    NominationFactory(committee=group, given_name="Ilias", family_name="Vorschlagsson")
    PersonFactory(given_name="Wiebke", family_name="Wissenschaftlerin", organization=None)
    # Transactional tests empty the tables between tests, so the role group may be gone.
    role, _created = Group.objects.get_or_create(name=Role.DEPARTMENT.value)
    user = UserFactory(username="dezernat4", password=PASSWORD)
    user.groups.add(role)
    PersonFactory(user=user, organization=department)
    return group


def german(msgid: str) -> str:
    with translation.override("de"):
        return translation.gettext(msgid)


def test_department_staffs_bildung_until_complete(visitor, bildung):
    page = visitor.page

    visitor.open("/gremien/besetzung/")
    assert "/konto/anmelden/" in page.url
    page.get_by_label("Benutzername").fill("dezernat4")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    visitor.check()
    assert page.url.endswith("/gremien/besetzung/")
    assert page.locator("main h1").inner_text() == "Besetzung der Expert*innengruppen"

    page.get_by_role("link", name="Bildung", exact=True).click()
    visitor.check()
    assert page.url.endswith("/gremien/bildung/besetzung/")
    check = page.get_by_role("region", name="Besetzungsprüfung")
    assert german("Staffing incomplete:") in check.inner_text()

    # Take over a person from the pool as an external expert.
    pool = page.get_by_role("region", name="Pool der Initiativvorschläge")
    proposal = pool.get_by_role("article", name="Zoraida Poolmann")
    proposal.get_by_label("Rolle in der Gruppe").select_option(label="Externe*r Expert*in")
    proposal.get_by_role("button", name="Übernehmen – Zoraida Poolmann").click()
    visitor.check()
    assert (
        "Zoraida Poolmann wurde aus dem Pool in „Bildung“ übernommen."
        in page.get_by_role("status").inner_text()
    )
    members = page.get_by_role("region", name="Aktuelle Mitglieder")
    assert members.get_by_role("rowheader", name="Zoraida Poolmann").count() == 1
    assert (
        "Zoraida"
        not in page.get_by_role("region", name="Pool der Initiativvorschläge").inner_text()
    )

    # A form with a mistake keeps what was typed and says what is wrong.
    form = page.get_by_role("region", name="Mitglied hinzufügen")
    form.get_by_label("E-Mail").fill("neu@example.org")
    form.get_by_role("button", name="Mitglied hinzufügen").click()
    visitor.check()
    form = page.get_by_role("region", name="Mitglied hinzufügen")
    assert "Vor- und Nachnamen einer neuen Person" in form.get_by_role("alert").inner_text()
    assert form.get_by_label("E-Mail").input_value() == "neu@example.org"

    # Add a new person by hand.
    form.get_by_label("Vorname").fill("Nora")
    form.get_by_label("Nachname").fill("Neumann")
    form.get_by_label("Rolle in der Gruppe").select_option(label="Externe*r Expert*in")
    form.get_by_role("button", name="Mitglied hinzufügen").click()
    visitor.check()
    assert (
        "Nora Neumann ist jetzt Mitglied von „Bildung“." in page.get_by_role("status").inner_text()
    )

    # And an existing person for the scientific support: now the scheme holds.
    form = page.get_by_role("region", name="Mitglied hinzufügen")
    form.get_by_label("Person aus dem Verzeichnis").select_option(label="Wissenschaftlerin, Wiebke")
    form.get_by_label("Rolle in der Gruppe").select_option(label="Wissenschaftliche Begleitung")
    form.get_by_role("button", name="Mitglied hinzufügen").click()
    visitor.check()

    check = page.get_by_role("region", name="Besetzungsprüfung")
    assert german("Staffing complete:") in check.inner_text()
    assert german("Staffing incomplete:") not in check.inner_text()
    assert Membership.objects.filter(committee=bildung, end_date=None).count() == 9
    assert Nomination.objects.get(family_name="Poolmann").status == Nomination.Status.ACCEPTED
    visitor.screenshot("gremien-besetzung-vollstaendig")

    visitor.open("/gremien/besetzung/")
    assert german("Staffing complete:") in page.locator("main").inner_text()


def test_a_group_member_proposes_a_new_topic_scope(visitor, bildung):
    from gremien.models import ScopeChange

    member = UserFactory(username="expertin", password=PASSWORD)
    MembershipFactory(committee=bildung, role="extern", person=PersonFactory(user=member))
    page = visitor.page
    visitor.open("/konto/anmelden/")
    page.get_by_label("Benutzername").fill("expertin")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    visitor.check()

    visitor.open("/gremien/bildung/")
    page.get_by_role("link", name="Änderung des Themenzuschnitts vorschlagen").click()
    visitor.check()
    page.get_by_label("Neuer Name").fill("Bildung und Sprache")
    page.get_by_label("Neue Unterthemen").fill("Frühkindliche Bildung\nSprache")
    page.get_by_label("Begründung").fill("Sprache gehört dazu.")
    page.get_by_role("button", name="Änderung vorschlagen").click()
    visitor.check()

    change = ScopeChange.objects.get()
    assert (change.new_name, change.proposed_by) == ("Bildung und Sprache", member)
    assert "Bildung und Sprache" in page.locator("main").inner_text()
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
