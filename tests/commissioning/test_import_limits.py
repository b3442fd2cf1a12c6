"""Issue 15, finding 5: a register upload is bounded before the work it causes, and read once.

A 300 KB ``.xlsx`` that expanded to 100 MB took 205 s and 830 MB to import: the 5 MB limit was
on the compressed file and the sheet was parsed twice. Now the size the workbook unpacks to,
its rows and columns, and the import's time are each limited, and each limit, when exceeded,
refuses the whole file with a message naming the limit; nothing is written.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from commissioning import imports
from commissioning.imports import ImportRefused, import_contracts
from commissioning.models import Contract
from tests.api.helpers import client_for
from tests.commissioning.helpers import HEADERS, csv_bytes, row, three_rows, xlsx_bytes

pytestmark = pytest.mark.django_db


def zip_bomb(unpacked_mb: int = 100) -> bytes:
    """A valid workbook whose sheet is ``unpacked_mb`` MB of repeated rows: a few hundred KB."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes(three_rows())))
    out = io.BytesIO()
    row_xml = (
        b'<row><c t="inlineStr"><is><t>CS-001</t></is></c>'
        b'<c t="inlineStr"><is><t>School meals</t></is></c></row>'
    )
    target = unpacked_mb * 1024 * 1024
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                bomb.writestr(info, source.read(info))
                continue
            with bomb.open(info.filename, "w") as sheet:
                sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/')
                sheet.write(b'spreadsheetml/2006/main"><sheetData>')
                chunk, written = row_xml * 10_000, 0
                while written < target:
                    sheet.write(chunk)
                    written += len(chunk)
                sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return zip_bomb()


def never_opened(*args, **kwargs):
    raise AssertionError("openpyxl was asked to open a workbook that should have been refused")


def test_a_300_kb_workbook_that_unpacks_to_100_mb_is_refused_unread(world, bomb, monkeypatch):
    assert len(bomb) < imports.MAX_UPLOAD_BYTES
    assert len(bomb) < 400 * 1024
    monkeypatch.setattr(imports, "load_workbook", never_opened)
    with pytest.raises(ImportRefused, match=r"unpacks to 100\.\d MB; the limit is 30 MB"):
        import_contracts(world.hf, "register.xlsx", bomb)
    assert not Contract.objects.exists()


def test_the_bomb_is_refused_through_the_api_as_a_400_naming_the_limit(world, bomb):
    upload = SimpleUploadedFile("register.xlsx", bomb)
    response = client_for(world.users["officer_hf"]).post(
        "/api/v1/contracts/import/", {"authority": world.hf.pk, "file": upload}, format="multipart"
    )
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert "the limit is 30 MB" in str(response.json()["errors"]), response.json()
    assert not Contract.objects.exists()


def test_a_workbook_is_opened_once(world, monkeypatch):
    opened = []
    real = imports.load_workbook

    def counting(*args, **kwargs):
        opened.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(imports, "load_workbook", counting)
    plan = import_contracts(world.hf, "register.xlsx", xlsx_bytes(three_rows()))
    assert plan.ok, plan.errors
    assert len(opened) == 1
    assert opened[0]["read_only"] is True
    assert Contract.objects.count() == 3


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_more_rows_than_the_limit_are_refused_as_they_stream_in(world, monkeypatch, kind):
    monkeypatch.setattr(imports, "MAX_ROWS", 5)
    rows = [row(**{"Reference Number": f"CS-{n:03}"}) for n in range(7)]
    content = csv_bytes(rows) if kind == "csv" else xlsx_bytes(rows)
    with pytest.raises(ImportRefused, match="more than 5 contracts .rows.; the limit is 5"):
        import_contracts(world.hf, f"register.{kind}", content)
    assert not Contract.objects.exists()


def test_exactly_the_row_limit_imports(world, monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 5)
    rows = [row(**{"Reference Number": f"CS-{n:03}"}) for n in range(5)]
    assert import_contracts(world.hf, "register.xlsx", xlsx_bytes(rows)).ok
    assert Contract.objects.count() == 5


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_more_columns_than_the_limit_are_refused(world, kind):
    headers = [*HEADERS, *(f"Extra {n}" for n in range(imports.MAX_COLUMNS))]
    rows = [row() | dict.fromkeys(headers[len(HEADERS) :], "x")]
    content = csv_bytes(rows) if kind == "csv" else xlsx_bytes(rows)
    with pytest.raises(ImportRefused, match=rf"columns; the limit is {imports.MAX_COLUMNS}"):
        import_contracts(world.hf, f"register.{kind}", content)
    assert not Contract.objects.exists()


def test_a_csv_cell_longer_than_a_spreadsheet_allows_is_refused(world):
    rows = [row(Description="x" * (imports.MAX_CELL_CHARS + 1))]
    with pytest.raises(ImportRefused, match="Line 2 has a cell of 32,768 characters"):
        import_contracts(world.hf, "register.csv", csv_bytes(rows))
    assert not Contract.objects.exists()


def test_an_import_past_its_time_limit_stops_and_writes_nothing(world, monkeypatch):
    monkeypatch.setattr(imports, "MAX_IMPORT_SECONDS", -1)
    with pytest.raises(ImportRefused, match="longer than its limit"):
        import_contracts(world.hf, "register.csv", csv_bytes(three_rows()))
    assert not Contract.objects.exists()
