"""Deadlines and dates in words a citizen understands, status badges and the breadcrumb tag."""

import datetime

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.utils import timezone, translation

from lip.templatetags.lip_ui import (
    badge_tone,
    moment_in_words,
    starts_in_words,
    until_in_words,
)

BERLIN = timezone.get_fixed_timezone(60)  # CET, as on 14/15 March


@pytest.fixture(autouse=True)
def _german():
    with translation.override("de"), timezone.override("Europe/Berlin"):
        yield


def at(day: int, hour: int = 12, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2027, 3, day, hour, minute, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("deadline", "now", "words"),
    [
        (at(15, 18), at(3, 9), "noch 12 Tage, bis 15. März 2027, 18:00 Uhr"),
        (at(15, 18), at(13, 20), "noch 2 Tage, bis 15. März 2027, 18:00 Uhr"),
        (at(15, 18), at(14, 23, 59), "endet morgen um 18:00 Uhr"),
        (at(15, 18), at(15, 8), "endet heute um 18:00 Uhr"),
        (at(15, 18), at(15, 18), "beendet am 15. März 2027"),
        (at(15, 18), at(20), "beendet am 15. März 2027"),
        # Midnight belongs to the day before: open all of 14 March.
        (at(15, 0), at(14, 9), "endet heute um 24:00 Uhr"),
        (at(15, 0), at(12, 9), "noch 2 Tage, bis 14. März 2027, 24:00 Uhr"),
    ],
)
def test_until_in_words(deadline, now, words):
    assert until_in_words(deadline, now) == words


def test_moment_in_words_writes_midnight_as_24_of_the_day_before():
    assert moment_in_words(at(15, 18, 30)) == "15. März 2027, 18:30 Uhr"
    assert moment_in_words(at(15, 0)) == "14. März 2027, 24:00 Uhr"


@pytest.mark.parametrize(
    ("first_day", "words"),
    [(-1, "läuft bereits"), (0, "heute"), (1, "morgen"), (2, "in 2 Tagen"), (30, "in 30 Tagen")],
)
def test_starts_in_words(first_day, words):
    today = datetime.date(2027, 3, 1)
    assert starts_in_words(today + datetime.timedelta(days=first_day), today) == words


def test_every_known_state_has_its_own_tone_and_unknown_ones_are_neutral():
    assert badge_tone("open") == "success"
    assert badge_tone("waiting_list") == "warning"
    assert badge_tone("full") == "danger"
    assert badge_tone("angenommen") == "success"
    assert badge_tone("zur_ueberarbeitung") == "warning"
    assert badge_tone("something new") == "secondary"


def test_status_badge_says_the_state_in_words():
    html = Template('{% load lip_ui %}{% status_badge "angenommen" label %}').render(
        Context({"label": "angenommen"})
    )

    assert 'class="badge lip-badge bg-success-subtle text-success-emphasis' in html
    assert 'data-state="angenommen">angenommen</span>' in html


def test_breadcrumbs_start_at_home_and_mark_the_current_page(db):
    html = Template(
        '{% load lip_ui %}{% breadcrumbs "Beteiligung" "/beteiligung/" "Gruppe" "" "Hier" %}'
    ).render(Context())

    assert 'aria-label="Brotkrümelnavigation"' in html
    assert '<li class="breadcrumb-item"><a href="/">Startseite</a></li>' in html
    assert '<li class="breadcrumb-item"><a href="/beteiligung/">Beteiligung</a></li>' in html
    assert '<li class="breadcrumb-item">Gruppe</li>' in html  # no address: no link
    assert '<li class="breadcrumb-item active" aria-current="page">Hier</li>' in html
    assert html.count("aria-current") == 1


def test_breadcrumbs_need_pairs_and_a_current_label():
    with pytest.raises(TemplateSyntaxError):
        Template('{% load lip_ui %}{% breadcrumbs "Beteiligung" "/beteiligung/" %}').render(
            Context()
        )


def test_every_state_the_pages_show_as_a_badge_has_a_tone_of_its_own():
    """The states templates show with {% status_badge %} (issue #11: a badge wherever a state is
    shown) are all known; a new state must get a tone rather than fall back to grey unnoticed."""
    from beteiligung.models import Consideration, Event
    from etappen.models import Decision, Draft
    from gremien.models import Meeting, ScopeChange
    from wahlen.models import Election, VotingRound

    shown = [
        Draft.State,
        Decision.Outcome,
        Meeting.Status,
        ScopeChange.Status,
        Event.Status,
        Consideration.Outcome,
        Election.Status,
        VotingRound.Status,
    ]
    from lip.templatetags.lip_ui import BADGE_TONES

    unknown = [
        f"{c.__qualname__}.{v}" for c in shown for v in c.values if v and v not in BADGE_TONES
    ]
    assert not unknown
    assert badge_tone(Meeting.Status.CANCELLED) == "danger"
    assert badge_tone(Consideration.Outcome.CONSIDERED) == "success"
