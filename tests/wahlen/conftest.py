import pytest

# The wrong-code limit counts in the database (lip.ratelimit): each test's rows roll back with it.


@pytest.fixture
def wahlleitung(office_user):
    return office_user
