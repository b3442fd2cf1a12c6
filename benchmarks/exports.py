"""Benchmark tables as CSV or XLSX downloads, written by the one download writer
(``childrens_services.tables.TableDownload``): figures as numbers, a figure the DfE file does
not give as an empty cell with the row's Notes saying why (suppressed, or not available, as the
pages say), under a block saying what the rows are, from where and when.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.text import slugify

from benchmarks.periods import missing_words
from childrens_services import formatting
from childrens_services.tables import DownloadColumn, TableDownload

FORMATS = TableDownload.FORMATS
SOURCE = "Department for Education, local authority interactive tool (LAIT), as imported"
CELLS = (
    "Figures as numbers in each measure's unit; an empty cell is a figure not published for "
    "that area and period, and the row's Notes say why."
)


@dataclass(frozen=True)
class Figure:
    """A published figure, or the mark the file showed in its place."""

    value: Decimal | None
    marker: str = ""


def download(
    request: HttpRequest,
    fmt: str,
    title: str,
    about: Sequence[tuple[str, str]],
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
) -> HttpResponse:
    """The table as an attachment in ``fmt``; cells that are ``Figure``s may be missing."""
    columns = [DownloadColumn(name=h, heading=h, kind="text", why_missing=None) for h in headers]
    written = [_row(headers, row) for row in rows]
    query = request.GET.copy()
    query.pop("format", None)
    address = request.build_absolute_uri(request.path) + (f"?{query.urlencode()}" if query else "")
    block = [
        (title, ""),
        *about,
        ("Rows", formatting.count(len(rows))),
        ("Downloaded", formatting.moment(timezone.now())),
        ("Source", f"{SOURCE}: {address}"),
        ("Cells", CELLS),
    ]
    return TableDownload.of_rows(columns, written, block).response(fmt, f"{slugify(title)}.{fmt}")


def _row(headers: Sequence[str], row: Sequence[Any]) -> tuple[list, list[str]]:
    values, notes = [], []
    for heading, cell in zip(headers, row, strict=True):
        if isinstance(cell, Figure):
            if cell.value is None:
                notes.append(f"{heading}: {missing_words(cell.marker)}")
            cell = None if cell.value is None else formatting.trimmed(cell.value)
        values.append(cell)
    return values, notes
