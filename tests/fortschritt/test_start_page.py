"""The start page tells the process from the data: no body's name and no count is written into
a template or a sentence, so a Themenzuschnitt change or a new Beirat shows at once."""

import datetime
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from etappen.models import Stage
from gremien.models import Committee
from tests.beteiligung.factories import (
    CommentFactory,
    CommentWindowFactory,
    EventFactory,
    RegistrationFactory,
)
from tests.factories import CommitteeFactory

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@pytest.fixture
def structure(db):
    call_command("loaddata", "structure", "structure_etappen", verbosity=0)


def text_of(html: str) -> str:
    """The page's text without tags, whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_start_page_explains_the_process_in_german(client):
    html = client.get("/").content.decode()

    assert "Lokalen Integrationsplan" in html
    assert "Lenkungsgruppe" in html
    assert "Expert*innengruppen" in html
    assert "Anmelden" in html


def test_the_account_of_the_process_comes_from_the_structure(client, structure):
    text = text_of(client.get("/").content.decode())

    assert "6 Expert*innengruppen: Soziales, Demokratie, Stadtleben und Kultur, Bildung, " in text
    assert "Stadtverwaltung und Diversität" in text
    assert (
        "11 Integrationsbeiräte, gebündelt durch: Delegiertenkonferenz der Integrationsbeiräte"
        in text
    )
    assert "Runder Tisch für Gleichberechtigung und gegen Rassismus" in text
    assert "12 Fachbereichsleitungen" in text
    assert "8 Dachorganisationen" in text
    assert "2 gewählte Vertreter*innen der Migrant*innenorganisationen" in text
    assert "Vorsitz: Dezernat III" in text
    assert "Internationaler Ausschuss und Ratsversammlung" in text
    assert "2 Etappen: Etappe 1: Grundlagenpapier; Etappe 2: Ziel- und Maßnahmenkatalog" in text


def test_a_renamed_group_a_new_group_and_more_councils_show_on_both_pages(client, structure):
    # The Themenzuschnitt changes of the real process, and a Beirat in every Stadtbezirk.
    Committee.objects.filter(name="Stadtverwaltung und Diversität").update(
        name="Stadtverwaltung und interkulturelle Öffnung"
    )
    CommitteeFactory(name="Jugend", slug="jugend", kind=Committee.Kind.EXPERT_GROUP)
    for name in ("Herrenhausen-Stöcken", "Nord"):
        CommitteeFactory(name=f"Integrationsbeirat {name}", kind=Committee.Kind.INTEGRATION_COUNCIL)

    start = text_of(client.get("/").content.decode())
    progress = text_of(client.get("/fortschritt/").content.decode())

    assert "7 Expert*innengruppen" in start
    assert "13 Integrationsbeiräte" in start
    for page in (start, progress):
        assert "Stadtverwaltung und interkulturelle Öffnung" in page
        assert "Stadtverwaltung und Diversität" not in page
        assert "Jugend" in page
        assert "13 Integrationsbeiräte" in page  # the organisation diagram


def test_the_current_stage_and_open_windows_are_named(client, structure):
    Stage.objects.filter(number=1).update(actual_start=datetime.date(2020, 1, 17))
    window = CommentWindowFactory(closes_at=timezone.now() + datetime.timedelta(days=5))

    CommentFactory(version=window.version)

    html = client.get("/").content.decode()

    assert "Jetzt läuft: Etappe 1: Grundlagenpapier" in text_of(html)
    # The open window as a card: group, stage, version, until when, comments, one button.
    assert f'<a class="btn btn-primary" href="/beteiligung/fassung/{window.version.pk}/"' in html
    assert f"{window.version.draft.committee.name}, Etappe 1, Fassung {window.version.number}" in (
        html
    )
    assert "Kommentieren bis " in html
    assert re.search(r"Noch [45] Tage, bis ", text_of(html))
    assert "1 veröffentlichter Kommentar" in text_of(html)


def test_without_open_windows_the_page_says_so(client, structure):
    html = client.get("/").content.decode()

    assert "Zurzeit ist kein Entwurf zur Kommentierung offen" in html
    assert "Als Nächstes: Etappe 1: Grundlagenpapier" in text_of(html)
    # How to stay informed instead: the calendar and the feed.
    assert "Zurzeit sind keine Veranstaltungen geplant." in html
    assert 'href="/kalender.ics"' in html
    assert 'href="/fortschritt/feed/"' in html


def test_what_a_person_can_do_now_comes_before_the_process(client, structure):
    CommentWindowFactory()
    EventFactory(title="Workshop Sprache")

    text = text_of(client.get("/").content.decode())

    assert text.index("Jetzt mitmachen") < text.index("Workshop Sprache")
    assert text.index("Workshop Sprache") < text.index("So läuft der Prozess")
    assert text.index("Jetzt zur Kommentierung offen") < text.index("So läuft der Prozess")


def test_the_next_comment_period_is_named_when_none_is_open(client, structure):
    coming = CommentWindowFactory(
        opens_at=timezone.now() + datetime.timedelta(days=3),
        closes_at=timezone.now() + datetime.timedelta(days=20),
    )

    text = text_of(client.get("/").content.decode())

    assert "Die nächste Kommentierungsphase beginnt am " in text
    assert str(coming.version) in text
    assert f"/beteiligung/fassung/{coming.version.pk}/" not in text  # no card, no button


def test_the_next_public_events_show_their_places(client, structure):
    soon = EventFactory(title="Workshop Bildung", capacity=1)
    RegistrationFactory(event=soon)
    later = EventFactory(
        title="Podium Grundlagenpapier",
        starts_on=timezone.localdate() + datetime.timedelta(days=40),
        capacity=20,
    )
    EventFactory(title="Interne Klausur", is_public=False)
    EventFactory(title="Abgesagter Termin", status="abgesagt", cancellation_reason="Sturm")
    EventFactory(title="Noch unveröffentlicht", published_at=None)
    for n in range(3):
        EventFactory(
            title=f"Späterer Termin {n}",
            starts_on=timezone.localdate() + datetime.timedelta(days=90 + n),
        )

    page = client.get("/").content.decode()
    html = page[page.index('id="mitmachen"') : page.index("</section>")]
    text = text_of(html)

    assert "ausgebucht – Warteliste" in text and "Auf die Warteliste" in text
    assert "noch 20 Plätze frei" in text
    assert f'href="{later.get_absolute_url()}#anmeldung"' in html
    assert "Späterer Termin 0" in text  # the third of the next three
    assert "Späterer Termin 1" not in text
    for hidden in ("Interne Klausur", "Abgesagter Termin", "Noch unveröffentlicht"):
        assert hidden not in text


# Names and counts of the structure that no template may spell out (DESIGN.md §6: the number of
# Beiräte and the expert groups are data, not code).
FROZEN = [
    r"\b(two|three|six|seven|eight|eleven|twelve|thirteen) (expert|integration|heads|umbrella)",
    r"\b(zwei|drei|sechs|sieben|acht|elf|zwölf|dreizehn) (Expert|Integrations|Fachbereich|Dach)",
    r"\b\d+ (expert groups|integration councils|Expert\*innengruppen|Integrationsbeiräte)",
    r"\b(two|both) stages",
    r"\b(zwei|beiden) Etappen",
    r"city administration and diversity",
    r"Stadtverwaltung und Diversität",
    r"Stadtleben und Kultur",
]


@pytest.mark.parametrize(
    "path",
    sorted(
        p
        for p in TEMPLATES.rglob("*.html")
        if not {"emails", "legal", "admin"} & set(p.relative_to(TEMPLATES).parts)
    ),
    ids=lambda p: str(p.relative_to(TEMPLATES)),
)
def test_no_template_writes_a_body_name_or_count(path):
    text = path.read_text()

    for pattern in FROZEN:
        assert not re.search(pattern, text, re.IGNORECASE), pattern
