"""Importing a contracts register (Transparency Code 2015 layout, or this system's own).

An import goes read → parse → plan → apply, one module each:

- ``read``: the file (CSV or XLSX) to rows, once, streaming, within the limits below;
- ``parse``: each row's cells to typed values (money through ``formatting.parse_money``);
- ``plan``: the rows to what would be created and changed, and every bad row named by line
  and column, checked in memory against a few queries of what is stored; touches nothing;
- ``apply``: a plan with no errors to the database, in one transaction.

A file is imported all or nothing. Re-importing a file matches contracts on the owner's
reference, so it creates no duplicates and a file already imported changes nothing. This
module is the entry point the admin, the API and the ``import_contracts`` command use:
``plan_import`` (read, parse, plan), ``apply_import`` and ``import_contracts`` (both).
"""

from __future__ import annotations

from openpyxl import load_workbook

from commissioning.imports.apply import apply_import
from commissioning.imports.owner import Owner, owner_lookup, resolve_owner
from commissioning.imports.parse import (
    Columns,
    RowError,
    parse_bool,
    parse_date,
    parse_int,
    parse_intention,
    parse_money,
    parse_rows,
    parse_status,
)
from commissioning.imports.plan import ImportPlan, RowPlan, plan_rows
from commissioning.imports.read import Deadline, ImportRefused, Limits, read_table

__all__ = [
    "LIMITS",
    "MAX_UPLOAD_BYTES",
    "ImportPlan",
    "ImportRefused",
    "RowError",
    "RowPlan",
    "apply_import",
    "import_contracts",
    "owner_lookup",
    "parse_bool",
    "parse_date",
    "parse_int",
    "parse_intention",
    "parse_money",
    "parse_status",
    "plan_import",
    "register_limits",
    "resolve_owner",
]

#: The limits of one file, each checked before the work it bounds. A register of 10,000
#: contracts in 25 columns is about 1 MB as XLSX and 13 MB unpacked, so these leave twice that.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 30 * 1024 * 1024
MAX_XLSX_MEMBERS = 200
MAX_ROWS = 20_000
MAX_COLUMNS = 100
#: Excel's own limit on the characters in a cell.
MAX_CELL_CHARS = 32_767
MAX_IMPORT_SECONDS = 120
#: The limits as the upload forms and the API schema state them.
LIMITS = (
    f"at most {MAX_UPLOAD_BYTES // 1048576} MB ({MAX_UNPACKED_BYTES // 1048576} MB unpacked, "
    f"for XLSX), {MAX_ROWS:,} rows and {MAX_COLUMNS} columns"
)


def register_limits() -> Limits:
    """The limits above, read at each import (so a test may narrow one for a small file)."""
    return Limits(
        upload_bytes=MAX_UPLOAD_BYTES,
        unpacked_bytes=MAX_UNPACKED_BYTES,
        xlsx_members=MAX_XLSX_MEMBERS,
        rows=MAX_ROWS,
        columns=MAX_COLUMNS,
        cell_chars=MAX_CELL_CHARS,
        seconds=MAX_IMPORT_SECONDS,
    )


def plan_import(owner: Owner, filename: str, content: bytes) -> ImportPlan:
    """Read and check every row; say what would be created and changed. Writes nothing.

    Every row is parsed first, then what the register already holds for them is read in a
    few queries, then each row is validated and compared in memory.
    """
    limits = register_limits()
    deadline = Deadline(limits.seconds)
    # The workbook opener is looked up here, at each import, so a test can watch it.
    table = read_table(filename, content, limits, deadline, load_workbook)
    columns = Columns.of(table)
    columns.check()
    rows, errors = parse_rows(table, columns)
    plan = ImportPlan(owner, filename, errors=errors, ignored_columns=columns.ignored)
    plan_rows(plan, rows, columns, deadline)
    return plan


def import_contracts(
    owner: Owner, filename: str, content: bytes, *, dry_run: bool = False
) -> ImportPlan:
    """Plan the import and, unless ``dry_run`` or any row is bad, carry it out."""
    plan = plan_import(owner, filename, content)
    if plan.ok and not dry_run:
        apply_import(plan)
    return plan
