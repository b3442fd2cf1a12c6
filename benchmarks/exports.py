"""Benchmark tables as CSV or XLSX downloads (tablib), safe to open in a spreadsheet.

Figures are written as numbers; text cells beginning with ``=``, ``+``, ``-`` or ``@`` get a
leading ``'`` so a spreadsheet shows them as text instead of running them as formulas (a
missing value's ``-`` mark included).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import tablib
from django.http import HttpResponse
from django.utils.text import slugify

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def safe_cell(value: Any) -> Any:
    """Numbers stay numbers (floats for XLSX); text that looks like a formula is quoted."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return float(value.normalize())
    if isinstance(value, int | float):
        return value
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def download(
    fmt: str, title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]]
) -> HttpResponse:
    """The table as an attachment in ``fmt`` (``csv`` or ``xlsx``)."""
    dataset = tablib.Dataset(headers=[safe_cell(h) for h in headers], title=title[:31])
    for row in rows:
        dataset.append([safe_cell(cell) for cell in row])
    body = dataset.export(fmt)
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{slugify(title)}.{fmt}"'
    return response
