"""Bad input anywhere in the API: one problem-details shape, field-level messages, no write."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from commissioning.models import Contract

pytestmark = pytest.mark.django_db


def post_raw(client, body: str, content_type: str = "application/json"):
    return client.generic("POST", "/api/v1/contracts/", body, content_type=content_type)


def contract(world, **values) -> dict:
    return {
        "authority": world.hf.pk,
        "reference": "X-1",
        "title": "Advocacy",
        "provider_text": "Various",
    } | values


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"total_value": "-1.00"}, "total_value"),
        ({"total_value": True}, "total_value"),
        ({"start_date": 20160101}, "start_date"),
        ({"is_sme": True}, "is_sme"),
        ({"status": "ACTIVE"}, "status"),
        ({"authority": "H&F"}, "authority"),
        ({"authority": 10**30}, "authority"),
        ({"title": "x" * 1000}, "title"),
        ({"title": None}, "title"),
    ],
)
def test_each_bad_value_is_named_in_a_400_problem(world, api, values, field):
    response = api(world.users["officer_hf"]).post(
        "/api/v1/contracts/", contract(world, **values), format="json"
    )
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert (problem["status"], problem["title"]) == (400, "Invalid request")
    assert field in problem["errors"], problem
    assert not Contract.objects.exists()


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        ("{not json", "application/json", 400),
        ('{"title": "A"', "application/json", 400),
        ("[1, 2]", "application/json", 400),
        ("null", "application/json", 400),
        ("", "application/json", 400),
        ("title=A", "application/x-www-form-urlencoded", 415),
        ("<contract/>", "application/xml", 415),
    ],
)
def test_a_body_that_is_not_a_json_object_is_refused(world, api, body, content_type, status):
    response = post_raw(api(world.users["officer_hf"]), body, content_type)
    assert response.status_code == status, response.content
    assert response.json()["status"] == status
    assert not Contract.objects.exists()


def test_an_oversized_body_is_413_and_writes_nothing(world, api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    body = json.dumps(contract(world, description="x" * 20_000))
    response = post_raw(api(world.users["officer_hf"]), body)
    assert response.status_code == 413
    assert response.json()["title"] == "Request too large"
    assert not Contract.objects.exists()


def test_the_openapi_schema_validates_with_no_warning(tmp_path):
    """Every field typed and every enum named, so generated clients work."""
    out = tmp_path / "schema.yml"
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(out), stdout=io.StringIO()
    )
    schema = out.read_text()
    assert "MandateStatusEnum" in schema
    assert "/api/v1/contracts/import/" in schema
    assert "/api/v1/savings-programmes/{id}/totals/" in schema


def test_the_schema_documents_the_actions_and_their_errors(world, client):
    client.force_login(world.users["scrutiny"])
    schema = client.get("/api/v1/schema/?format=json").json()
    publish = schema["paths"]["/api/v1/mandates/{id}/publish/"]["post"]
    assert {"200", "403", "404", "409", "413"} <= set(publish["responses"])
    imports = schema["paths"]["/api/v1/contracts/import/"]["post"]
    assert "multipart/form-data" in imports["requestBody"]["content"]
    csv_export = schema["paths"]["/api/v1/contracts/transparency-csv/"]["get"]
    assert "text/csv" in csv_export["responses"]["200"]["content"]
    assert "Problem" in schema["components"]["schemas"]
