"""The permission matrix through the API: role × method × own or other authority, per resource.

Written once and applied to a record of every app (the NetBox habit): each cell names the
status the API must answer, so a rule that drifts for any resource fails with the cell named.
An officer's view of another borough's record is a 404 (it is not theirs to know of), and a new
record naming another borough as its owner is a 400 (no such owner they may link to).
"""

from __future__ import annotations

import pytest

from tests.api.helpers import RESOURCES

pytestmark = pytest.mark.django_db

OWN = "own"
OTHER = "other"

#: role -> whose record -> method -> status.
MATRIX = {
    "officer_hf": {
        OWN: {"get": 200, "patch": 200, "delete": 204, "post": 201},
        OTHER: {"get": 404, "patch": 404, "delete": 404, "post": 400},
    },
    "officer_rbkc": {
        OWN: {"get": 404, "patch": 404, "delete": 404, "post": 400},
        OTHER: {"get": 200, "patch": 200, "delete": 204, "post": 201},
    },
    "scrutiny": {
        OWN: {"get": 200, "patch": 403, "delete": 403, "post": 403},
        OTHER: {"get": 200, "patch": 403, "delete": 403, "post": 403},
    },
    "clerk": {
        OWN: {"get": 200, "patch": 403, "delete": 403, "post": 403},
        OTHER: {"get": 200, "patch": 403, "delete": 403, "post": 403},
    },
    "admin": {
        OWN: {"get": 200, "patch": 200, "delete": 204, "post": 201},
        OTHER: {"get": 200, "patch": 200, "delete": 204, "post": 201},
    },
    "nobody": {
        OWN: {"get": 403, "patch": 403, "delete": 403, "post": 403},
        OTHER: {"get": 403, "patch": 403, "delete": 403, "post": 403},
    },
}


@pytest.mark.parametrize("resource", sorted(RESOURCES))
@pytest.mark.parametrize("role", sorted(MATRIX))
def test_each_role_gets_the_status_the_rules_give(world, api, resource, role):
    make, change, new = RESOURCES[resource]
    client = api(world.users[role])
    model = None
    wrong = []
    for whose, expected in MATRIX[role].items():
        authority = world.hf if whose == OWN else world.rbkc
        for method, status in expected.items():
            if method == "post":
                body = new(authority)
                response = client.post(f"/api/v1/{resource}/", body, format="json")
            else:
                record = make(authority)
                model = type(record)
                url = f"/api/v1/{resource}/{record.pk}/"
                if_match = f'"{record._meta.label_lower}.{record.pk}.v{record.version}"'
                if method == "get":
                    response = client.get(url)
                elif method == "patch":
                    response = client.patch(url, change, format="json", HTTP_IF_MATCH=if_match)
                else:
                    response = client.delete(url, HTTP_IF_MATCH=if_match)
                if response.status_code in (403, 404) and method != "get":
                    assert model.objects.filter(pk=record.pk).exists(), "refused but deleted"
                    record.refresh_from_db()
                    assert record.version == 1, "refused but changed"
                record_id = record.pk
                model._base_manager.filter(pk=record_id).delete()
            if response.status_code != status:
                wrong.append(f"{method} {whose}: {response.status_code}, expected {status}")
            elif status >= 400:
                assert response["Content-Type"] == "application/problem+json"
    assert not wrong, f"{role} on {resource}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("resource", sorted(RESOURCES))
def test_lists_hold_only_what_the_user_may_see(world, api, resource):
    make, _, _ = RESOURCES[resource]
    own, other = make(world.hf), make(world.rbkc)
    officer = api(world.users["officer_hf"]).get(f"/api/v1/{resource}/").json()
    assert [row["id"] for row in officer["results"] if row["id"] in (own.pk, other.pk)] == [own.pk]
    scrutiny = api(world.users["scrutiny"]).get(f"/api/v1/{resource}/").json()
    assert {own.pk, other.pk} <= {row["id"] for row in scrutiny["results"]}
    assert api(world.users["nobody"]).get(f"/api/v1/{resource}/").status_code == 403
    assert api(None).get(f"/api/v1/{resource}/").status_code in (401, 403)
