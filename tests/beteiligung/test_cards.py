"""/beteiligung/ leads with what a person can do now: open comment windows and events as cards
with status badges; the event page says the same as its card; breadcrumbs on every page below."""

import datetime
import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from beteiligung.cards import next_public_events, open_windows
from beteiligung.models.events import RegistrationState
from etappen.models import Draft

from .factories import (
    CommentFactory,
    CommentWindowFactory,
    DraftFactory,
    EventFactory,
    ExpertGroupFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
TODAY = timezone.localdate
NOW = timezone.now


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def card(html: str, prefix: str, pk: int) -> str:
    """The card of one window ("fenster") or event ("veranstaltung") on a page."""
    match = re.search(
        rf'<article class="card[^"]*" aria-labelledby="{prefix}-{pk}">.*?</article>', html, re.S
    )
    assert match, f"no card {prefix}-{pk}"
    return match.group(0)


def index(client) -> str:
    return client.get(reverse("beteiligung:index")).content.decode()


def fill(event, confirmed: int) -> None:
    for _ in range(confirmed):
        RegistrationFactory(event=event)


# Events: places in words, the button says what it does


def test_free_places_count_only_confirmed_registrations(client):
    event = EventFactory(title="Workshop Sprache", capacity=10)
    fill(event, 3)
    for status in ("unbestaetigt", "abgemeldet"):
        RegistrationFactory(event=event, status=status, confirmed_at=NOW())

    html = card(index(client), "veranstaltung", event.pk)

    assert "noch 7 Plätze frei" in html
    assert 'data-state="open"' in html
    assert f'href="{event.get_absolute_url()}#anmeldung"' in html
    assert ">Anmelden</a>" in html


def test_the_last_free_place_is_said_in_the_singular(client):
    event = EventFactory(capacity=2)
    fill(event, 1)

    assert "noch 1 Platz frei" in card(index(client), "veranstaltung", event.pk)


def test_an_event_without_a_limit_has_registration_open(client):
    event = EventFactory(capacity=None)
    fill(event, 40)

    html = card(index(client), "veranstaltung", event.pk)

    assert "Anmeldung offen" in html
    assert ">Anmelden</a>" in html


def test_a_full_event_with_open_registration_offers_the_waiting_list(client):
    event = EventFactory(title="Workshop Bildung", capacity=2)
    fill(event, 2)

    card_html = card(index(client), "veranstaltung", event.pk)
    page = client.get(event.get_absolute_url()).content.decode()

    assert "ausgebucht – Warteliste" in card_html
    assert ">Auf die Warteliste</a>" in card_html
    assert ">Anmelden</a>" not in card_html
    # The event page says the same; its button leads to the form, whose button joins the list.
    assert "ausgebucht – Warteliste" in page
    register_url = reverse("beteiligung:event-register", args=[event.pk])
    assert f'<a class="btn btn-primary" href="{register_url}">Auf die Warteliste</a>' in page
    form_page = client.get(register_url).content.decode()
    assert '<button type="submit" class="btn btn-primary">Auf die Warteliste</button>' in form_page


@pytest.mark.parametrize(
    "closed",
    [
        {"starts_on": TODAY() - days(1), "ends_on": TODAY() + days(1)},  # the first day passed
        {"registration_open": False},  # OE 50.6 closed registration
    ],
    ids=["first-day-passed", "closed-by-office"],
)
def test_a_full_event_whose_registration_closed_is_ausgebucht_without_a_button(client, closed):
    event = EventFactory(capacity=2, **closed)
    fill(event, 2)

    card_html = card(index(client), "veranstaltung", event.pk)
    page = client.get(event.get_absolute_url()).content.decode()

    assert 'data-state="full"' in card_html
    assert ">ausgebucht</span>" in card_html
    assert "card-footer" not in card_html  # no button at all
    assert ">ausgebucht</span>" in page
    assert "Die Veranstaltung ist ausgebucht; eine Anmeldung ist nicht mehr möglich." in page
    assert '<button type="submit"' not in page


def test_an_event_without_registration_shows_no_badge_and_no_button(client):
    event = EventFactory(registration_open=False, capacity=None)

    html = card(index(client), "veranstaltung", event.pk)

    assert "lip-badge" not in html
    assert "card-footer" not in html


def test_a_cancelled_event_says_so_and_has_no_button(client):
    event = EventFactory(status="abgesagt", cancellation_reason="Erkrankung")

    html = card(index(client), "veranstaltung", event.pk)

    assert ">abgesagt</span>" in html
    assert "card-footer" not in html
    assert event not in next_public_events(3)  # the start page shows only what takes place


@pytest.mark.parametrize(
    ("capacity", "taken", "kwargs", "code", "free"),
    [
        (10, 3, {}, RegistrationState.OPEN, 7),
        (None, 3, {}, RegistrationState.OPEN, None),
        (3, 3, {}, RegistrationState.WAITING_LIST, 0),
        (3, 3, {"registration_open": False}, RegistrationState.FULL, 0),
        (3, 1, {"registration_open": False}, RegistrationState.CLOSED, 2),
        (3, 0, {"registration_open": False}, RegistrationState.NONE, 3),
        (3, 0, {"status": "abgesagt", "cancellation_reason": "Sturm"}, "cancelled", None),
    ],
)
def test_registration_state_with_and_without_the_annotation(
    capacity, taken, kwargs, code, free, django_assert_num_queries
):
    event = EventFactory(capacity=capacity, **kwargs)
    fill(event, taken)

    annotated = type(event).objects.with_places_taken().get(pk=event.pk)
    with django_assert_num_queries(0):
        state = annotated.registration_state
    plain = type(event).objects.get(pk=event.pk).registration_state

    assert state.code == plain.code == code
    if code != RegistrationState.NONE:
        assert state.free == free
    assert state.can_register == (code in ("open", "waiting_list"))


# Comment windows


def test_an_open_window_card_counts_only_published_comments(client):
    group = ExpertGroupFactory(name="Bildung")
    window = CommentWindowFactory(version__draft__committee=group, version__number=2)
    version = window.version
    parent = CommentFactory(version=version)
    CommentFactory(version=version)
    CommentFactory(version=version, parent=parent)  # a published reply counts
    hidden = CommentFactory(version=version, status="abgelehnt", rejection_reason="Werbung")
    CommentFactory(version=version, parent=hidden)  # a reply to a hidden comment does not
    for status in ("unbestaetigt", "zu_pruefen", "spam"):
        CommentFactory(version=version, status=status)
    CommentFactory()  # another version's comment

    html = card(index(client), "fenster", window.pk)

    assert "Bildung, Etappe 1, Fassung 2" in html
    assert "Etappe 1: Grundlagenpapier" in html
    assert "3 veröffentlichte Kommentare" in text_of(html)
    assert 'data-state="open"' in html
    assert "Kommentieren bis " in html
    assert re.search(r"Noch \d+ Tage, bis ", text_of(html))
    button = f'href="{reverse("beteiligung:version-comments", args=[version.pk])}"'
    assert f'<a class="btn btn-primary" {button}' in html
    assert ">Kommentieren</a>" in html


def test_a_window_without_comments_invites_the_first(client):
    window = CommentWindowFactory()

    assert "Ihr Kommentar kann der erste sein" in card(index(client), "fenster", window.pk)


def test_a_window_closing_today_says_so(client):
    window = CommentWindowFactory(closes_at=NOW() + datetime.timedelta(minutes=5))

    html = text_of(card(index(client), "fenster", window.pk))

    assert "Endet heute um" in html or "Endet morgen um" in html  # near midnight


def test_closed_windows_are_not_shown_as_open(client, django_assert_num_queries):
    ended = CommentWindowFactory(opens_at=NOW() - days(20), closes_at=NOW() - days(1))
    decided = CommentWindowFactory()
    type(decided.version).objects.filter(pk=decided.version.pk).update(
        closed_at=NOW() - days(1), closed_reason="angenommen"
    )
    coming = CommentWindowFactory(opens_at=NOW() + days(3), closes_at=NOW() + days(17))

    response = client.get(reverse("beteiligung:index"))
    html = response.content.decode()

    assert response.context["open_windows"] == []
    assert open_windows() == []
    for window in (ended, decided):
        assert f'aria-labelledby="fenster-{window.pk}"' not in html
    assert "Zurzeit ist kein Entwurf zur Kommentierung freigegeben." in html
    # The coming window has a card without a button.
    coming_card = card(html, "fenster", coming.pk)
    assert 'data-state="coming"' in coming_card
    assert "Kommentieren ab " in coming_card
    assert "card-footer" not in coming_card


# Fixed query counts


def build(windows: int, comments: int, events: int, registrations: int) -> None:
    for _ in range(windows):
        window = CommentWindowFactory()
        for _ in range(comments):
            CommentFactory(version=window.version)
    for _ in range(events):
        fill(EventFactory(capacity=registrations + 2), registrations)


def queries(client, url) -> int:
    client.get(url)  # warm: sessions, caches
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("url", ["/", "/beteiligung/"])
def test_the_pages_run_a_fixed_number_of_queries(client, settings, url, django_assert_num_queries):
    # What rendering costs; lip.pagecache would serve the second request without any query.
    settings.PAGE_CACHE_ENABLED = False
    build(windows=1, comments=1, events=1, registrations=1)
    small = queries(client, url)

    build(windows=6, comments=8, events=6, registrations=5)
    with django_assert_num_queries(small):
        response = client.get(url)

    assert response.content.decode().count('class="card lip-card') >= 7


# Breadcrumbs and badges


def test_event_page_has_breadcrumbs_with_the_current_page_marked(client):
    event = EventFactory(title="Podiumsdiskussion Grundlagenpapier")

    html = client.get(event.get_absolute_url()).content.decode()

    trail = re.search(r'<nav aria-label="Brotkrümelnavigation".*?</nav>', html, re.S).group(0)
    assert '<a href="/">Startseite</a>' in trail
    assert '<a href="/beteiligung/">Beteiligung</a>' in trail
    assert '<li class="breadcrumb-item active" aria-current="page">Podiumsdiskussion' in trail


def test_version_page_has_breadcrumbs_and_the_open_badge(client):
    window = CommentWindowFactory()
    html = client.get(
        reverse("beteiligung:version-comments", args=[window.version.pk])
    ).content.decode()

    assert 'aria-label="Brotkrümelnavigation"' in html
    assert f'aria-current="page">{window.version}</li>' in html
    assert 'data-state="open"' in html
    assert "Kommentieren bis " in html


def test_a_decided_versions_page_shows_the_decision_as_badge(client):
    window = CommentWindowFactory()
    type(window.version).objects.filter(pk=window.version.pk).update(
        closed_at=NOW() - days(1), closed_reason="angenommen"
    )
    html = client.get(
        reverse("beteiligung:version-comments", args=[window.version.pk])
    ).content.decode()

    assert 'data-state="angenommen">angenommen</span>' in html
    assert 'data-state="ended">Kommentierung beendet</span>' in html


def test_top_level_pages_have_no_breadcrumbs(client):
    for url in ("/", "/beteiligung/", "/etappen/"):
        assert "Brotkrümelnavigation" not in client.get(url).content.decode()


def test_stage_overview_shows_draft_states_as_badges(client):
    for state, label in [
        (Draft.State.IN_WORK, "in Arbeit"),
        (Draft.State.SUBMITTED, "eingereicht, Anhörung läuft"),
        (Draft.State.ACCEPTED, "angenommen"),
    ]:
        DraftFactory(state=state)

        html = client.get(reverse("etappen:index")).content.decode()

        assert f'data-state="{state}">{label}</span>' in html


def test_stage_page_has_breadcrumbs(client):
    draft = DraftFactory()

    html = client.get(draft.stage.get_absolute_url()).content.decode()

    assert '<a href="/etappen/">Etappen</a>' in html
    assert 'aria-current="page">Etappe 1</li>' in html


def page_templates(app: str) -> list[Path]:
    return sorted(
        path
        for path in (TEMPLATES / app).glob("*.html")
        if path.read_text().startswith('{% extends "base.html" %}') and path.name != "index.html"
    )


@pytest.mark.parametrize(
    "path",
    page_templates("beteiligung") + page_templates("etappen"),
    ids=lambda path: f"{path.parent.name}/{path.name}",
)
def test_every_page_below_the_top_level_fills_the_breadcrumbs(path):
    text = path.read_text()

    assert "{% block breadcrumbs %}{% url " in text
    assert "{% breadcrumbs " in text
    assert "aria-label=\"{% translate 'Breadcrumb' %}\"" not in text  # no hand-made trail left
