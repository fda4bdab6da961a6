import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    """The wrong-code limit lives in the cache; no test may inherit another's attempts."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def wahlleitung(office_user):
    return office_user
