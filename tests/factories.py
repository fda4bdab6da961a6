import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

PASSWORD = "geheim-und-lang-genug-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()

    @factory.post_generation
    def second_factor(obj, create, extracted, **kwargs):
        """Back-office accounts have a confirmed TOTP device, as the admin requires one.

        ``second_factor=False`` makes an account that has not set it up yet.
        """
        from django_otp.plugins.otp_totp.models import TOTPDevice

        if not create or extracted is False or not (obj.is_staff or obj.is_superuser):
            return
        if not TOTPDevice.objects.filter(user=obj).exists():
            TOTPDevice.objects.create(user=obj, name="Test", confirmed=True)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "gremien.Organization"

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = "verein"


class DepartmentFactory(OrganizationFactory):
    name = factory.Sequence(lambda n: f"Dezernat {n}")
    slug = factory.Sequence(lambda n: f"dezernat-{n}")
    kind = "dezernat"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "gremien.Person"

    given_name = factory.Faker("first_name", locale="de_DE")
    family_name = factory.Faker("last_name", locale="de_DE")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    listed_publicly = True


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "gremien.Committee"

    name = factory.Sequence(lambda n: f"Gremium {n}")
    slug = factory.Sequence(lambda n: f"gremium-{n}")
    kind = "sonstiges"


class ExpertGroupFactory(CommitteeFactory):
    """An expert group with the document's staffing scheme."""

    class Meta:
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Themenfeld {n}")
    slug = factory.Sequence(lambda n: f"themenfeld-{n}")
    kind = "expertengruppe"
    parity_target = True
    international_history_target = 50

    @factory.post_generation
    def scheme(obj, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        from gremien.models import SeatRule

        for position, (role, low, high) in enumerate(
            [
                ("intern", 2, 4),
                ("extern", 4, 4),
                ("geschaeftsfuehrung", 1, 1),
                ("fachberatung", 1, 1),
                ("wissenschaft", 1, 1),
            ]
        ):
            SeatRule.objects.create(
                committee=obj, role=role, min_count=low, max_count=high, position=position
            )


class SeatRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "gremien.SeatRule"

    committee = factory.SubFactory(CommitteeFactory)
    role = "mitglied"
    min_count = 1
    max_count = 1


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "gremien.Membership"

    person = factory.SubFactory(PersonFactory)
    committee = factory.SubFactory(CommitteeFactory)
    role = "mitglied"
    start_date = factory.LazyFunction(lambda: datetime.date(2019, 12, 1))


class NominationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "gremien.Nomination"

    committee = factory.SubFactory(ExpertGroupFactory)
    organization_name = "Kulturverein Beispiel e.V."
    contact_name = "Kim Beispiel"
    contact_email = "kontakt@example.org"
    given_name = factory.Faker("first_name", locale="de_DE")
    family_name = factory.Faker("last_name", locale="de_DE")
    email = factory.Sequence(lambda n: f"vorschlag{n}@example.org")
    expertise = "Langjährige Erfahrung in der Elternarbeit."
    consent_at = factory.LazyFunction(timezone.now)
    consent_text = "Einwilligung"
