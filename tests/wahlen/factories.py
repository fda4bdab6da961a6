"""Factories of the wahlen tests (the shared ones live in tests/factories.py)."""

import datetime

import factory
from django.utils import timezone

from tests.factories import CommitteeFactory, OrganizationFactory, PersonFactory


class MigrantOrganizationFactory(OrganizationFactory):
    name = factory.Sequence(lambda n: f"Migrant*innenverein {n} e.V.")
    slug = factory.Sequence(lambda n: f"mso-{n}")
    kind = "mso"


class SteeringGroupFactory(CommitteeFactory):
    """A Lenkungsgruppe with the two elected MSO seats (as in fixtures/structure.json)."""

    class Meta:
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    name = "Lenkungsgruppe"
    slug = "lenkungsgruppe"
    kind = "lenkungsgruppe"

    @factory.post_generation
    def mso_seat(obj, create, extracted, **kwargs):
        if not create:
            return
        from gremien.models import SeatRule

        SeatRule.objects.get_or_create(
            committee=obj,
            role="mso_gewaehlt",
            organization=None,
            defaults={"min_count": 2, "max_count": 2, "position": 23},
        )


class ElectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "wahlen.Election"

    title = factory.Sequence(lambda n: f"Wahl der MSO-Vertreter*innen {n}")
    slug = factory.Sequence(lambda n: f"mso-wahl-{n}")
    committee = factory.SubFactory(SteeringGroupFactory)
    # Past by default: most tests start after the nomination deadline.
    nomination_deadline = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))


class EligibleOrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "wahlen.EligibleOrganization"

    election = factory.SubFactory(ElectionFactory)
    organization = factory.SubFactory(MigrantOrganizationFactory)


class CandidacyFactory(factory.django.DjangoModelFactory):
    """A candidacy of a registered MSO (it is put on the register if it is not yet)."""

    class Meta:
        model = "wahlen.Candidacy"

    election = factory.SubFactory(ElectionFactory)
    organization = factory.SubFactory(MigrantOrganizationFactory)
    person = factory.SubFactory(PersonFactory, organization=factory.SelfAttribute("..organization"))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from wahlen.models import EligibleOrganization

        EligibleOrganization.objects.get_or_create(
            election=kwargs["election"], organization=kwargs["organization"]
        )
        return super()._create(model_class, *args, **kwargs)
