"""Secrecy inside the database: sealed ballots, the round's key, and nothing that dates a vote.

The PostgreSQL tests run the attack that found the leak: rows written in one transaction share
its id (``xmin``), so a ballot could be joined to the code used with it and thus to the
organisation. The ballot must hold nothing but ciphertext while that join works, and closing
and counting must rewrite the rows so that no transaction id keeps the order of the votes.
"""

import base64
import datetime
import logging
import re
from collections import Counter
from urllib.parse import unquote

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from tests.wahlen.factories import MigrantOrganizationFactory, SteeringGroupFactory
from tests.wahlen.helpers import (
    finalize,
    key_of,
    make_election,
    open_round,
    vote,
)
from wahlen import services
from wahlen.counting import tally
from wahlen.models import Ballot, Participation, VotingCode, VotingRound
from wahlen.sealing import SEALED_LENGTH, new_key_pair, parse_private_key, seal

pytestmark = pytest.mark.django_db

KEY_PATTERN = re.compile(r"[A-Z2-7]{4}(?:-[A-Z2-7]{4}){13}")


def votes_of_known_organisations(office_user):
    """Eight organisations vote electronically, each choice known to the test."""
    election, c = make_election(candidates=3, voters=5)
    voting_round = open_round(election, by=office_user)
    codes = services.generate_codes(voting_round=voting_round, by=office_user)
    choices = [c[0], c[0], c[1], c[2], None, c[1], c[0], c[2]]
    cast = {}
    for issued, choice in zip(codes, choices, strict=True):
        services.cast_ballot(election=election, code=issued.code, candidacy=choice)
        cast[issued.organization.pk] = choice.pk if choice else None
    return election, c, voting_round, cast


def joined(sql: str, params) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column.name for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def xmins(table: str, voting_round) -> set[str]:
    return {
        row["xmin"]
        for row in joined(
            f"SELECT xmin::text AS xmin FROM {table} WHERE voting_round_id = %s",  # noqa: S608
            [voting_round.pk],
        )
    }


def assert_reveals_no_choice(rows: list[dict]) -> None:
    for row in rows:
        assert row["candidacy_id"] is None, row
        assert row["sealed"] is not None and len(bytes(row["sealed"])) == SEALED_LENGTH, row


# PostgreSQL: transaction ids ------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_xmin_join_reveals_no_choice_and_closing_and_counting_rewrite_every_row(office_user):
    _election, c, voting_round, cast = votes_of_known_organisations(office_user)

    # While the round is open: the join still links ballot and organisation, and shows nothing.
    by_code = joined(
        "SELECT b.*, c.organization_id FROM wahlen_ballot b "
        "JOIN wahlen_votingcode c ON b.xmin = c.xmin WHERE b.voting_round_id = %s",
        [voting_round.pk],
    )
    assert {row["organization_id"] for row in by_code} == set(cast)  # the link is real …
    assert_reveals_no_choice(by_code)  # … and worthless
    by_participation = joined(
        "SELECT b.*, p.organization_id FROM wahlen_ballot b "
        "JOIN wahlen_participation p ON b.xmin = p.xmin WHERE b.voting_round_id = %s",
        [voting_round.pk],
    )
    assert_reveals_no_choice(by_participation)
    # The participation is written in a savepoint: its id is the next one.
    near_participation = joined(
        "SELECT b.*, p.organization_id FROM wahlen_ballot b JOIN wahlen_participation p "
        "ON abs(b.xmin::text::bigint - p.xmin::text::bigint) <= 1 "
        "WHERE b.voting_round_id = %s",
        [voting_round.pk],
    )
    assert len(near_participation) >= len(cast)
    assert_reveals_no_choice(near_participation)
    sealed = [bytes(row["sealed"]) for row in by_code]
    assert len(set(sealed)) == len(sealed)  # equal choices, different ciphertexts

    services.close_round(voting_round=voting_round, by=office_user)

    closing = xmins("wahlen_votingcode", voting_round)
    assert len(closing) == 1
    assert xmins("wahlen_participation", voting_round) == closing
    assert xmins("wahlen_ballot", voting_round) == closing
    assert VotingCode.objects.filter(voting_round=voting_round).count() == len(cast)

    finalize(voting_round, by=office_user)

    counting = xmins("wahlen_ballot", voting_round)
    assert len(counting) == 1 and counting != closing
    assert not Ballot.objects.filter(sealed__isnull=False).exists()
    result = tally(voting_round)
    expected = Counter(cast.values())
    assert {row.candidacy.pk: row.electronic for row in result.rows} == {
        candidacy.pk: expected[candidacy.pk] for candidacy in c
    }
    assert result.electronic_abstentions == expected[None]


# Any database: the key -----------------------------------------------------------------------


def every_value_in_the_database():
    """(table, value) for every value of every row of every table: text, numbers and bytes."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for value in row:
                    yield table, value


def spellings(private_key: str) -> tuple[list[str], bytes]:
    """The key as text in every spelling the code might use, and as raw bytes."""
    raw = bytes(parse_private_key(private_key))
    texts = [
        private_key,
        private_key.replace("-", ""),
        raw.hex(),
        base64.b64encode(raw).decode(),
        base64.urlsafe_b64encode(raw).decode().rstrip("="),
        base64.b32encode(raw).decode().rstrip("="),
    ]
    return [text.upper() for text in texts], raw


def assert_stored_nowhere(private_key: str, client, log: str) -> None:
    texts, raw = spellings(private_key)
    for table, value in every_value_in_the_database():
        if isinstance(value, bytes | memoryview):
            assert raw not in bytes(value), table
            value = bytes(value).decode("latin-1")
        text = str(value).upper()
        assert not any(spelling in text for spelling in texts), table
    for session in Session.objects.all():
        decoded = repr(session.get_decoded()).upper()
        assert not any(spelling in decoded for spelling in texts)
    for cookie in client.cookies.values():
        assert not any(spelling in cookie.value.upper() for spelling in texts)
    assert not any(spelling in log.upper() for spelling in texts)


@pytest.fixture
def database_cache(settings):
    """The cache as in production (lip/settings/base.py): a table, so the scan covers it."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "lip_cache_secrecy_test",
        }
    }
    call_command("createcachetable", verbosity=0)


def test_the_private_key_is_shown_once_and_stored_nowhere(
    client, office_user, database_cache, caplog
):
    election, _c = make_election(candidates=2, voters=2)
    client.force_login(office_user)
    caplog.set_level(logging.DEBUG)
    connection.force_debug_cursor = True  # every SQL statement goes to the log as well
    try:
        page = client.post(reverse("wahlen:round-open", args=[election.slug]))
        sheet = client.post(reverse("wahlen:codes-generate", args=[election.slug, 1]))
        client.get(reverse("wahlen:round", args=[election.slug, 1]))
    finally:
        connection.force_debug_cursor = False

    assert page.status_code == 200 and sheet.status_code == 200
    assert "no-store" in page["Cache-Control"]
    private_key = KEY_PATTERN.search(page.text).group(0)
    voting_round = VotingRound.objects.get(election=election)
    assert parse_private_key(private_key).public_key.encode().hex() == voting_round.public_key
    assert "Ohne ihn kann der Wahlgang nicht ausgezählt werden" in page.text
    assert "offline" in page.text
    # The download is the same response: a data: link holding the same key.
    download = re.search(r'href="data:text/plain;charset=utf-8,([^"]+)" download', page.text)
    assert private_key in unquote(download.group(1))
    assert voting_round.key_fingerprint in unquote(download.group(1))
    assert_stored_nowhere(private_key, client, caplog.text)


def test_the_count_needs_the_right_key_and_a_wrong_one_changes_nothing(office_user):
    election, c = make_election(candidates=2, voters=2)
    voting_round = open_round(election, by=office_user)
    vote(voting_round, [c[0], c[0], None], by=office_user)
    services.close_round(voting_round=voting_round, by=office_user)
    before = sorted(
        (str(pk), bytes(sealed)) for pk, sealed in Ballot.objects.values_list("pk", "sealed")
    )
    history = VotingRound.history.count()
    _public, other_round_key = new_key_pair()
    typo = key_of(voting_round)[:-1] + ("A" if key_of(voting_round)[-1] != "A" else "B")

    for wrong, message in [
        (other_round_key, "gehört nicht zu diesem Wahlgang"),
        (typo, "Tippfehler"),
        ("", "privaten Schlüssel"),
    ]:
        with pytest.raises(ValidationError, match=message):
            services.finalize_count(voting_round=voting_round, private_key=wrong, by=office_user)

    voting_round.refresh_from_db()
    assert voting_round.status == VotingRound.Status.CLOSED
    assert VotingRound.history.count() == history
    after = sorted(
        (str(pk), bytes(sealed)) for pk, sealed in Ballot.objects.values_list("pk", "sealed")
    )
    assert after == before

    finalize(voting_round, by=office_user)

    result = tally(voting_round)
    assert [(row.candidacy, row.votes) for row in result.rows] == [(c[0], 2), (c[1], 0)]
    assert result.electronic_abstentions == 1
    assert not Ballot.objects.filter(pk__in=[pk for pk, _sealed in before]).exists()


def test_count_on_the_page_with_the_typed_key_or_the_key_file(client, office_user):
    client.force_login(office_user)
    for how in ("typed", "file", "wrong"):
        election, c = make_election(candidates=2, voters=1)
        voting_round = open_round(election, by=office_user)
        vote(voting_round, [c[1], c[1]], by=office_user)
        services.close_round(voting_round=voting_round, by=office_user)
        url = reverse("wahlen:round-finalize", args=[election.slug, 1])
        if how == "typed":
            data = {"count-private_key": key_of(voting_round).lower().replace("-", " ")}
        elif how == "file":
            content = f"Schlüssel\n\n{key_of(voting_round)}\n".encode()
            data = {"count-key_file": SimpleUploadedFile("schluessel.txt", content)}
        else:
            data = {"count-private_key": new_key_pair()[1]}

        response = client.post(url, data, follow=True)

        voting_round.refresh_from_db()
        if how == "wrong":
            assert "gehört nicht zu diesem Wahlgang" in response.text
            assert data["count-private_key"] not in response.text
            assert voting_round.status == VotingRound.Status.CLOSED
        else:
            assert voting_round.status == VotingRound.Status.COUNTED, how
            assert tally(voting_round).rows[0].votes == 2
            assert key_of(voting_round) not in response.text


def test_the_protocol_records_that_the_key_was_used_but_not_the_key(client, office_user):
    election, c = make_election(candidates=2, voters=1)
    voting_round = open_round(election, by=office_user)
    vote(voting_round, [c[0]], by=office_user)
    services.close_round(voting_round=voting_round, by=office_user)
    finalize(voting_round, by=office_user)
    client.force_login(office_user)

    text = client.get(reverse("wahlen:protocol", args=[election.slug])).text

    assert "mit dem privaten Schlüssel des Wahlgangs" in text
    assert voting_round.key_fingerprint in text
    assert office_user.get_username() in text or office_user.get_full_name() in text
    assert key_of(voting_round) not in text


def test_every_sealed_ballot_has_the_same_length_and_equal_choices_differ():
    public, _private = new_key_pair()
    sealed = [
        seal(public_key=public, round_id=7, candidacy_id=choice)
        for choice in (None, 1, 2**40, None, 1)
    ]

    assert {len(box) for box in sealed} == {SEALED_LENGTH}
    assert len(set(sealed)) == len(sealed)


def test_a_ballot_sealed_for_another_round_is_refused_at_the_count(office_user):
    election, c = make_election(candidates=2, voters=1)
    voting_round = open_round(election, by=office_user)
    vote(voting_round, [c[0]], by=office_user)
    services.close_round(voting_round=voting_round, by=office_user)
    # Somebody with write access swaps the sealed ballot for one of another round.
    Ballot.objects.update(
        sealed=seal(
            public_key=voting_round.public_key, round_id=voting_round.pk + 1, candidacy_id=c[1].pk
        )
    )

    with pytest.raises(ValidationError, match="außerhalb der Plattform"):
        finalize(voting_round, by=office_user)
    voting_round.refresh_from_db()
    assert voting_round.status == VotingRound.Status.CLOSED


# Any database: paper ballots -------------------------------------------------------------------


def history_rows() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in apps.get_models()
        if model.__name__.startswith("Historical")
    }


def test_a_paper_ballot_handed_out_leaves_no_timed_history_row(client, office_user):
    election, c = make_election(candidates=2, voters=1)
    voting_round = open_round(election, by=office_user)
    services.generate_codes(voting_round=voting_round, by=office_user)
    before = history_rows()
    client.force_login(office_user)

    response = client.post(
        reverse("wahlen:paper-ballot-issue", args=[election.slug, 1]),
        {"organization": c[0].organization.pk},
    )
    services.issue_paper_ballot(
        voting_round=voting_round, organization=c[1].organization, by=office_user
    )

    assert response.status_code == 302
    assert history_rows() == before
    assert set(
        VotingCode.objects.filter(status=VotingCode.Status.VOIDED).values_list(
            "organization", flat=True
        )
    ) == {c[0].organization.pk, c[1].organization.pk}
    assert Participation.objects.filter(channel=Participation.Channel.PAPER).count() == 2


# Any database: a lost key ----------------------------------------------------------------------


def test_a_round_whose_key_is_lost_is_repeated_with_a_new_key(client, office_user):
    election, c = make_election(candidates=2, voters=3)
    voting_round = open_round(election, by=office_user)
    codes = vote(voting_round, [c[0], c[1]], by=office_user)
    services.issue_paper_ballot(
        voting_round=voting_round, organization=codes[2].organization, by=office_user
    )
    old_key, old_public = key_of(voting_round), voting_round.public_key
    with pytest.raises(ValidationError, match="geschlossen"):
        services.repeat_round(voting_round=voting_round, reason="verloren", by=office_user)
    services.close_round(voting_round=voting_round, by=office_user)
    client.force_login(office_user)
    url = reverse("wahlen:round-repeat", args=[election.slug, 1])
    refused = client.post(url, {"repeat-reason": "Schlüssel verloren"})
    assert refused.status_code == 400  # the confirmation is missing

    page = client.post(url, {"repeat-reason": "Schlüssel\u202e verloren", "repeat-confirm": "on"})

    assert page.status_code == 200
    new_key = KEY_PATTERN.search(page.text).group(0)
    voting_round.refresh_from_db()
    assert voting_round.status == VotingRound.Status.OPEN
    assert voting_round.public_key != old_public
    assert voting_round.repeat_reason == "Schlüssel verloren"
    assert voting_round.repeated_by == office_user
    assert not Ballot.objects.exists()
    assert not Participation.objects.exists()
    assert not VotingCode.objects.exists()
    new_codes = services.generate_codes(voting_round=voting_round, by=office_user)
    assert len(new_codes) == 5
    with pytest.raises(ValidationError):  # a code of the lapsed round is gone
        services.cast_ballot(election=election, code=codes[0].code, candidacy=c[0])
    services.cast_ballot(election=election, code=new_codes[0].code, candidacy=c[1])
    services.close_round(voting_round=voting_round, by=office_user)
    with pytest.raises(ValidationError, match="gehört nicht zu diesem Wahlgang"):
        services.finalize_count(voting_round=voting_round, private_key=old_key, by=office_user)
    services.finalize_count(voting_round=voting_round, private_key=new_key, by=office_user)
    assert [(row.candidacy, row.votes) for row in tally(voting_round).rows] == [
        (c[1], 1),
        (c[0], 0),
    ]
    protocol = client.get(reverse("wahlen:protocol", args=[election.slug])).text
    assert "Schlüssel verloren" in protocol


# The lot on a round whose count is not final (C) -------------------------------------------------


def test_a_lot_on_a_closed_round_says_that_the_count_is_missing(client, office_user):
    election, c = make_election(candidates=6, voters=2)
    voting_round = open_round(election, by=office_user)
    with pytest.raises(ValidationError, match="noch geöffnet"):
        services.draw_lot(voting_round=voting_round, by=office_user)
    vote(voting_round, [None], by=office_user)
    services.issue_paper_ballot(
        voting_round=voting_round, organization=c[5].organization, by=office_user
    )
    services.close_round(voting_round=voting_round, by=office_user)

    with pytest.raises(ValidationError, match="Papierzählung") as paper_missing:
        services.draw_lot(voting_round=voting_round, by=office_user)
    assert "Schlüssel" in paper_missing.value.messages[0]
    services.enter_paper_count(
        voting_round=voting_round,
        votes=dict.fromkeys((candidacy.pk for candidacy in c), 0),
        abstentions=1,
        invalid=0,
        by=office_user,
    )
    client.force_login(office_user)
    page = client.post(
        reverse("wahlen:lot-record", args=[election.slug, 1]),
        {"lot-record-note": "Zeugin: Frau B."},
        follow=True,
    )

    assert "noch nicht festgestellt" in page.text
    assert "mit dem privaten Schlüssel" in page.text
    assert "kein Gleichstand" not in page.text
    finalize(voting_round, by=office_user)
    lot = services.draw_lot(voting_round=voting_round, by=office_user)  # now all six tie
    assert lot.entries.count() == 6


# Control characters in free text (D) ------------------------------------------------------------


def test_free_text_is_stored_without_control_characters(office_user):
    SteeringGroupFactory()
    election = services.create_election(
        title="Wahl\u202e 2020\x00",
        slug="wahl-2020",
        nomination_deadline=timezone.now() + datetime.timedelta(days=1),
        place="Neues\u200b Rathaus",
        description="Erste Zeile\r\nzweite\x07 Zeile",
        by=office_user,
    )
    election.refresh_from_db()
    assert (election.title, election.place) == ("Wahl 2020", "Neues Rathaus")
    assert election.description == "Erste Zeile\nzweite Zeile"
    mso = MigrantOrganizationFactory()
    services.register_organization(election=election, organization=mso, by=office_user)
    candidacy = services.nominate_person(
        election=election,
        organization=mso,
        new_person={"given_name": "Am\u202eina", "family_name": "Yıl\x1bmaz", "email": ""},
        consent=True,
        by=office_user,
    )
    assert candidacy.person.full_name == "Amina Yılmaz"


def test_lot_notes_are_stored_without_control_characters(office_user):
    election, c = make_election(candidates=6)
    voting_round = open_round(election, by=office_user)
    services.close_round(voting_round=voting_round, by=office_user)
    finalize(voting_round, by=office_user)  # nobody voted: all six tie for four places

    with pytest.raises(ValidationError):  # nothing but invisible characters is no note
        services.record_lot(voting_round=voting_round, order=c, note="\u202e\u200b", by=office_user)
    lot = services.record_lot(
        voting_round=voting_round, order=c, note="Zeugin:\u202e Frau B.\x00", by=office_user
    )

    assert lot.note == "Zeugin: Frau B."


def test_a_round_opened_before_sealing_takes_no_plain_vote_and_counts_without_key(office_user):
    election, c = make_election(candidates=2)
    voting_round = open_round(election, by=office_user)
    codes = services.generate_codes(voting_round=voting_round, by=office_user)
    VotingRound.objects.filter(pk=voting_round.pk).update(public_key="")

    with pytest.raises(ValidationError, match="keinen Schlüssel"):
        services.cast_ballot(election=election, code=codes[0].code, candidacy=c[0])
    assert not Ballot.objects.exists()
    services.close_round(voting_round=voting_round, by=office_user)
    services.finalize_count(voting_round=voting_round, by=office_user)

    voting_round.refresh_from_db()
    assert voting_round.is_counted
