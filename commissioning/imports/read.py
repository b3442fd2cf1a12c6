"""Reading a register file into rows: CSV or XLSX, once, streaming, within limits.

Reading is the standard csv module's and openpyxl's. Each limit is checked before the work it
bounds: the upload's size, then (for XLSX) the size it unpacks to, then the rows, columns and
cell lengths as records stream in, then the time the whole import has taken. The two formats
differ only in where their records come from (``_csv_records``, ``_xlsx_records``); one loop,
``_within_limits``, takes the records of either and applies the limits.

The limits are given by the caller (the register's are in ``commissioning.imports``), so this
module holds the mechanism and the entry point holds the policy.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

ALLOWED_EXTENSIONS = (".csv", ".xlsx")
XLSX_SIGNATURE = b"PK\x03\x04"
#: Records read between two looks at the clock.
RECORDS_PER_TIME_CHECK = 1000


class ImportRefused(Exception):
    """The file as a whole cannot be imported (wrong type, empty, too large, unreadable)."""


@dataclass(frozen=True)
class Limits:
    """The limits of one file; each is checked before the work it bounds."""

    upload_bytes: int
    unpacked_bytes: int
    xlsx_members: int
    rows: int
    columns: int
    cell_chars: int
    seconds: float


@dataclass
class Table:
    """The header and data rows of the file, each row with the line of the file it starts on
    (a quoted CSV cell may span lines; blank lines are skipped), so errors name the line a
    spreadsheet or editor shows."""

    headers: list[Any]
    rows: list[list[Any]]
    lines: list[int]


class Deadline:
    """The time an import may take; past it, the import stops and changes nothing. The size
    and row limits bound the work already: this is the backstop for what they do not foresee."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + self.seconds

    def check(self) -> None:
        if time.monotonic() > self.ends:
            raise ImportRefused(
                f"The import took longer than its limit of {self.seconds:.0f} seconds, so "
                "nothing was imported. Split the register into smaller files."
            )


#: Opens a workbook as ``openpyxl.load_workbook`` does; given by the caller.
OpenWorkbook = Callable[..., Any]


def read_table(
    filename: str,
    content: bytes,
    limits: Limits,
    deadline: Deadline,
    open_workbook: OpenWorkbook,
) -> Table:
    """The file's rows, or ``ImportRefused`` saying why it cannot be read."""
    name = filename.lower()
    if not name.endswith(ALLOWED_EXTENSIONS):
        raise ImportRefused("Upload a CSV or XLSX file (.csv or .xlsx).")
    if len(content) > limits.upload_bytes:
        raise ImportRefused(
            f"The file is {len(content) / 1048576:.1f} MB; the limit is "
            f"{limits.upload_bytes // 1048576} MB. Split the register into smaller files."
        )
    if not content.strip():
        raise ImportRefused("The file is empty.")
    try:
        if name.endswith(".xlsx"):
            records, lines = read_xlsx(content, limits, deadline, open_workbook)
        else:
            records, lines = read_csv(content, limits, deadline)
    except ImportRefused:
        raise
    except Exception as exc:
        raise ImportRefused(f"The file could not be read as CSV or XLSX ({exc}).") from exc
    return _table(records, lines)


def read_csv(
    content: bytes, limits: Limits, deadline: Deadline
) -> tuple[list[list[Any]], list[int]]:
    """Every non-blank record of a text CSV (UTF-8, else Windows-1252) and its line."""
    if b"\x00" in content or content.startswith(XLSX_SIGNATURE):
        raise ImportRefused("The file is not a text CSV file.")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="strict")
    return _within_limits(_csv_records(text), limits, deadline)


def _csv_records(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each non-empty record with the line it starts on (a quoted cell may span lines)."""
    reader = csv.reader(io.StringIO(text))
    start = 1
    try:
        for record in reader:
            if record:
                yield start, record
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ImportRefused(f"Line {start} could not be read as CSV ({exc}).") from exc


def check_xlsx_size(content: bytes, limits: Limits) -> None:
    """Refuse a workbook that unpacks to more than the limit, before anything unpacks it.

    A few hundred kilobytes of XLSX can expand to gigabytes of XML (a zip bomb), so the 5 MB
    upload limit says nothing of the work; the sizes the zip declares do, and Python's zip
    reader (which openpyxl uses) stops at the declared size of each member.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise ImportRefused("The file is not a valid XLSX workbook.") from exc
    if len(members) > limits.xlsx_members:
        raise ImportRefused(
            f"The workbook has {len(members):,} parts; the limit is {limits.xlsx_members:,}."
        )
    unpacked = sum(member.file_size for member in members)
    if unpacked > limits.unpacked_bytes:
        raise ImportRefused(
            f"The workbook unpacks to {unpacked / 1048576:.1f} MB; the limit is "
            f"{limits.unpacked_bytes // 1048576} MB. Split the register into smaller files."
        )


def read_xlsx(
    content: bytes, limits: Limits, deadline: Deadline, open_workbook: OpenWorkbook
) -> tuple[list[list[Any]], list[int]]:
    """The first sheet's non-blank rows and their lines, read once, streaming, stopping at
    the row limit.

    Formulas are read as written (``=SUM(...)``), not as their cached values, so a formula cell
    is refused by the same check as a formula typed into a CSV.
    """
    if not content.startswith(XLSX_SIGNATURE):
        raise ImportRefused("The file is not a valid XLSX workbook.")
    check_xlsx_size(content, limits)
    workbook = open_workbook(io.BytesIO(content), read_only=True, data_only=False)
    try:
        sheet = workbook.active
        # The sheet's declared size, when it has one, refuses an oversized sheet unread.
        if sheet.max_row is not None and sheet.max_row > limits.rows + 1:
            raise too_many_rows(limits)
        rows = sheet.iter_rows(
            max_row=limits.rows + 2, max_col=limits.columns + 1, values_only=True
        )
        return _within_limits(_xlsx_records(rows), limits, deadline)
    finally:
        workbook.close()


def _xlsx_records(rows: Iterable[tuple[Any, ...]]) -> Iterator[tuple[int, list[Any]]]:
    """Each row with a filled cell, with its line (the sheet's row number)."""
    for line, row in enumerate(rows, start=1):
        cells = [_cell(value) for value in row]
        if any(filled(cell) for cell in cells):
            yield line, cells


def _cell(value: Any) -> Any:
    """A cell's value; an array or data-table formula as its formula text, so it is refused."""
    if value is None or isinstance(value, str | int | float | Decimal | dt.date | dt.time):
        return value
    text = getattr(value, "text", None)
    return text if isinstance(text, str) else f"={value}"


def _within_limits(
    records: Iterable[tuple[int, list[Any]]], limits: Limits, deadline: Deadline
) -> tuple[list[list[Any]], list[int]]:
    """The records of either format and their lines, refused as soon as one passes a limit."""
    kept, lines = [], []
    for line, cells in records:
        if len(kept) > limits.rows:
            raise too_many_rows(limits)
        _check_cells(line, cells, limits)
        kept.append(cells)
        lines.append(line)
        if len(kept) % RECORDS_PER_TIME_CHECK == 0:
            deadline.check()
    return kept, lines


def too_many_rows(limits: Limits) -> ImportRefused:
    return ImportRefused(
        f"The file has more than {limits.rows:,} contracts (rows); the limit is "
        f"{limits.rows:,}. Split the register into smaller files."
    )


def _check_cells(line: int, cells: list[Any], limits: Limits) -> None:
    """Refuse a row wider than the limit or with a cell longer than a spreadsheet allows."""
    used = [index for index, cell in enumerate(cells) if filled(cell)]
    if used and used[-1] >= limits.columns:
        raise ImportRefused(
            f"The file has {used[-1] + 1:,} columns; the limit is {limits.columns}. Remove the "
            "columns that are not part of the register."
        )
    for cell in cells:
        if isinstance(cell, str) and len(cell) > limits.cell_chars:
            raise ImportRefused(
                f"Line {line} has a cell of {len(cell):,} characters; the limit is "
                f"{limits.cell_chars:,}."
            )


def _table(records: list[list[Any]], lines: list[int]) -> Table:
    """The first record as the header, the rest padded or checked to its width."""
    if not records or not any(str(h or "").strip() for h in records[0]):
        raise ImportRefused("The file has no header row.")
    headers = list(records[0])
    while headers and not filled(headers[-1]):
        headers.pop()
    width = len(headers)
    rows = []
    for line, record in zip(lines[1:], records[1:], strict=True):
        if any(filled(cell) for cell in record[width:]):
            raise ImportRefused(
                f"Line {line} has cells to the right of the last named column; name every "
                "column in the first row."
            )
        rows.append([*record[:width], *[None] * (width - len(record))])
    if not any(any(filled(cell) for cell in row) for row in rows):
        raise ImportRefused("The file has a header row but no contracts.")
    return Table(headers, rows, lines[1:])


def filled(cell: Any) -> bool:
    return cell is not None and str(cell).strip() != ""
