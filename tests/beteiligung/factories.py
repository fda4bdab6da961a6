"""Factories of the beteiligung models; versions come from the etappen test factories."""

import datetime

import factory
from django.utils import timezone

from tests.etappen.factories import (
    DraftFactory,
    DraftVersionFactory,
    ExpertGroupFactory,
    VersionSectionFactory,
)
from tests.factories import UserFactory

__all__ = [
    "CommentFactory",
    "CommentWindowFactory",
    "ConcernFactory",
    "DraftFactory",
    "EventFactory",
    "ExpertGroupFactory",
    "PublishedVersionFactory",
    "RegistrationFactory",
    "SuggestionFactory",
    "VersionSectionFactory",
]


class PublishedVersionFactory(DraftVersionFactory):
    """A version of a submitted draft, already published for comment."""

    draft = factory.SubFactory(DraftFactory, state="eingereicht")
    published_at = factory.LazyFunction(timezone.now)


class CommentWindowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "beteiligung.CommentWindow"

    version = factory.SubFactory(PublishedVersionFactory)
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
    moderation = "vorab"
    created_by = factory.SubFactory(UserFactory)


class CommentFactory(factory.django.DjangoModelFactory):
    """A confirmed, published comment on the whole version."""

    class Meta:
        model = "beteiligung.Contribution"

    kind = "kommentar"
    version = factory.SubFactory(PublishedVersionFactory)
    text = factory.Sequence(lambda n: f"Kommentar Nummer {n}: Mehr Sprachkurse im Stadtteil.")
    author_name = factory.Sequence(lambda n: f"Mitdenkerin {n}")
    email = factory.Sequence(lambda n: f"kommentar{n}@example.org")
    consent_at = factory.LazyFunction(timezone.now)
    consent_version = "2020-01"
    status = "veroeffentlicht"
    confirmed_at = factory.LazyFunction(timezone.now)
    published_at = factory.LazyFunction(timezone.now)


class SuggestionFactory(CommentFactory):
    kind = "vorschlag"
    version = None
    committee = factory.SubFactory(ExpertGroupFactory)
    title = factory.Sequence(lambda n: f"Vorschlag {n}")


class ConcernFactory(factory.django.DjangoModelFactory):
    """An Anliegen sent online and confirmed, not yet routed."""

    class Meta:
        model = "beteiligung.Concern"

    text = factory.Sequence(lambda n: f"Anliegen {n}: Beratung in mehreren Sprachen.")
    source = "online"
    email = factory.Sequence(lambda n: f"anliegen{n}@example.org")
    consent_at = factory.LazyFunction(timezone.now)
    consent_version = "2020-01"
    status = "eingegangen"
    confirmed_at = factory.LazyFunction(timezone.now)


class EventFactory(factory.django.DjangoModelFactory):
    """A published public event in a month with 10 places and registration open."""

    class Meta:
        model = "beteiligung.Event"

    title = factory.Sequence(lambda n: f"Podiumsdiskussion {n}")
    kind = "podiumsdiskussion"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    start_time = datetime.time(18, 0)
    end_time = datetime.time(20, 30)
    location = "Haus der Jugend, Maschstraße 22–24, 30169 Hannover"
    is_public = True
    registration_open = True
    capacity = 10
    published_at = factory.LazyFunction(timezone.now)


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed registration with a place."""

    class Meta:
        model = "beteiligung.Registration"

    event = factory.SubFactory(EventFactory)
    name = factory.Faker("name", locale="de_DE")
    email = factory.Sequence(lambda n: f"anmeldung{n}@example.org")
    consent_at = factory.LazyFunction(timezone.now)
    consent_version = "2020-01"
    status = "angemeldet"
    confirmed_at = factory.LazyFunction(timezone.now)
