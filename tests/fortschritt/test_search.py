"""The search at /suche/: what it finds, for whom, in which order, with how many queries.

The tests without marker run on whatever database the suite uses (SQLite locally: the plain
backend; PostgreSQL in CI: the full-text backend); those marked ``postgres`` check what only
the full-text search does (stemming, ts_headline, websearch syntax).
"""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from beteiligung.models import Consideration
from etappen.models import ConsultationRequest, SectionTranslation, StatementDraft
from etappen.models import Statement as StatementModel
from fortschritt.search.backends import (
    START,
    STOP,
    PostgresBackend,
    SimpleBackend,
    highlight,
    marked_to_html,
    terms_of,
)
from fortschritt.search.kinds import KINDS, KINDS_BY_SLUG
from fortschritt.search.query import search_kind
from fortschritt.search.views import HITS_PER_KIND, MAX_PAGE, MAX_QUERY_LENGTH, PAGE_SIZE
from gremien.models import Committee
from tests.beteiligung.factories import (
    CommentFactory,
    ConcernFactory,
    EventFactory,
    PublishedVersionFactory,
    RegistrationFactory,
    SuggestionFactory,
    VersionSectionFactory,
)
from tests.etappen.factories import DraftFactory, DraftSectionFactory, DraftVersionFactory
from tests.factories import CommitteeFactory, MembershipFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

SEARCH = "/suche/"


def get(client, q, **params):
    return client.get(SEARCH, {"q": q, **params})


def page_text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def totals(response) -> dict[str, int]:
    """Hits per kind on the results page (0 for kinds without hits)."""
    results = response.context["results"] or []
    return {result.kind.slug: result.total for result in results}


def section_url(section) -> str:
    return reverse(
        "beteiligung:section-comments", kwargs={"pk": section.version_id, "key": section.key}
    )


@pytest.fixture
def version(group):
    """A version of Bildung's draft, published for comment."""
    return PublishedVersionFactory(draft__committee=group, note="Begleitnotiz zur Fassung.")


@pytest.fixture
def answerer(db):
    return UserFactory(username="antwortende")


# URL, header field ---------------------------------------------------------------------------


def test_url_name_and_header_field_on_every_page(client):
    assert reverse("search") == SEARCH
    html = page_text(client.get(reverse("home")))

    form = re.search(r'<form[^>]*role="search"[^>]*>.*?</form>', html, re.DOTALL).group(0)
    assert 'method="get"' in form
    assert f'action="{SEARCH}"' in form
    assert 'name="q"' in form
    assert '<label class="visually-hidden" for="suche-kopfzeile">Suchbegriff</label>' in form
    assert ">Suchen</button>" in form


def test_empty_query_shows_a_hint_and_searches_nothing(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(SEARCH)
    html = page_text(response)

    assert response.context["results"] is None
    assert "Geben Sie oben einen Suchbegriff ein" in html


def test_too_long_query_gets_a_german_message_and_searches_nothing(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = get(client, "Sprache " * 30)
    html = page_text(response)

    assert response.context["results"] is None
    assert "Der Suchbegriff ist zu lang" in html
    assert 'aria-invalid="true"' in html
    assert len("Sprache " * 30) > MAX_QUERY_LENGTH


def test_query_of_exactly_the_maximum_length_is_searched(client, version):
    VersionSectionFactory(version=version, heading="Leitbild", text="a" * 10)
    response = get(client, "Leitbild" + " " + "x" * (MAX_QUERY_LENGTH - 9))

    assert response.context["results"] is not None
    assert "error" not in response.context


def test_control_characters_in_the_query_are_dropped(client, version):
    section = VersionSectionFactory(version=version, heading="Leitbild")

    html = page_text(get(client, "Leit\x00bild\x02"))

    assert section_url(section) in html


# What is found, and where it links -------------------------------------------------------------


@pytest.fixture
def everything(group, version, answerer):
    """One public item of every kind, each containing the word "Quartier"."""
    section = VersionSectionFactory(
        version=version, heading="Leben im Quartier", text="Nachbarschaft stärken."
    )
    note_version = PublishedVersionFactory(note="Diese Fassung nimmt das Quartier auf.")
    comment = CommentFactory(version=version, section=section, text="Mehr Treffpunkte im Quartier.")
    answered = CommentFactory(version=version, text="Ein Kommentar ohne das Wort.")
    consideration = Consideration.objects.create(
        contribution=answered,
        committee=group,
        outcome=Consideration.Outcome.CONSIDERED,
        reason="Das Quartier bekommt einen Treffpunkt.",
        answered_by=answerer,
    )
    suggestion = SuggestionFactory(committee=group, title="Quartierstreff", text="Im Quartier.")
    event = EventFactory(title="Quartiersgespräch", description="Wir reden über das Quartier.")
    committee = CommitteeFactory(name="Quartiersrat", task="Berät das Quartier.")
    member = MembershipFactory(
        committee=committee, person=PersonFactory(given_name="Kim", family_name="Quartier")
    )
    SectionTranslation.objects.create(
        section=section,
        language="tr",
        revision=1,
        heading="Quartier'de yaşam",
        text="Komşuluğu güçlendirmek.",
        translated_by="Çeviri servisi",
        created_by=answerer,
    )
    return {
        "uebersetzung": f"{version.get_absolute_url()}?sprache=tr#abschnitt-{section.key}",
        "abschnitt": section_url(section),
        "fassung": reverse("beteiligung:version-comments", kwargs={"pk": note_version.pk}),
        "kommentar": f"{section_url(section)}#kommentar-{comment.pk}",
        "abwaegung": reverse("beteiligung:consideration-table", kwargs={"pk": version.pk})
        + f"#abwaegung-{answered.pk}",
        "vorschlag": reverse("beteiligung:topic-detail", kwargs={"slug": group.slug})
        + f"#beitrag-{suggestion.pk}",
        "veranstaltung": event.get_absolute_url(),
        "gremium": committee.get_absolute_url(),
        "person": f"{member.committee.get_absolute_url()}#mitglieder",
        "consideration": consideration,
    }


def test_every_kind_is_found_with_a_link_to_its_public_page(client, everything):
    response = get(client, "Quartier")
    html = page_text(response)

    found = totals(response)
    assert set(found) == {kind.slug for kind in KINDS}
    for kind in KINDS:
        assert found[kind.slug] >= 1, kind.slug
        assert f'href="{everything[kind.slug]}"' in html, kind.slug
        assert f'id="treffer-{kind.slug}"' in html
        assert str(kind.label) in html
    assert response.context["total"] == sum(found.values())


def test_linked_public_pages_exist(client, everything):
    for slug in (
        "abschnitt",
        "fassung",
        "kommentar",
        "abwaegung",
        "vorschlag",
        "gremium",
        "uebersetzung",
    ):
        path = everything[slug].split("#")[0]
        assert client.get(path).status_code == 200, slug


def test_one_kind_only(client, everything):
    response = get(client, "Quartier", typ="veranstaltung")

    assert [result.kind.slug for result in response.context["results"]] == ["veranstaltung"]
    assert "Die besten Treffer aller Arten zeigen" in page_text(response)


def test_unknown_kind_searches_everything(client, everything):
    response = get(client, "Quartier", typ="unbekannt")

    assert len(response.context["results"]) == len(KINDS)


def test_a_search_without_hits_says_so(client, everything):
    response = get(client, "Raumfahrtbehörde")

    assert response.context["total"] == 0
    assert "Nichts gefunden" in page_text(response)


# Ranking ------------------------------------------------------------------------------------


def test_a_heading_match_ranks_above_a_body_match(client, version):
    # Made first, so that without ranking (by id) the body match would come first.
    in_body = VersionSectionFactory(
        version=version, heading="Ausgangslage", text="Wir fördern Mehrsprachigkeit in Kitas."
    )
    in_heading = VersionSectionFactory(
        version=version, heading="Mehrsprachigkeit", text="Ein Abschnitt über Sprachen."
    )

    result = search_kind(KINDS_BY_SLUG["abschnitt"], "Mehrsprachigkeit", limit=10)
    assert [hit.url for hit in result.hits] == [section_url(in_heading), section_url(in_body)]

    html = page_text(get(client, "Mehrsprachigkeit"))
    assert html.index(section_url(in_heading)) < html.index(section_url(in_body))


def test_a_title_match_ranks_above_a_body_match_for_events(db):
    EventFactory(title="Sommerfest", description="Mit einem Sprachcafé für alle.")
    first = EventFactory(title="Sprachcafé", description="Gespräche in vielen Sprachen.")

    result = search_kind(KINDS_BY_SLUG["veranstaltung"], "Sprachcafé", limit=10)

    assert result.total == 2
    assert result.hits[0].url == first.get_absolute_url()


# Visibility --------------------------------------------------------------------------------------


@pytest.fixture
def hidden(group, version, answerer, office):
    """Everything the public must never find, each with its own word."""
    in_work = DraftFactory(committee=group, stage__number=2, stage__name="Katalog")
    DraftSectionFactory(draft=in_work, heading="Arbeitsstandwort", text="Arbeitsstandwort")
    unpublished = DraftVersionFactory(draft=in_work, note="Entwurfsnotizwort")
    VersionSectionFactory(version=unpublished, heading="Entwurfsfassungwort", text="Text")
    for status, word in (
        ("unbestaetigt", "Unbestaetigtwort"),
        ("zu_pruefen", "Pruefwort"),
        ("abgelehnt", "Abgelehntwort"),
        ("spam", "Spamwort"),
    ):
        CommentFactory(
            version=version,
            status=status,
            text=f"Kommentar {word}",
            published_at=None,
            rejection_reason="Beleidigend." if status == "abgelehnt" else "",
        )
    pending = CommentFactory(version=version, status="zu_pruefen", published_at=None)
    CommentFactory(version=version, parent=pending, text="Antwortwort auf Ungeprüftes")
    CommentFactory(version=unpublished, text="Versteckfassungwort")
    SuggestionFactory(
        committee=group, status="zu_pruefen", published_at=None, title="Vorschlagwort"
    )
    Consideration.objects.create(
        contribution=pending,
        committee=group,
        outcome=Consideration.Outcome.NOTED,
        reason="Abwaegungwort zu Ungeprüftem",
        answered_by=answerer,
    )
    Consideration.objects.create(
        concern=ConcernFactory(topic=group, text="Anliegen"),
        committee=group,
        outcome=Consideration.Outcome.NOTED,
        reason="Anliegenabwaegungwort",
        answered_by=answerer,
    )
    EventFactory(title="Entwurfsveranstaltungwort", published_at=None)
    EventFactory(title="Internveranstaltungwort", is_public=False)
    MembershipFactory(
        committee=group,
        person=PersonFactory(
            family_name="Verborgenname", listed_publicly=False, email="nicht.genannt@example.org"
        ),
    )
    MembershipFactory(
        committee=group,
        person=PersonFactory(family_name="Ehemaligname"),
        end_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    CommentFactory(
        version=version,
        text="Öffentlich",
        email="kommentar.adresse@example.org",
        author_name="Pseudonymwort",
    )
    RegistrationFactory(name="Anmeldungname", email="anmeldung.adresse@example.org")
    steering = CommitteeFactory(name="Lenkung", kind=Committee.Kind.STEERING_GROUP)
    request = ConsultationRequest.objects.create(
        version=version, committee=steering, kind="stellungnahme", deadline=timezone.localdate()
    )
    StatementModel.objects.create(request=request, text="Stellungnahmewort", filed_by=office)
    other = CommitteeFactory(name="Beirat", kind=Committee.Kind.INTEGRATION_COUNCIL)
    draft_request = ConsultationRequest.objects.create(
        version=version, committee=other, kind="einschaetzung", deadline=timezone.localdate()
    )
    StatementDraft.objects.create(
        request=draft_request, text="Einschaetzungsentwurfwort", updated_by=office
    )
    return [
        "Arbeitsstandwort",
        "Entwurfsnotizwort",
        "Entwurfsfassungwort",
        "Unbestaetigtwort",
        "Pruefwort",
        "Abgelehntwort",
        "Spamwort",
        "Antwortwort",
        "Versteckfassungwort",
        "Vorschlagwort",
        "Abwaegungwort",
        "Anliegenabwaegungwort",
        "Entwurfsveranstaltungwort",
        "Internveranstaltungwort",
        "Verborgenname",
        "nicht.genannt@example.org",
        "Ehemaligname",
        "kommentar.adresse@example.org",
        "Pseudonymwort",
        "Anmeldungname",
        "anmeldung.adresse@example.org",
        "Stellungnahmewort",
        "Einschaetzungsentwurfwort",
    ]


@pytest.fixture(params=["anonymous", "citizen", "group_member", "office"])
def searcher(request, client, member, office):
    users = {"citizen": UserFactory(), "group_member": member, "office": office}
    if request.param != "anonymous":
        client.force_login(users[request.param])
    return client


def test_nothing_unpublished_or_personal_is_found_by_anyone(searcher, hidden):
    for word in hidden:
        response = get(searcher, word)
        assert response.context["total"] == 0, word
        assert 'class="lip-search-hit"' not in page_text(response), word


def test_the_hidden_words_would_be_found_if_public(client, version, group):
    """The control for the test above: the same words in public texts are found."""
    VersionSectionFactory(version=version, heading="Arbeitsstandwort")
    CommentFactory(version=version, text="Pruefwort")
    EventFactory(title="Internveranstaltungwort")
    MembershipFactory(committee=group, person=PersonFactory(family_name="Verborgenname"))

    for word in ("Arbeitsstandwort", "Pruefwort", "Internveranstaltungwort", "Verborgenname"):
        assert get(client, word).context["total"] == 1, word


def test_the_page_says_that_only_public_content_is_searched(client):
    assert "findet nur, was alle lesen dürfen" in page_text(get(client, ""))


# Snippets and escaping -----------------------------------------------------------------------


def test_user_text_is_escaped_and_only_matches_are_marked(client, version, group, is_postgres):
    CommentFactory(
        version=version,
        text='<script>alert("x")</script> <b>Sprachcafé</b> im Stadtteil <mark>frei</mark>',
    )
    SuggestionFactory(committee=group, title="<i>Sprachcafé</i> am Markt", text="Treffpunkt")

    html = page_text(get(client, "Sprachcafé"))

    assert "<script>alert" not in html
    assert "<b>" not in html
    assert "<i>" not in html
    assert "&lt;mark&gt;" not in html.replace("&lt;mark&gt;frei&lt;/mark&gt;", "")
    # The title keeps what the person wrote, escaped, with the match marked.
    assert "&lt;i&gt;<mark>Sprachcafé</mark>&lt;/i&gt; am Markt" in html
    if is_postgres:
        # ts_headline leaves tag-like text out of excerpts.
        assert html.count("<mark>Sprachcafé</mark>") == 2
    else:
        assert "&lt;b&gt;<mark>Sprachcafé</mark>&lt;/b&gt; im Stadtteil" in html
        assert "&lt;script&gt;" in html
        assert "&lt;mark&gt;frei&lt;/mark&gt;" in html


def test_marked_to_html_escapes_and_balances():
    html = marked_to_html(f'a <i>&"{START}Wort{STOP} {START}offen und {STOP}zu{STOP}')

    assert html == "a &lt;i&gt;&amp;&quot;<mark>Wort</mark> <mark>offen und </mark>zu"


def test_highlight_marks_every_match_case_insensitively():
    assert highlight("Schule und SCHULE", ["schule"], whole=True) == (
        f"{START}Schule{STOP} und {START}SCHULE{STOP}"
    )


def test_highlight_cuts_an_excerpt_around_the_first_match():
    text = "Anfang " + "Füllwort " * 60 + "Kita " + "Füllwort " * 60
    excerpt = highlight(text, ["kita"], whole=False)

    assert excerpt.startswith("… ")
    assert excerpt.endswith(" …")
    assert f"{START}Kita{STOP}" in excerpt
    assert len(excerpt) < 280


def test_terms_of_drops_operators_quotes_and_single_letters():
    assert terms_of('"Kita Platz" -Hort a Eltern-Café') == ["Kita", "Platz", "Hort", "Eltern-Café"]


def test_simple_backend_needs_every_word(db, version):
    both = VersionSectionFactory(version=version, heading="Kita", text="Plätze für alle")
    VersionSectionFactory(version=version, heading="Kita", text="Öffnungszeiten")

    rows = list(SimpleBackend().ranked(KINDS_BY_SLUG["abschnitt"], "Kita Plätze"))

    assert [row.pk for row in rows] == [both.pk]


# Pagination and queries ------------------------------------------------------------------------


def test_overview_caps_each_kind_and_links_to_all_hits(client, version):
    for _ in range(PAGE_SIZE + 5):
        CommentFactory(version=version, text="Wir brauchen einen Bolzplatz.")

    response = get(client, "Bolzplatz")
    html = page_text(response)
    comments = next(r for r in response.context["results"] if r.kind.slug == "kommentar")

    assert comments.total == PAGE_SIZE + 5
    assert len(comments.hits) == HITS_PER_KIND
    assert f"Alle {PAGE_SIZE + 5} Treffer anzeigen: Kommentare" in html
    assert "typ=kommentar" in html

    first = get(client, "Bolzplatz", typ="kommentar")
    second = get(client, "Bolzplatz", typ="kommentar", seite="2")
    assert len(first.context["results"][0].hits) == PAGE_SIZE
    assert len(second.context["results"][0].hits) == 5
    assert "Seite 2 von 2" in page_text(second)
    first_urls = {hit.url for hit in first.context["results"][0].hits}
    assert first_urls.isdisjoint(hit.url for hit in second.context["results"][0].hits)


def test_a_page_behind_the_last_says_so(client, version):
    CommentFactory(version=version, text="Bolzplatz")

    html = page_text(get(client, "Bolzplatz", typ="kommentar", seite="9"))

    assert "Es gibt keine Seite 9" in html
    assert "Zur ersten Seite" in html


def test_page_number_garbage_means_the_first_page(client, version):
    CommentFactory(version=version, text="Bolzplatz")

    response = get(client, "Bolzplatz", typ="kommentar", seite="zwei")
    huge = get(client, "Bolzplatz", typ="kommentar", seite="9" * 30)

    assert len(response.context["results"][0].hits) == 1
    assert huge.context["page"]["number"] == MAX_PAGE
    assert huge.context["past_the_end"]


def _data_of_every_kind(count: int, group, version, answerer) -> None:
    """``count`` items of every kind, all containing the word "Kiez"."""
    for n in range(count):
        section = VersionSectionFactory(version=version, heading=f"Kiez {n}", text="Kiez")
        _translation(section, "tr", 1, f"Kiez {n}", "Kiez mahallesi", answerer)
        PublishedVersionFactory(note="Kiez")
        comment = CommentFactory(version=version, text="Im Kiez")
        Consideration.objects.create(
            contribution=comment,
            committee=group,
            outcome=Consideration.Outcome.NOTED,
            reason="Kiez",
            answered_by=answerer,
        )
        SuggestionFactory(committee=group, title="Kiez", text="Kiez")
        EventFactory(title="Kiez")
        committee = CommitteeFactory(name=f"Kiez {n}")
        MembershipFactory(committee=committee, person=PersonFactory(family_name="Kiez"))


@pytest.mark.parametrize("typ", ["", "abwaegung"])
def test_fixed_number_of_queries_whatever_the_data_size(
    client, group, version, answerer, django_assert_max_num_queries, typ
):
    expected = 1 if typ else len(KINDS)
    counts = []
    for size in (1, 12):
        _data_of_every_kind(size if not counts else size - 1, group, version, answerer)
        with django_assert_max_num_queries(expected), CaptureQueriesContext(connection) as ctx:
            response = get(client, "Kiez", typ=typ)
        counts.append(len(ctx.captured_queries))
        assert all(result.total >= size for result in response.context["results"])
    assert counts[0] == counts[1]


def test_signed_in_searches_cost_only_the_session_queries_more(
    client, member, group, version, answerer, django_assert_max_num_queries
):
    _data_of_every_kind(3, group, version, answerer)
    client.force_login(member)

    # Session and user are read, and the session is saved on every request (idle timeout):
    # an UPDATE inside a savepoint.
    with django_assert_max_num_queries(len(KINDS) + 5):
        response = get(client, "Kiez")
    assert all(result.total == 3 for result in response.context["results"])


# PostgreSQL full-text search ------------------------------------------------------------------


@pytest.mark.postgres
def test_postgres_finds_inflected_german_words(version):
    section = VersionSectionFactory(
        version=version, heading="Bildung", text="Die Schulen im Stadtteil öffnen sich."
    )

    result = search_kind(KINDS_BY_SLUG["abschnitt"], "Schule", limit=5)

    assert [hit.url for hit in result.hits] == [section_url(section)]
    assert "<mark>Schulen</mark>" in result.hits[0].snippet


@pytest.mark.postgres
def test_postgres_ranks_by_weight_and_highlights_the_heading(version):
    in_body = VersionSectionFactory(
        version=version, heading="Ausgangslage", text="Wir stärken Elternarbeit."
    )
    in_heading = VersionSectionFactory(
        version=version, heading="Elternarbeit", text="Ein Abschnitt."
    )

    rows = list(
        PostgresBackend()
        .ranked(KINDS_BY_SLUG["abschnitt"], "Elternarbeit")
        .order_by("-search_rank")
    )
    assert [row.pk for row in rows] == [in_heading.pk, in_body.pk]
    assert rows[0].search_rank > rows[1].search_rank

    result = search_kind(KINDS_BY_SLUG["abschnitt"], "Elternarbeit", limit=5)
    assert result.hits[0].title == "<mark>Elternarbeit</mark>"
    assert "<mark>Elternarbeit</mark>" in result.hits[1].snippet


@pytest.mark.postgres
def test_postgres_headline_escapes_user_html(version):
    CommentFactory(
        version=version, text='<img src=x onerror="alert(1)"> Hausaufgabenhilfe <b>gesucht</b>'
    )

    result = search_kind(KINDS_BY_SLUG["kommentar"], "Hausaufgabenhilfe", limit=5)
    snippet = result.hits[0].snippet

    # ts_headline leaves tags out of excerpts; whatever comes back is escaped anyway.
    assert "<img" not in snippet
    assert 'onerror="' not in snippet
    assert "<b>" not in snippet
    assert "<mark>Hausaufgabenhilfe</mark>" in snippet


@pytest.mark.postgres
def test_postgres_understands_websearch_syntax(version):
    both = CommentFactory(version=version, text="Kita und Hort im Stadtteil")
    kita_only = CommentFactory(version=version, text="Kita im Stadtteil")

    without_hort = search_kind(KINDS_BY_SLUG["kommentar"], "Kita -Hort", limit=5)
    phrase = search_kind(KINDS_BY_SLUG["kommentar"], '"Kita und Hort"', limit=5)

    assert [hit.url.split("#")[1] for hit in without_hort.hits] == [f"kommentar-{kita_only.pk}"]
    assert [hit.url.split("#")[1] for hit in phrase.hits] == [f"kommentar-{both.pk}"]


@pytest.mark.postgres
def test_postgres_query_of_stop_words_only_finds_nothing(client, version):
    CommentFactory(version=version, text="und oder aber")

    response = get(client, "und")

    assert response.context["total"] == 0


# Translations (docs/sprachen.md) ----------------------------------------------------------------


def _translation(section, language, revision, heading, text, by):
    return SectionTranslation.objects.create(
        section=section,
        language=language,
        revision=revision,
        heading=heading,
        text=text,
        translated_by="Dolmetschdienst",
        created_by=by,
    )


def test_translated_text_is_found_in_its_language_and_links_to_it(client, version, answerer):
    section = VersionSectionFactory(version=version, heading="Sprache", text="Deutschkurse.")
    _translation(section, "ar", 1, "اللغة", "دورات اللغة الألمانية للجميع.", answerer)

    response = get(client, "دورات")
    html = page_text(response)

    assert totals(response)["uebersetzung"] == 1
    assert (
        f'href="{version.get_absolute_url()}?sprache=ar#abschnitt-{section.key}" lang="ar"' in html
    )
    assert totals(response)["abschnitt"] == 0


def test_only_the_newest_revision_of_a_translation_is_found(client, version, answerer):
    section = VersionSectionFactory(version=version, heading="Sprache", text="Deutschkurse.")
    _translation(section, "tr", 1, "Dil", "Eski çeviri Almanca kursları.", answerer)
    _translation(section, "tr", 2, "Dil", "Yeni çeviri Almanca kursları.", answerer)

    assert totals(get(client, "Almanca"))["uebersetzung"] == 1
    assert totals(get(client, "Eski"))["uebersetzung"] == 0


def test_translations_of_unpublished_versions_are_not_found(client, answerer):
    hidden = VersionSectionFactory(version=DraftVersionFactory(), heading="Intern")
    _translation(hidden, "tr", 1, "Gizli", "Gizli metin.", answerer)

    assert totals(get(client, "Gizli"))["uebersetzung"] == 0
