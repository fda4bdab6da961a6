"""Opening and closing a round ask for confirmation on a page that says what will happen."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.wahlen.helpers import make_election, open_round, run_round
from tests.wahlen.test_permissions import snapshot
from wahlen import services
from wahlen.models import Election, VotingRound

pytestmark = pytest.mark.django_db


def open_confirm_url(election) -> str:
    return reverse("wahlen:round-open-confirm", args=[election.slug])


def close_confirm_url(voting_round) -> str:
    return reverse(
        "wahlen:round-close-confirm", args=[voting_round.election.slug, voting_round.number]
    )


def text(response) -> str:
    return " ".join(response.content.decode().split())


def main_forms(response) -> list[str]:
    """The POST targets in the page's main content (the header has the logout form)."""
    main = response.content.decode().split("<main", 1)[1]
    return re.findall(r'<form method="post" action="([^"]+)"', main)


def test_the_election_page_leads_to_the_confirmation_not_straight_to_the_step(client, office_user):
    election, _candidacies = make_election(candidates=3)
    client.force_login(office_user)

    html = client.get(reverse("wahlen:manage", args=[election.slug])).content.decode()

    assert f'href="{open_confirm_url(election)}"' in html
    assert f'action="{reverse("wahlen:round-open", args=[election.slug])}"' not in html


def test_opening_the_first_round_is_confirmed_on_a_page_that_changes_nothing(client, office_user):
    election, candidacies = make_election(candidates=3, voters=2)
    client.force_login(office_user)
    before = snapshot()

    response = client.get(open_confirm_url(election))

    assert response.status_code == 200
    assert snapshot() == before
    page = text(response)
    assert "Ersten Wahlgang eröffnen?" in page
    assert "Das Wahlverzeichnis wird mit 5 wahlberechtigten Organisationen eingefroren" in page
    assert "genau einmal angezeigt" in page
    for candidacy in candidacies:
        assert candidacy.person.full_name in page
    [form] = main_forms(response)
    assert form == reverse("wahlen:round-open", args=[election.slug])
    assert "Ja, ersten Wahlgang eröffnen" in page

    # The button on the page is the existing step: it opens the round and shows the key once.
    opened = client.post(form)
    assert opened.status_code == 200
    assert "wahlen/manage/round_key.html" in [t.name for t in opened.templates]
    assert VotingRound.objects.get(election=election).is_open


def test_the_runoff_confirmation_names_the_runoff_ballot(client, office_user):
    election, c = make_election(candidates=5, voters=3)
    run_round(election, {c[0]: 3, c[1]: 2, c[2]: 1, c[3]: 1, None: 1}, by=office_user)
    client.force_login(office_user)

    page = text(client.get(open_confirm_url(election)))

    assert "Stichwahl eröffnen?" in page
    assert "eingefroren" not in page
    assert "Ja, Stichwahl eröffnen" in page
    for candidacy in c[:4]:
        assert candidacy.person.full_name in page
    assert c[4].person.full_name not in page


def test_a_round_that_cannot_open_says_why_and_has_no_button(client, office_user):
    election, _c = make_election(candidates=3)
    Election.objects.filter(pk=election.pk).update(
        nomination_deadline=timezone.now() + datetime.timedelta(days=3)
    )
    client.force_login(office_user)

    response = client.get(open_confirm_url(election))

    page = text(response)
    assert response.status_code == 200
    assert "Der Wahlgang kann jetzt nicht eröffnet werden." in page
    assert "erst nach Ablauf der Frist für Kandidaturen" in page
    assert main_forms(response) == []


def test_closing_is_confirmed_with_who_has_not_voted(client, office_user):
    election, c = make_election(candidates=3, voters=1)
    voting_round = open_round(election, by=office_user)
    codes = services.generate_codes(voting_round=voting_round, by=office_user)
    services.cast_ballot(election=election, code=codes[0].code, candidacy=c[0])
    client.force_login(office_user)
    round_page = client.get(
        reverse("wahlen:round", args=[election.slug, voting_round.number])
    ).content.decode()
    assert f'href="{close_confirm_url(voting_round)}"' in round_page
    close_url = reverse("wahlen:round-close", args=[election.slug, voting_round.number])
    assert f'action="{close_url}"' not in round_page
    before = snapshot()

    response = client.get(close_confirm_url(voting_round))

    assert snapshot() == before
    page = text(response)
    assert f"{voting_round.label} schließen?" in page
    assert "1 von 4 Organisationen haben abgestimmt." in page
    assert "3 Organisationen haben noch nicht abgestimmt" in page
    [form] = main_forms(response)
    assert form == close_url
    assert "Ja, Wahlgang schließen" in page

    assert client.post(form).status_code == 302
    voting_round.refresh_from_db()
    assert voting_round.status == VotingRound.Status.CLOSED


def test_a_closed_round_has_nothing_to_confirm(client, office_user):
    election, c = make_election(candidates=3)
    voting_round = run_round(election, {c[0]: 1}, by=office_user, count=False)
    client.force_login(office_user)

    response = client.get(close_confirm_url(voting_round))

    assert "Dieser Wahlgang ist nicht geöffnet." in text(response)
    assert main_forms(response) == []


@pytest.mark.parametrize("page", ["open", "close"])
def test_the_confirmation_pages_change_nothing_on_post(client, office_user, page):
    election, _c = make_election(candidates=3)
    voting_round = open_round(election, by=office_user) if page == "close" else None
    client.force_login(office_user)
    before = snapshot()
    url = open_confirm_url(election) if page == "open" else close_confirm_url(voting_round)

    assert client.post(url).status_code == 405
    assert snapshot() == before


@pytest.mark.parametrize("page", ["open", "close"])
@pytest.mark.parametrize("voters", [2, 40])
def test_the_confirmation_pages_run_a_fixed_number_of_queries(
    client, office_user, page, voters, django_assert_max_num_queries
):
    election, _c = make_election(candidates=4, voters=voters)
    if page == "close":
        url = close_confirm_url(open_round(election, by=office_user))
    else:
        url = open_confirm_url(election)
    client.force_login(office_user)

    with django_assert_max_num_queries(12 if page == "open" else 11):
        assert client.get(url).status_code == 200
