from dataclasses import dataclass

import pytest

from gremien.models import Organization
from tests.factories import DepartmentFactory, PersonFactory, UserFactory
from umsetzung.models import Measure
from umsetzung.services import create_measures_from_catalogue

from .factories import adopted_catalogue, unit


@dataclass
class Setup:
    department: Organization
    school: Organization
    other: Organization
    measures: list[Measure]
    catalogue: object


@pytest.fixture
def tracked(db) -> Setup:
    """Two tracked measures of Fachbereich Schule (in a Dezernat) and an unrelated unit."""
    department = DepartmentFactory(name="Dezernat IV")
    school = unit("Fachbereich Schule", parent=department)
    other = unit("Fachbereich Kultur")
    catalogue = adopted_catalogue(measures=2)
    measures = create_measures_from_catalogue()
    return Setup(department, school, other, measures, catalogue)


def person_in(organization, **kwargs):
    """A user whose person works in the organisation (no role)."""
    user = UserFactory(**kwargs)
    PersonFactory(user=user, organization=organization)
    return user


@pytest.fixture
def school_user(tracked):
    return person_in(tracked.school)


@pytest.fixture
def other_user(tracked):
    return person_in(tracked.other)
