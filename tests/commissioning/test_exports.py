"""Exports: Transparency Code CSV (formula-safe, re-importable) and an OCDS release package."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io

import pytest

from commissioning.exports import (
    contracts_of,
    neutralise,
    ocds_release_package,
    register_csv,
)
from commissioning.imports import import_contracts
from commissioning.models import Contract
from commissioning.ocds import check_release_package
from tests.commissioning.helpers import csv_bytes, three_rows

PUBLISHED = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize("text", ["=SUM(A1)", "+44 20", "-1", "@cmd", "\tx"])
def test_cells_that_a_spreadsheet_would_run_are_neutralised(text):
    assert neutralise(text) == f"'{text}"


def test_ordinary_cells_are_left_alone():
    assert neutralise("School meals") == "School meals"
    assert neutralise(None) == ""


@pytest.mark.django_db
def test_the_csv_export_neutralises_formula_like_text(world):
    import_contracts(world.hf, "register.csv", csv_bytes(three_rows()))
    contract = Contract.objects.get(reference="CS-001")
    contract.description = '=HYPERLINK("http://example.invalid")'
    contract.save()
    rows = list(csv.DictReader(io.StringIO(register_csv(contracts_of(world.hf)))))
    exported = next(r for r in rows if r["Reference Number"] == "CS-001")
    assert exported["Description"] == f"'{contract.description}"


@pytest.mark.django_db
def test_an_exported_register_reimports_unchanged(world):
    import_contracts(world.hf, "register.csv", csv_bytes(three_rows()))
    exported = register_csv(contracts_of(world.hf)).encode("utf-8")
    plan = import_contracts(world.hf, "export.csv", exported)
    assert plan.ok, plan.errors
    assert plan.count("unchanged") == Contract.objects.filter(authority=world.hf).count()


@pytest.mark.django_db
@pytest.mark.parametrize("owner", ["hf", "triborough"])
def test_the_ocds_export_passes_the_standards_checks(world, owner):
    owner = getattr(world, owner)
    import_contracts(owner, "register.csv", csv_bytes(three_rows()))
    package = ocds_release_package(owner, contracts_of(owner), PUBLISHED)
    assert check_release_package(package) == []
    assert len(package["releases"]) == Contract.objects.count()
    meals = next(r for r in package["releases"] if r["contracts"][0]["id"] == "CS-001")
    assert meals["contracts"][0]["value"] == {"amount": 1250000.0, "currency": "GBP"}
    supplier = next(p for p in meals["parties"] if "supplier" in p["roles"])
    assert supplier["identifier"] == {"scheme": "GB-COH", "id": "01234567"}


@pytest.mark.django_db
def test_the_ocds_checks_catch_a_broken_package(world):
    import_contracts(world.hf, "register.csv", csv_bytes(three_rows()))
    package = ocds_release_package(world.hf, contracts_of(world.hf), PUBLISHED)
    broken = copy.deepcopy(package)
    del broken["releases"][0]["ocid"]
    broken["releases"][1]["tag"] = ["signed"]
    broken["releases"][2]["contracts"][0]["status"] = "live"
    problems = check_release_package(broken)
    assert len(problems) == 3
    assert any("ocid is required" in p for p in problems)
