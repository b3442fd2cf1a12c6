"""Commissioning through the API: the contracts import (dry run, commit, all or nothing, every
bad row listed), the register's exports (Transparency Code CSV, OCDS), filters and money."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from commissioning.models import Contract
from tests.api.helpers import client_for, etag_of, make_contract
from tests.commissioning.helpers import csv_bytes, row

pytestmark = pytest.mark.django_db

IMPORT = "/api/v1/contracts/import/"


def upload(content: bytes, name: str = "register.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def register() -> bytes:
    return csv_bytes([row(), row(**{"Reference Number": "CS-002", "Title": "Short breaks"})])


def test_a_dry_run_previews_every_row_and_writes_nothing(world):
    response = client_for(world.users["officer_hf"]).post(
        IMPORT,
        {"authority": world.hf.pk, "file": upload(register()), "dry_run": "true"},
        format="multipart",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["applied"] is False
    assert body["created"] == 2
    assert [r["reference"] for r in body["rows"]] == ["CS-001", "CS-002"]
    assert not Contract.objects.exists()


def test_a_commit_imports_every_row_and_a_second_changes_nothing(world):
    client = client_for(world.users["officer_hf"])
    first = client.post(
        IMPORT, {"authority": world.hf.pk, "file": upload(register())}, format="multipart"
    )
    assert first.status_code == 200, first.content
    assert first.json()["applied"] is True
    assert set(Contract.objects.values_list("reference", "authority")) == {
        ("CS-001", world.hf.pk),
        ("CS-002", world.hf.pk),
    }
    again = client.post(
        IMPORT, {"authority": world.hf.pk, "file": upload(register())}, format="multipart"
    )
    assert again.json()["unchanged"] == 2
    assert Contract.objects.count() == 2


def test_a_file_with_bad_rows_lists_every_one_and_imports_nothing(world):
    content = csv_bytes(
        [
            row(),
            row(**{"Reference Number": "CS-002", "Contract Value": "lots"}),
            row(**{"Reference Number": "CS-003", "Start Date": "31/02/2016"}),
        ]
    )
    response = client_for(world.users["officer_hf"]).post(
        IMPORT, {"authority": world.hf.pk, "file": upload(content)}, format="multipart"
    )
    assert response.status_code == 400
    messages = response.json()["errors"]["file"]
    assert any(m.startswith("Line 3, Contract Value") for m in messages), messages
    assert any(m.startswith("Line 4, Start Date") for m in messages), messages
    assert not Contract.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("register.txt", b"Reference Number,Title\nA,B\n", "CSV or XLSX"),
        ("register.csv", b"", "empty"),
        ("register.xlsx", b"not a workbook", "XLSX"),
    ],
)
def test_files_that_are_not_registers_are_400(world, name, content, words):
    response = client_for(world.users["officer_hf"]).post(
        IMPORT, {"authority": world.hf.pk, "file": upload(content, name)}, format="multipart"
    )
    assert response.status_code == 400
    assert words in " ".join(response.json()["errors"]["file"])


def test_only_officers_of_the_owner_import(world):
    body = {"authority": world.rbkc.pk, "file": upload(register())}
    refused = client_for(world.users["officer_hf"]).post(IMPORT, body, format="multipart")
    assert refused.status_code == 400  # not an owner one may import for, as in every write
    assert refused.json()["errors"]["authority"] == [
        f'No record "{world.rbkc.pk}" that you may link to.'
    ]
    body = {"authority": world.hf.pk, "file": upload(register())}
    assert (
        client_for(world.users["scrutiny"]).post(IMPORT, body, format="multipart").status_code
        == 403
    )
    assert not Contract.objects.exists()


def test_the_import_needs_exactly_one_owner_and_a_file(world):
    client = client_for(world.users["officer_hf"])
    both = client.post(
        IMPORT,
        {"authority": world.hf.pk, "partnership": world.triborough.pk, "file": upload(register())},
        format="multipart",
    )
    assert both.status_code == 400
    assert "authority" in both.json()["errors"]
    no_file = client.post(IMPORT, {"authority": world.hf.pk}, format="multipart")
    assert no_file.status_code == 400
    assert "file" in no_file.json()["errors"]
    json_body = client.post(IMPORT, {"authority": world.hf.pk}, format="json")
    assert json_body.status_code == 415


def test_the_transparency_csv_and_ocds_exports(world):
    make_contract(world.hf, "HF-1", title="Fostering")
    make_contract(world.rbkc, "RB-1", title="Advocacy")
    client = client_for(world.users["scrutiny"])
    response = client.get(f"/api/v1/contracts/transparency-csv/?authority={world.hf.pk}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Reference Number"
    assert [r[0] for r in rows[1:]] == ["HF-1"]
    ocds = client.get(f"/api/v1/contracts/ocds/?authority={world.hf.pk}")
    assert ocds.status_code == 200
    package = ocds.json()
    assert [r["ocid"].endswith("-HF-1") for r in package["releases"]] == [True]
    assert client.get("/api/v1/contracts/ocds/").status_code == 400
    hidden = client_for(world.users["officer_hf"]).get(
        f"/api/v1/contracts/transparency-csv/?authority={world.rbkc.pk}"
    )
    assert hidden.status_code == 200
    assert len(list(csv.reader(io.StringIO(hidden.content.decode())))) == 1


def test_contracts_filter_and_order(world):
    make_contract(world.hf, "B", total_value=300)
    make_contract(world.hf, "A", total_value=100, status="ended")
    make_contract(world.rbkc, "C", total_value=200)
    client = client_for(world.users["scrutiny"])
    ordered = client.get("/api/v1/contracts/?ordering=-total_value").json()["results"]
    assert [c["reference"] for c in ordered] == ["B", "C", "A"]
    hf = client.get(f"/api/v1/contracts/?authority={world.hf.pk}&ordering=reference").json()
    assert [c["reference"] for c in hf["results"]] == ["A", "B"]
    ended = client.get("/api/v1/contracts/?status=ended").json()["results"]
    assert [c["reference"] for c in ended] == ["A"]
    # The register page's own filters answer the API too.
    large = client.get("/api/v1/contracts/?value_from=150&ordering=reference").json()["results"]
    assert [c["reference"] for c in large] == ["B", "C"]
    assert client.get("/api/v1/contracts/?value_from=lots").status_code == 400


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"total_value": "-5000.00"}, "total_value"),
        ({"total_value": "five thousand"}, "total_value"),
        ({"start_date": "2016-02-31"}, "start_date"),
        ({"status": "sleeping"}, "status"),
        ({"future_intention": 7}, "future_intention"),
        ({"apprenticeships": -1}, "apprenticeships"),
    ],
)
def test_bad_contract_values_are_400_and_change_nothing(world, change, field):
    contract = make_contract(world.hf, "HF-1")
    response = client_for(world.users["officer_hf"]).patch(
        f"/api/v1/contracts/{contract.pk}/", change, format="json", HTTP_IF_MATCH=etag_of(contract)
    )
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    contract.refresh_from_db()
    assert contract.version == 1
