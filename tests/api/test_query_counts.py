"""A list costs the same number of queries with 2 rows as with 12: nothing is fetched per row."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.helpers import RESOURCES, client_for

pytestmark = pytest.mark.django_db


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("resource", sorted(RESOURCES))
def test_list_queries_do_not_grow_with_rows(world, resource):
    make, _, _ = RESOURCES[resource]
    client = client_for(world.users["officer_hf"])
    url = f"/api/v1/{resource}/"
    for _ in range(2):
        make(world.hf)
    client.get(url)  # the user's authorities are cached on the first request
    few = queries_for(client, url)
    for _ in range(10):
        make(world.hf)
    assert client.get(url).json()["count"] >= 12
    assert queries_for(client, url) == few
