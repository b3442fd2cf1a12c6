"""Parsing a register's cells into typed values: dates, money, yes/no, intentions, statuses.

Each parser takes one cell (text from a CSV, or whatever openpyxl read) and returns the value
or raises ``ValueError`` with a message fit to show beside the line and column. Money is
``childrens_services.formatting.parse_money``, the one parser of amounts in the project.
Nothing here touches the database.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from childrens_services.formatting import bidi_problem, digit_problem, parse_money
from commissioning.columns import COLUMNS, header_for, header_key, normalise
from commissioning.imports.read import ImportRefused, Table, filled
from commissioning.models import Contract, FutureIntention

FORMULA_START = re.compile(r"^\s*(=|@|[+-](?![\d.£\s]*\d[\d,.\s]*$))")


@dataclass
class RowError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"Line {self.line}, {self.column}: {self.message}"


def parse_date(value: Any) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date; write dd/mm/yyyy or yyyy-mm-dd.")


def parse_bool(value: Any) -> bool | None:
    text = normalise(value) if value is not None else ""
    if text in ("", "unknown", "na"):
        return None
    if text in ("yes", "y", "true", "1"):
        return True
    if text in ("no", "n", "false", "0"):
        return False
    raise ValueError(f"{value!r} is not yes or no.")


def parse_int(value: Any) -> int | None:
    if value is None or str(value).strip() == "":
        return None
    problem = digit_problem(str(value))
    if problem:
        raise ValueError(problem)
    try:
        number = int(Decimal(str(value).strip()))
    except InvalidOperation:
        raise ValueError(f"{value!r} is not a whole number.") from None
    if number < 0:
        raise ValueError(f"{value!r} is negative.")
    return number


def parse_intention(value: Any) -> str:
    text = normalise(value)
    if not text:
        return ""
    for choice in FutureIntention:
        if text in (normalise(choice.value), normalise(choice.label)):
            return choice.value
        if text.startswith(normalise(choice.label.split("–")[0])):
            return choice.value
    if text.startswith("nocontract"):
        return FutureIntention.NO_CONTRACT
    allowed = "; ".join(choice.label for choice in FutureIntention)
    raise ValueError(f"{value!r} is not a known intention (one of: {allowed}).")


def parse_status(value: Any) -> str:
    text = normalise(value)
    if not text:
        return Contract.Status.ACTIVE
    for choice in Contract.Status:
        if text in (choice.value, normalise(choice.label)):
            return choice.value
    raise ValueError(f"{value!r} is not a status (planned, active, ended or cancelled).")


def text(value: Any) -> str:
    return "" if value is None else str(value).strip()


#: The parser of each column's cells; a column not listed is text.
PARSERS = {
    "start_date": parse_date,
    "end_date": parse_date,
    "review_date": parse_date,
    "total_value": parse_money,
    "irrecoverable_vat": parse_money,
    "sme": parse_bool,
    "vcse": parse_bool,
    "future_intention": parse_intention,
    "status": parse_status,
    "apprenticeships": parse_int,
    "initial_term_years": parse_int,
    "extension_years": parse_int,
}


@dataclass(frozen=True)
class Columns:
    """The file's headers as written and the register column each one is (``None``: a column
    the register does not have, which the import ignores)."""

    headers: list[str]
    keys: list[str | None]

    @classmethod
    def of(cls, table: Table) -> Columns:
        return cls([text(h) for h in table.headers], [header_key(h) for h in table.headers])

    @property
    def ignored(self) -> list[str]:
        return [h for h, k in zip(self.headers, self.keys, strict=True) if k is None and h]

    def name(self, key: str) -> str:
        """The header the file gives a column, or this system's header if it has none."""
        return self.headers[self.keys.index(key)] if key in self.keys else header_for(key)

    def check(self) -> None:
        """Refuse a file without the columns every row needs."""
        missing = [COLUMNS[key][0] for key in ("reference", "supplier") if key not in self.keys]
        if "title" not in self.keys and "description" not in self.keys:
            missing.append("Title (or Description)")
        if missing:
            raise ImportRefused(
                "The file has no column for: " + ", ".join(missing) + ". The first row must "
                "name the columns (e.g. Reference Number, Title, Supplier Name, Contract Value)."
            )


@dataclass
class ParsedRow:
    """One row's values by register column, and its forecasts by financial year."""

    line: int
    values: dict[str, Any] = field(default_factory=dict)
    forecasts: dict[int, Decimal] = field(default_factory=dict)


def parse_rows(table: Table, columns: Columns) -> tuple[list[ParsedRow], list[RowError]]:
    """Every row that parsed cleanly, and the errors of those that did not (blank rows are
    skipped)."""
    rows: list[ParsedRow] = []
    errors: list[RowError] = []
    for line, cells in zip(table.lines, table.rows, strict=True):
        if not any(filled(cell) for cell in cells):
            continue
        row, row_errors = parse_row(line, columns, cells)
        errors.extend(row_errors)
        if not row_errors:
            rows.append(row)
    return rows, errors


def parse_row(line: int, columns: Columns, cells: list[Any]) -> tuple[ParsedRow, list[RowError]]:
    """A row's typed values, and an error for each cell that cannot be read."""
    row = ParsedRow(line)
    errors: list[RowError] = []
    for header, key, cell in zip(columns.headers, columns.keys, cells, strict=False):
        if key is None:
            continue
        try:
            _refuse_unsafe(cell)
            if key.startswith("forecast:"):
                amount = parse_money(cell)
                if amount is not None:
                    row.forecasts[int(key.split(":")[1])] = amount
            else:
                row.values[key] = PARSERS.get(key, text)(cell)
        except ValueError as exc:
            errors.append(RowError(line, header, str(exc)))
    return row, errors


def _refuse_unsafe(cell: Any) -> None:
    """A formula (which a spreadsheet would run) or hidden reordering of text is refused."""
    if not isinstance(cell, str):
        return
    if FORMULA_START.match(cell):
        raise ValueError("looks like a spreadsheet formula; type the value.")
    problem = bidi_problem(cell)
    if problem:
        raise ValueError(problem)
