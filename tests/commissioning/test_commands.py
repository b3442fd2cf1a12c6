"""The shell commands council data teams run: import_contracts and export_contracts."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from commissioning.models import Contract
from commissioning.ocds import check_release_package
from tests.commissioning.helpers import csv_bytes, three_rows

pytestmark = pytest.mark.django_db


def test_import_contracts_dry_run_saves_nothing_and_says_what_it_would_do(world, tmp_path):
    path = tmp_path / "register.csv"
    path.write_bytes(csv_bytes(three_rows()))
    out = io.StringIO()
    call_command("import_contracts", str(path), authority="H&F", dry_run=True, stdout=out)
    assert "3 created" in out.getvalue()
    assert Contract.objects.count() == 0
    call_command("import_contracts", str(path), authority="205", stdout=io.StringIO())
    assert Contract.objects.filter(authority=world.hf).count() == 3


def test_import_contracts_fails_listing_every_bad_row(world, tmp_path):
    rows = three_rows()
    rows[0]["Start Date"] = "soon"
    rows[2]["Contract Value"] = "-1"
    path = tmp_path / "register.csv"
    path.write_bytes(csv_bytes(rows))
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 problem"):
        call_command("import_contracts", str(path), authority="H&F", stderr=err)
    assert "Line 2, Start Date" in err.getvalue()
    assert "Line 4, Contract Value" in err.getvalue()
    assert Contract.objects.count() == 0


def test_import_contracts_refuses_an_unknown_authority(world, tmp_path):
    path = tmp_path / "register.csv"
    path.write_bytes(csv_bytes(three_rows()))
    with pytest.raises(CommandError, match="No authority"):
        call_command("import_contracts", str(path), authority="Atlantis")


def test_export_contracts_writes_csv_and_ocds(world, tmp_path):
    path = tmp_path / "register.csv"
    path.write_bytes(csv_bytes(three_rows()))
    call_command("import_contracts", str(path), authority="Tri-borough", stdout=io.StringIO())
    csv_out, json_out = tmp_path / "out.csv", tmp_path / "out.json"
    call_command(
        "export_contracts",
        authority="Tri-borough",
        format="csv",
        output=str(csv_out),
        stdout=io.StringIO(),
    )
    assert csv_out.read_text().count("\n") == 4
    call_command(
        "export_contracts",
        authority="Tri-borough",
        format="ocds",
        output=str(json_out),
        stdout=io.StringIO(),
    )
    package = json.loads(json_out.read_text())
    assert check_release_package(package) == []
    assert len(package["releases"]) == 3
