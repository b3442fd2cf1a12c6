"""The API answers from the same rules as the admin, with ETags and problem-details errors."""

from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

from governance.models import Division

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    def _api(user):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return _api


def etag(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response["ETag"]


@pytest.mark.parametrize(
    ("role", "own_status", "other_status"),
    [
        # (role, status for each method on an own-authority record, on another's)
        (
            "officer_hf",
            {"get": 200, "patch": 200, "delete": 204},
            {"get": 404, "patch": 404, "delete": 404},
        ),
        (
            "scrutiny",
            {"get": 200, "patch": 403, "delete": 403},
            {"get": 200, "patch": 403, "delete": 403},
        ),
        (
            "clerk",
            {"get": 200, "patch": 403, "delete": 403},
            {"get": 200, "patch": 403, "delete": 403},
        ),
        (
            "admin",
            {"get": 200, "patch": 200, "delete": 204},
            {"get": 200, "patch": 200, "delete": 204},
        ),
        (
            "nobody",
            {"get": 403, "patch": 403, "delete": 403},
            {"get": 403, "patch": 403, "delete": 403},
        ),
    ],
)
def test_the_permission_matrix_through_the_api(world, api, role, own_status, other_status):
    client = api(world.users[role])
    for whose, expected in (("own", own_status), ("other", other_status)):
        for method, status in expected.items():
            authority = world.hf if whose == "own" else world.rbkc
            division = Division.objects.create(authority=authority, name=f"{method}-{whose}")
            url = f"/api/v1/divisions/{division.pk}/"
            headers = {"HTTP_IF_MATCH": f'"governance.division.{division.pk}.v1"'}
            if method == "get":
                response = client.get(url)
            elif method == "patch":
                response = client.patch(url, {"head": "New head"}, format="json", **headers)
            else:
                response = client.delete(url, **headers)
            assert response.status_code == status, (role, whose, method, response.content)


def test_officers_create_only_for_their_own_authority(world, api):
    client = api(world.users["officer_hf"])
    ok = client.post(
        "/api/v1/divisions/", {"authority": world.hf.pk, "name": "Education"}, format="json"
    )
    assert ok.status_code == 201, ok.content
    refused = client.post(
        "/api/v1/divisions/", {"authority": world.rbkc.pk, "name": "Sneaky"}, format="json"
    )
    assert refused.status_code == 400
    assert refused.json()["errors"]["authority"] == [
        f'No record "{world.rbkc.pk}" that you may link to.'
    ]
    assert not Division.objects.filter(name="Sneaky").exists()
    assert (
        api(world.users["scrutiny"])
        .post("/api/v1/divisions/", {"authority": world.hf.pk, "name": "Nope"}, format="json")
        .status_code
        == 403
    )


def test_a_write_with_a_stale_etag_is_refused_with_412_and_changes_nothing(world, api):
    division = Division.objects.create(authority=world.hf, name="Education", head="A")
    client = api(world.users["officer_hf"])
    url = f"/api/v1/divisions/{division.pk}/"
    seen = etag(client, url)
    first = client.patch(url, {"head": "B"}, format="json", HTTP_IF_MATCH=seen)
    assert first.status_code == 200
    assert first["ETag"] != seen
    second = client.patch(url, {"head": "C"}, format="json", HTTP_IF_MATCH=seen)
    assert second.status_code == 412
    assert second["Content-Type"] == "application/problem+json"
    assert second.json()["status"] == 412
    division.refresh_from_db()
    assert division.head == "B"


def test_a_write_without_if_match_is_refused_with_428(world, api):
    division = Division.objects.create(authority=world.hf, name="Education")
    response = api(world.users["officer_hf"]).patch(
        f"/api/v1/divisions/{division.pk}/", {"head": "X"}, format="json"
    )
    assert response.status_code == 428
    assert "If-Match" in response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"authority": "not-a-number", "name": "X"}, "authority"),
        ({"authority": None, "name": "X"}, "authority"),
        ({"name": "X"}, "authority"),
        ({"authority": 1, "name": "X", "colour": "red"}, "colour"),
        ({"authority": 1, "name": "x" * 500}, "name"),
    ],
)
def test_bad_input_gets_400_with_a_field_level_message_and_writes_nothing(world, api, body, field):
    if body.get("authority") == 1:
        body["authority"] = world.hf.pk
    response = api(world.users["officer_hf"]).post("/api/v1/divisions/", body, format="json")
    assert response.status_code == 400, response.content
    problem = response.json()
    assert problem["title"] == "Invalid request"
    assert field in problem["errors"]
    assert Division.objects.count() == 0


def test_malformed_json_gets_a_400_problem(world, api):
    response = api(world.users["officer_hf"]).generic(
        "POST", "/api/v1/divisions/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["status"] == 400


def test_a_duplicate_is_refused_by_the_models_own_rules(world, api):
    Division.objects.create(authority=world.hf, name="Education")
    response = api(world.users["officer_hf"]).post(
        "/api/v1/divisions/", {"authority": world.hf.pk, "name": "Education"}, format="json"
    )
    assert response.status_code == 400
    assert Division.objects.count() == 1


def test_lists_filter_order_and_narrow(world, api):
    for name in ("Social Care", "Education"):
        Division.objects.create(authority=world.hf, name=name)
    Division.objects.create(authority=world.rbkc, name="Family Services")
    officer = api(world.users["officer_hf"])
    names = [d["name"] for d in officer.get("/api/v1/divisions/?ordering=name").json()["results"]]
    assert names == ["Education", "Social Care"]
    scrutiny = api(world.users["scrutiny"])
    assert scrutiny.get("/api/v1/divisions/").json()["count"] == 3
    filtered = scrutiny.get(f"/api/v1/divisions/?authority={world.rbkc.pk}").json()
    assert [d["name"] for d in filtered["results"]] == ["Family Services"]
    assert (
        scrutiny.get("/api/v1/authorities/?dfe_code=205").json()["results"][0]["short_name"]
        == "H&F"
    )
    assert scrutiny.get("/api/v1/divisions/?page=99").status_code == 404


def test_token_authentication_for_scripts(world, client):
    response = client.post(
        "/api/v1/token/",
        json.dumps({"username": "scrutiny", "password": "correct horse battery staple"}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    token = response.json()["token"]
    listed = client.get("/api/v1/authorities/", HTTP_AUTHORIZATION=f"Token {token}")
    assert listed.status_code == 200
    assert client.get("/api/v1/authorities/").status_code == 403


def test_the_openapi_schema_describes_errors_and_preconditions(world, client):
    client.force_login(world.users["scrutiny"])
    schema = client.get("/api/v1/schema/?format=json").json()
    patch = schema["paths"]["/api/v1/divisions/{id}/"]["patch"]
    assert {"400", "403", "404", "409", "412", "428"} <= set(patch["responses"])
    assert any(p["name"] == "If-Match" and p["required"] for p in patch["parameters"])
    assert "Problem" in schema["components"]["schemas"]
    assert client.get("/api/v1/docs/").status_code == 200


def test_a_detail_reads_the_record_once_so_body_and_etag_agree(world, api, monkeypatch):
    """A write landing between two reads must not pair an old body with the new ETag."""
    from childrens_services.api.viewsets import ScopedModelViewSet

    division = Division.objects.create(authority=world.hf, name="Education", head="A")
    reads = []
    original = ScopedModelViewSet.get_object

    def get_object_then_someone_writes(self):
        obj = original(self)
        reads.append(obj.version)
        if len(reads) == 1:
            Division.objects.filter(pk=obj.pk).update(head="B", version=obj.version + 1)
        return obj

    monkeypatch.setattr(ScopedModelViewSet, "get_object", get_object_then_someone_writes)
    response = api(world.users["officer_hf"]).get(f"/api/v1/divisions/{division.pk}/")
    assert response.json()["head"] == "A"
    assert response["ETag"] == f'"governance.division.{division.pk}.v{response.json()["version"]}"'
