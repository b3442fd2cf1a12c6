"""A list costs the same number of queries with 2 rows as with 12: nothing is fetched per row."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.helpers import RESOURCES, client_for

pytestmark = pytest.mark.django_db


def queries_for(client, url: str) -> int:
    """Queries of one request with nothing cached (lists are kept until a record changes)."""
    cache.clear()
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


def test_a_list_asked_again_is_read_from_the_cache_until_a_record_changes(world):
    from commissioning.models import Contract

    make, _, _ = RESOURCES["contracts"]
    client = client_for(world.users["officer_hf"])
    make(world.hf)
    first = client.get("/api/v1/contracts/").json()
    with CaptureQueriesContext(connection) as again:
        assert client.get("/api/v1/contracts/").json() == first
    assert not any("commissioning_contract" in q["sql"] for q in again.captured_queries)
    contract = Contract.objects.get(authority=world.hf)
    contract.title = "Renamed by an officer"
    contract.save()
    renamed = client.get("/api/v1/contracts/").json()
    assert [row["title"] for row in renamed["results"]] == ["Renamed by an officer"]
