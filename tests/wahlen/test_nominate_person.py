import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gremien.models import Person
from tests.wahlen.factories import ElectionFactory, EligibleOrganizationFactory
from wahlen import services

pytestmark = pytest.mark.django_db

NEW = {"given_name": "Amina", "family_name": "Diallo", "email": "amina@example.org"}


def test_new_person_is_created_with_the_candidacy(office_user):
    election = ElectionFactory(nomination_deadline=timezone.now() + datetime.timedelta(days=3))
    entry = EligibleOrganizationFactory(election=election)

    candidacy = services.nominate_person(
        election=election,
        organization=entry.organization,
        new_person=NEW,
        consent=True,
        by=office_user,
    )

    assert candidacy.person.full_name == "Amina Diallo"
    assert candidacy.person.organization == entry.organization


def test_refused_nomination_leaves_no_new_person(office_user):
    election = ElectionFactory(nomination_deadline=timezone.now() - datetime.timedelta(days=1))
    entry = EligibleOrganizationFactory(election=election)
    persons = Person.objects.count()

    with pytest.raises(ValidationError):
        services.nominate_person(
            election=election,
            organization=entry.organization,
            new_person=NEW,
            consent=True,
            by=office_user,
        )

    assert Person.objects.count() == persons
