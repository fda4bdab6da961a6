"""Factories of the etappen models; users, bodies and persons come from tests/factories.py."""

import datetime
import uuid

import factory

from tests.factories import CommitteeFactory, MembershipFactory, PersonFactory, UserFactory


class StageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "etappen.Stage"
        django_get_or_create = ("number",)

    number = 1
    name = "Grundlagenpapier"
    structured = False
    planned_start = datetime.date(2020, 1, 1)
    planned_end = datetime.date(2020, 3, 31)


class CatalogueStageFactory(StageFactory):
    number = 2
    name = "Ziel- und Maßnahmenkatalog"
    structured = True
    planned_start = datetime.date(2020, 4, 1)
    planned_end = datetime.date(2020, 12, 31)
    planned_council = datetime.date(2021, 2, 28)


class ExpertGroupFactory(CommitteeFactory):
    """An expert group without seat scheme (the scheme is gremien's business)."""

    name = factory.Sequence(lambda n: f"Expert*innengruppe {n}")
    slug = factory.Sequence(lambda n: f"expertengruppe-{n}")
    kind = "expertengruppe"


class DraftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "etappen.Draft"

    stage = factory.SubFactory(StageFactory)
    committee = factory.SubFactory(ExpertGroupFactory)


class DraftSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "etappen.DraftSection"

    draft = factory.SubFactory(DraftFactory)
    position = factory.Sequence(lambda n: n + 1)
    heading = factory.Sequence(lambda n: f"Abschnitt {n}")
    text = "Hannover ist eine moderne Einwanderungsstadt."


class DraftVersionFactory(factory.django.DjangoModelFactory):
    """A version row made directly (pages, Synopse); submit_draft makes the real ones."""

    class Meta:
        model = "etappen.DraftVersion"

    draft = factory.SubFactory(DraftFactory)
    number = factory.Sequence(lambda n: n + 1)
    created_by = factory.SubFactory(UserFactory)


class VersionSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "etappen.VersionSection"

    version = factory.SubFactory(DraftVersionFactory)
    key = factory.LazyFunction(uuid.uuid4)
    position = factory.Sequence(lambda n: n + 1)
    heading = factory.Sequence(lambda n: f"Abschnitt {n}")
    text = "Hannover ist eine moderne Einwanderungsstadt."


def member_of(committee, **user_kwargs):
    """A user account whose person is a current member of the body."""
    user = UserFactory(**user_kwargs)
    MembershipFactory(committee=committee, person=PersonFactory(user=user))
    return user
