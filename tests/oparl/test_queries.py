"""Every list page runs a fixed number of queries, whatever its size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.etappen.factories import StageFactory

from .conftest import make_world

pytestmark = pytest.mark.django_db

PAGES = [
    "body/",
    "organization/",
    "person/",
    "membership/",
    "meeting/",
    "agenda-item/",
    "location/",
    "paper/",
    "consultation/",
    "file/",
    "legislative-term/",
    "paper/?modified_since=2020-01-01T00:00:00%2B01:00&limit=1000",
]


def _count(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/oparl/v1.1/" + path)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("path", PAGES)
def test_list_pages_run_a_fixed_number_of_queries(client, django_assert_num_queries, path):
    make_world(copies=1)
    small = _count(client, path)

    make_world(copies=20, tag=" groß", first_number=3000, staged=False)
    for number in range(2, 6):
        StageFactory(number=number)
    with django_assert_num_queries(small):
        response = client.get("/oparl/v1.1/" + path)
    assert len(response.json()["data"]) > 1 or path == "body/"
    # A count, the keys of the page, and per part its objects with their prefetches.
    assert small <= 8, small
