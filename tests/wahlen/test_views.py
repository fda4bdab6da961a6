"""Pages: voting step by step, the Wahlleitung's forms, results, protocol and query counts."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gremien.models import Person
from tests.wahlen.factories import (
    CandidacyFactory,
    ElectionFactory,
    EligibleOrganizationFactory,
    MigrantOrganizationFactory,
    SteeringGroupFactory,
)
from tests.wahlen.helpers import finalize, make_election, open_round, run_round, sealed_choices
from tests.wahlen.test_models import everything_in_the_database
from wahlen import services
from wahlen.models import Ballot, Candidacy, EligibleOrganization, PaperCount, Participation

pytestmark = pytest.mark.django_db

CODE_PATTERN = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")


@pytest.fixture
def open_election(office_user):
    election, candidacies = make_election(candidates=3, voters=2)
    voting_round = open_round(election, by=office_user)
    codes = services.generate_codes(voting_round=voting_round, by=office_user)
    return election, candidacies, voting_round, codes


def vote_url(election):
    return reverse("wahlen:vote", args=[election.slug])


# Voting -----------------------------------------------------------------------------------------


def test_vote_code_then_ballot_then_confirm_then_receipt(client, open_election):
    election, c, _voting_round, codes = open_election
    code = codes[0].code

    page = client.get(vote_url(election))
    assert page.status_code == 200
    assert "Schritt 1" in page.text
    assert page["Cache-Control"].count("no-store")

    ballot = client.post(vote_url(election), {"step": "code", "code": code})
    assert ballot.status_code == 200
    for candidacy in c:
        assert candidacy.person.full_name in ballot.text
    assert "Enthaltung" in ballot.text

    confirm = client.post(
        vote_url(election), {"step": "ballot", "code": code, "choice": str(c[1].pk)}
    )
    assert confirm.status_code == 200
    assert "Sie stimmen für" in confirm.text
    assert c[1].person.full_name in confirm.text
    assert not Ballot.objects.exists()  # nothing is stored before the confirmation

    cast = client.post(
        vote_url(election), {"step": "confirm", "code": code, "choice": str(c[1].pk)}
    )
    assert cast.status_code == 302
    assert cast.url == reverse("wahlen:vote-done", args=[election.slug])
    ballot = Ballot.objects.get()
    assert ballot.candidacy is None and ballot.sealed  # sealed until the count
    assert sealed_choices(_voting_round) == [c[1].pk]
    assert Participation.objects.get().organization == codes[0].organization

    receipt = client.get(cast.url)
    assert "Ihre Stimme ist eingegangen" in receipt.text
    for candidacy in c:
        assert candidacy.person.full_name not in receipt.text
    assert code not in everything_in_the_database()


def test_vote_abstention_and_going_back(client, open_election):
    election, _c, voting_round, codes = open_election
    code = codes[0].code

    back = client.post(
        vote_url(election), {"step": "confirm", "code": code, "choice": "abstain", "back": "1"}
    )
    assert back.status_code == 200
    assert 'value="abstain" id="id_choice_3" checked' in back.text
    assert not Ballot.objects.exists()

    client.post(vote_url(election), {"step": "confirm", "code": code, "choice": "abstain"})

    assert sealed_choices(voting_round) == [None]


def test_ballot_step_needs_a_choice(client, open_election):
    election, _c, _voting_round, codes = open_election

    response = client.post(vote_url(election), {"step": "ballot", "code": codes[0].code})

    assert response.status_code == 400
    assert "Bitte wählen Sie eine Person oder die Enthaltung." in response.text


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("AAAA-BBBB-CCCC", "Dieser Code ist für diese Wahl nicht gültig"),
        ("ABC", "Ein Wahlcode hat 12 Buchstaben und Ziffern"),
    ],
)
def test_wrong_code_gets_a_clear_message(client, open_election, code, message):
    election, c, _voting_round, _codes = open_election

    response = client.post(
        vote_url(election), {"step": "confirm", "code": code, "choice": str(c[0].pk)}
    )

    assert response.status_code == 400
    assert message in response.text
    assert not Ballot.objects.exists()


def test_used_code_gets_a_clear_message(client, open_election):
    election, c, _voting_round, codes = open_election
    services.cast_ballot(election=election, code=codes[0].code, candidacy=c[0])

    response = client.post(vote_url(election), {"step": "code", "code": codes[0].code})

    assert response.status_code == 400
    assert "Mit diesem Code wurde bereits abgestimmt." in response.text
    assert Ballot.objects.count() == 1


def test_voided_code_gets_a_clear_message(client, office_user, open_election):
    election, _c, voting_round, codes = open_election
    services.reissue_code(
        voting_round=voting_round, organization=codes[0].organization, by=office_user
    )

    response = client.post(vote_url(election), {"step": "code", "code": codes[0].code})

    assert "Dieser Code ist nicht mehr gültig" in response.text


def test_first_round_code_in_the_runoff_gets_a_clear_message(client, office_user, open_election):
    election, _c, voting_round, codes = open_election
    services.close_round(voting_round=voting_round, by=office_user)
    finalize(voting_round, by=office_user)
    open_round(election, by=office_user)

    response = client.post(vote_url(election), {"step": "code", "code": codes[0].code})

    assert response.status_code == 400
    assert "Dieser Code gilt für einen anderen Wahlgang (Erster Wahlgang)" in response.text
    assert "geöffnet ist jetzt: Stichwahl" in response.text


def test_voting_only_while_a_round_is_open(client, office_user, open_election):
    election, c, voting_round, codes = open_election
    services.close_round(voting_round=voting_round, by=office_user)

    page = client.get(vote_url(election))
    posted = client.post(
        vote_url(election), {"step": "confirm", "code": codes[0].code, "choice": str(c[0].pk)}
    )

    assert "Zurzeit ist kein Wahlgang geöffnet" in page.text
    assert "Zurzeit ist kein Wahlgang geöffnet" in posted.text
    assert not Ballot.objects.exists()


@pytest.fixture
def behind_the_proxy(settings):
    """Production: every request comes from the proxy; the visitor's address is in X-Real-IP."""
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    settings.RATE_LIMITS = {}  # the default: 30 wrong codes per network and quarter hour


def post_from(client, election, address, data):
    return client.post(vote_url(election), data, REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP=address)


def test_wrong_codes_from_one_network_block_neither_other_networks_nor_valid_codes(
    client, behind_the_proxy, open_election
):
    election, c, voting_round, codes = open_election
    statuses = [
        post_from(
            client, election, f"203.0.113.{n % 5 + 10}", {"code": "AAAA-BBBB-CCCC"}
        ).status_code
        for n in range(40)
    ]

    assert statuses[:30] == [400] * 30
    assert statuses[30:] == [429] * 10  # wrong codes beyond the limit: refused, with a message
    over = post_from(client, election, "203.0.113.99", {"code": "AAAA-BBBB-CCCC"})
    assert "zu viele ungültige Codes" in over.text
    # Another network's voter is not blocked.
    other = post_from(
        client,
        election,
        "198.51.100.7",
        {"step": "confirm", "code": codes[0].code, "choice": str(c[0].pk)},
    )
    assert other.status_code == 302
    # A valid code from the offending network still votes: the limit is on failures only.
    same = post_from(
        client,
        election,
        "203.0.113.12",
        {"step": "confirm", "code": codes[1].code, "choice": "abstain"},
    )
    assert same.status_code == 302
    assert sorted(sealed_choices(voting_round), key=str) == sorted([c[0].pk, None], key=str)


def test_used_codes_do_not_count_as_wrong_codes(client, behind_the_proxy, open_election):
    election, c, _voting_round, codes = open_election
    services.cast_ballot(election=election, code=codes[0].code, candidacy=c[0])

    for _attempt in range(35):
        response = post_from(client, election, "203.0.113.10", {"code": codes[0].code})

    assert response.status_code == 400
    assert "Mit diesem Code wurde bereits abgestimmt." in response.text


# Wahlleitung ------------------------------------------------------------------------------------


def test_code_sheet_is_shown_once(client, office_user):
    election, _c = make_election(candidates=2, voters=1)
    open_round(election, by=office_user)
    client.force_login(office_user)
    url = reverse("wahlen:codes-generate", args=[election.slug, 1])

    sheet = client.post(url)

    codes = CODE_PATTERN.findall(sheet.text)
    assert sheet.status_code == 200
    assert len(set(codes)) == 3
    assert "no-store" in sheet["Cache-Control"]
    again = client.post(url, follow=True)
    assert "bereits erzeugt" in again.text
    round_page = client.get(reverse("wahlen:round", args=[election.slug, 1]))
    assert not set(CODE_PATTERN.findall(round_page.text)) & set(codes)


def test_reissue_shows_one_new_code(client, office_user, open_election):
    election, _c, _voting_round, codes = open_election
    client.force_login(office_user)

    sheet = client.post(
        reverse("wahlen:code-reissue", args=[election.slug, 1, codes[0].organization.pk])
    )

    new = CODE_PATTERN.findall(sheet.text)
    assert len(new) == 1 and new[0] != codes[0].code


def test_set_up_register_and_nominate_through_the_pages(client, office_user):
    SteeringGroupFactory()
    mso = MigrantOrganizationFactory()
    client.force_login(office_user)

    created = client.post(
        reverse("wahlen:election-create"),
        {"title": "MSO-Wahl", "slug": "mso-wahl", "nomination_deadline": "2099-01-01T18:00"},
    )
    assert created.status_code == 302
    manage = reverse("wahlen:manage", args=["mso-wahl"])
    client.post(
        reverse("wahlen:register-add", args=["mso-wahl"]), {"register-organization": mso.pk}
    )
    assert EligibleOrganization.objects.get().organization == mso

    nominated = client.post(
        reverse("wahlen:candidacy-add", args=["mso-wahl"]),
        {
            "nomination-organization": mso.pk,
            "nomination-given_name": "Amina",
            "nomination-family_name": "Yılmaz",
            "nomination-consent": "on",
        },
    )

    assert nominated.status_code == 302
    candidacy = Candidacy.objects.get()
    assert candidacy.person.full_name == "Amina Yılmaz"
    assert candidacy.person.organization == mso
    page = client.get(manage)
    assert "Amina Yılmaz" in page.text
    assert "Wahlverzeichnis: 1 Organisation" in page.text


def test_nomination_without_consent_shows_the_form_again_and_keeps_nothing(client, office_user):
    election = ElectionFactory(nomination_deadline="2099-01-01T00:00:00Z")
    mso = EligibleOrganizationFactory(election=election).organization
    client.force_login(office_user)

    response = client.post(
        reverse("wahlen:candidacy-add", args=[election.slug]),
        {
            "nomination-organization": mso.pk,
            "nomination-given_name": "Amina",
            "nomination-family_name": "Yılmaz",
        },
    )

    assert response.status_code == 400
    assert 'value="Amina"' in response.text
    assert not Candidacy.objects.exists()
    assert not Person.objects.filter(given_name="Amina").exists()


def test_register_is_frozen_on_the_page(client, office_user, open_election):
    election, *_rest = open_election
    client.force_login(office_user)

    page = client.get(reverse("wahlen:manage", args=[election.slug]))
    response = client.post(
        reverse("wahlen:register-add", args=[election.slug]),
        {"register-organization": MigrantOrganizationFactory().pk},
        follow=True,
    )

    assert "eingefroren" in page.text
    assert "Aus dem Wahlverzeichnis streichen" not in page.text
    assert "eingefroren" in response.text
    assert election.register.count() == 5


def test_paper_count_over_the_electorate_is_refused_on_the_page(client, office_user):
    election, c = make_election(candidates=2)
    voting_round = open_round(election, by=office_user)
    services.issue_paper_ballot(
        voting_round=voting_round, organization=c[0].organization, by=office_user
    )
    services.close_round(voting_round=voting_round, by=office_user)
    client.force_login(office_user)

    response = client.post(
        reverse("wahlen:paper-count", args=[election.slug, 1]),
        {
            f"paper-votes_{c[0].pk}": "2",
            f"paper-votes_{c[1].pk}": "1",
            "paper-abstentions": "0",
            "paper-invalid": "0",
        },
    )

    assert response.status_code == 400
    assert "mehr als die 2 stimmberechtigten Organisationen" in response.text
    assert "Es wurde nichts gespeichert." in response.text
    assert not PaperCount.objects.exists()


def test_lot_by_hand_on_the_page(client, office_user):
    other, oc = make_election(candidates=3)
    run_round(other, {}, by=office_user)  # three candidates: all go through
    run_round(other, {oc[0]: 1, oc[1]: 1, oc[2]: 1}, by=office_user)  # three tie for two seats
    client.force_login(office_user)
    round_page = client.get(reverse("wahlen:round", args=[other.slug, 2]))
    assert "Los hier ziehen" in round_page.text

    response = client.post(
        reverse("wahlen:lot-record", args=[other.slug, 2]),
        {
            f"lot-record-position_{oc[0].pk}": "3",
            f"lot-record-position_{oc[1].pk}": "1",
            f"lot-record-position_{oc[2].pk}": "2",
            "lot-record-note": "Gezogen von der Wahlleitung, Zeugin: Frau B.",
        },
    )

    assert response.status_code == 302
    from wahlen.counting import outcome

    assert outcome(other).elected == [oc[1], oc[2]]


def test_publish_through_the_page(client, office_user):
    election, c = make_election(candidates=2, voters=1)
    run_round(election, {c[0]: 1}, by=office_user)
    run_round(election, {c[0]: 2, c[1]: 1}, by=office_user)
    client.force_login(office_user)

    response = client.post(reverse("wahlen:publish", args=[election.slug]), follow=True)

    assert "Das Ergebnis ist veröffentlicht." in response.text
    assert response.redirect_chain[-1][0] == election.get_absolute_url()


# Public results and protocol ------------------------------------------------------------------


def published_election(office_user, candidates: int):
    # Each its own steering group: publishing fills the MSO seats of the body.
    body = SteeringGroupFactory(slug=f"lenkungsgruppe-{candidates}")
    election, c = make_election(candidates=candidates, voters=8, committee=body)
    first = {c[0]: 4, c[1]: 3, c[2]: 2, None: 1}
    if candidates > 4:
        first[c[3]] = 1  # no tie at the cut
    run_round(election, first, by=office_user)
    run_round(election, {c[1]: 3, c[0]: 2, None: 1}, by=office_user)
    services.publish_result(election=election, by=office_user)
    return election, c


def test_results_are_public_only_after_publication(client, office_user):
    election, c = make_election(candidates=3, voters=1)
    run_round(election, {c[0]: 3, c[1]: 1}, by=office_user)
    run_round(election, {c[1]: 2, c[0]: 1}, by=office_user)
    detail = reverse("wahlen:election-detail", args=[election.slug])

    before = client.get(detail)
    assert "Ergebnisse" not in before.text
    assert client.get(reverse("wahlen:protocol", args=[election.slug])).status_code == 404

    services.publish_result(election=election, by=office_user)
    after = client.get(detail)
    protocol = client.get(reverse("wahlen:protocol", args=[election.slug]))

    assert "Ergebnisse" in after.text
    assert "Stimmen je Kandidat*in: Erster Wahlgang" in after.text
    assert protocol.status_code == 200
    assert "Wahlprotokoll" in protocol.text
    assert "wahlen/wahlen.css" in protocol.text


def test_protocol_holds_electorate_turnout_results_lots_and_elected(client, office_user):
    election, c = make_election(candidates=5, voters=1)
    first = run_round(election, {c[0]: 3, c[1]: 1, c[2]: 1, None: 1}, by=office_user)
    # c3 and c4 tie at 0 for the last runoff place
    services.record_lot(
        voting_round=first, order=[c[4], c[3]], note="Zeugin: Frau B.", by=office_user
    )
    run_round(election, {c[0]: 3, c[4]: 2, None: 1}, by=office_user)
    services.publish_result(election=election, by=office_user)

    text = client.get(reverse("wahlen:protocol", args=[election.slug])).text

    assert "Wahlberechtigte Organisationen" in text
    assert "6 (100,0 %)" in text or "6 (100.0 %)" in text
    assert "Zeugin: Frau B." in text
    assert "von Hand gezogen" in text
    assert "Gewählt als Vertreter*innen der Migrant*innenorganisationen" in text
    for candidacy in (c[0], c[4]):
        assert candidacy.person.full_name in text


@pytest.mark.parametrize("page", ["election-detail", "protocol"])
def test_public_pages_run_the_same_queries_for_3_and_30_candidates(client, office_user, page):
    small, _c = published_election(office_user, 3)
    large, _c = published_election(office_user, 30)

    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(f"wahlen:{page}", args=[small.slug])).status_code == 200
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse(f"wahlen:{page}", args=[large.slug])).status_code == 200

    assert len(few) == len(many)


def test_index_runs_the_same_queries_for_one_and_many_elections(client, office_user):
    published_election(office_user, 3)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("wahlen:index"))
    for _ in range(5):
        CandidacyFactory(election=ElectionFactory())
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("wahlen:index"))

    assert len(one) == len(many)
    assert page.text.count("<tr>") == 7


# Back office ------------------------------------------------------------------------------------

ADMIN_MODELS = [
    "election",
    "eligibleorganization",
    "candidacy",
    "votinground",
    "votingcode",
    "papercount",
    "lotdraw",
]


def test_admin_shows_the_records_read_only_and_never_single_votes(client, office_user):
    election, c = make_election(candidates=2, voters=1)
    run_round(election, {c[0]: 2, None: 1}, by=office_user)
    client.force_login(office_user)

    for model in ADMIN_MODELS:
        changelist = client.get(reverse(f"admin:wahlen_{model}_changelist"))
        assert changelist.status_code == 200, model
        assert client.get(reverse(f"admin:wahlen_{model}_add")).status_code == 403, model
    rounds = client.get(reverse("admin:wahlen_votinground_changelist"))
    assert '<td class="field-participation_count">3</td>' in rounds.text
    assert '<td class="field-ballot_count">3</td>' in rounds.text
    for secret in ("ballot", "participation"):
        assert client.get(f"/admin/wahlen/{secret}/").status_code == 404
