"""Importing a contracts register (Transparency Code 2015 layout, or this system's own).

Reading is tablib's (CSV and XLSX); the header matching, validation and the all-or-nothing
rule are here. ``plan_import`` reads and checks every row and says what would be created and
changed, touching nothing; ``apply_import`` carries a plan with no errors out in one
transaction. Re-importing a file matches contracts on the owner's reference, so it creates no
duplicates and a file already imported changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl import load_workbook

from childrens_services.financial_years import label
from childrens_services.models import StaleRecordError
from commissioning.columns import COLUMNS, header_for, header_key, normalise
from commissioning.models import Contract, ContractForecast, FutureIntention, Provider
from governance.models import Authority, Partnership

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
ALLOWED_EXTENSIONS = (".csv", ".xlsx")
XLSX_SIGNATURE = b"PK\x03\x04"
FORMULA_START = re.compile(r"^\s*(=|@|[+-](?![\d.£\s]*\d[\d,.\s]*$))")

#: Contract fields an import sets, compared with the stored record to report what changed.
TRACKED_FIELDS = [
    "title",
    "description",
    "responsible_department",
    "provider",
    "provider_text",
    "start_date",
    "end_date",
    "review_date",
    "total_value",
    "irrecoverable_vat",
    "procurement_process",
    "future_intention",
    "renewal_text",
    "status",
    "procurement_route",
    "social_value",
    "apprenticeships",
    "initial_term_years",
    "extension_years",
]


class ImportRefused(Exception):
    """The file as a whole cannot be imported (wrong type, empty, too large, unreadable)."""


@dataclass
class RowError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"Line {self.line}, {self.column}: {self.message}"


@dataclass
class RowPlan:
    """What importing one row would do: create, update (with each change) or nothing."""

    line: int
    reference: str
    action: str
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    contract: Contract | None = None
    provider_name: str = ""
    provider_values: dict[str, Any] = field(default_factory=dict)
    provider_fills: dict[str, Any] = field(default_factory=dict)
    forecasts: dict[int, Decimal] = field(default_factory=dict)


@dataclass
class ImportPlan:
    owner: Authority | Partnership
    filename: str
    rows: list[RowPlan] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    def summary(self) -> str:
        if self.errors:
            return f"{len(self.errors)} problem(s) found: nothing imported."
        verb = "Imported" if self.applied else "Would import"
        return (
            f"{verb} {len(self.rows)} row(s): {self.count('create')} created, "
            f"{self.count('update')} changed, {self.count('unchanged')} unchanged."
        )


def resolve_owner(text: str) -> Authority | Partnership:
    """An authority by short name or DfE code (H&F, 205), or a partnership by short name."""
    text = text.strip()
    authority = (
        Authority.objects.filter(short_name__iexact=text).first()
        or Authority.objects.filter(dfe_code=text).first()
    )
    if authority is not None:
        return authority
    partnership = Partnership.objects.filter(short_name__iexact=text).first()
    if partnership is not None:
        return partnership
    raise ValueError(f"No authority or partnership is called {text!r} (try H&F, 205, Tri-borough).")


def owner_lookup(owner: Authority | Partnership) -> dict[str, Any]:
    if isinstance(owner, Partnership):
        return {"partnership": owner, "authority": None}
    return {"authority": owner, "partnership": None}


@dataclass
class Table:
    """The rows tablib read, with the line of the file each row starts on."""

    dataset: tablib.Dataset
    lines: list[int]


def csv_record_lines(text: str) -> list[int]:
    """The line each non-blank data record starts on (tablib skips blank lines; a quoted cell
    may span lines), so errors name the line a spreadsheet or editor shows."""
    reader = csv.reader(io.StringIO(text))
    lines, start = [], 1
    for index, record in enumerate(reader):
        if index > 0 and record:
            lines.append(start)
        start = reader.line_num + 1
    return lines


def read_table(filename: str, content: bytes) -> Table:
    """The file's rows, or ``ImportRefused`` saying why it cannot be read."""
    name = filename.lower()
    if not name.endswith(ALLOWED_EXTENSIONS):
        raise ImportRefused("Upload a CSV or XLSX file (.csv or .xlsx).")
    if len(content) > MAX_UPLOAD_BYTES:
        raise ImportRefused(
            f"The file is {len(content) / 1048576:.1f} MB; the limit is "
            f"{MAX_UPLOAD_BYTES // 1048576} MB. Split the register into smaller files."
        )
    if not content.strip():
        raise ImportRefused("The file is empty.")
    dataset = tablib.Dataset()
    lines: list[int] = []
    try:
        if name.endswith(".xlsx"):
            if not content.startswith(XLSX_SIGNATURE):
                raise ImportRefused("The file is not a valid XLSX workbook.")
            dataset.load(io.BytesIO(content), format="xlsx")
        else:
            if b"\x00" in content or content.startswith(XLSX_SIGNATURE):
                raise ImportRefused("The file is not a text CSV file.")
            try:
                text = content.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = content.decode("cp1252", errors="strict")
            dataset.load(text, format="csv")
            lines = csv_record_lines(text)
    except ImportRefused:
        raise
    except Exception as exc:
        raise ImportRefused(f"The file could not be read as CSV or XLSX ({exc}).") from exc
    if not dataset.headers or not any(str(h or "").strip() for h in dataset.headers):
        raise ImportRefused("The file has no header row.")
    if len(lines) != dataset.height:
        lines = list(range(2, dataset.height + 2))
    if not any(any(_filled(cell) for cell in row) for row in dataset):
        raise ImportRefused("The file has a header row but no contracts.")
    return Table(dataset, lines)


def _filled(cell: Any) -> bool:
    return cell is not None and str(cell).strip() != ""


def xlsx_formula_cells(content: bytes) -> list[tuple[int, int]]:
    """(line, column index) of every formula cell: tablib reads only their cached values."""
    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    found = []
    for line, row in enumerate(workbook.active.iter_rows(values_only=True), start=1):
        for index, value in enumerate(row):
            if isinstance(value, str) and value.startswith("="):
                found.append((line, index))
    workbook.close()
    return found


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


def parse_money(value: Any) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        amount = Decimal(str(value))
    else:
        text = re.sub(r"[£,\s]", "", str(value))
        negative = text.startswith("(") and text.endswith(")")
        text = text.strip("()")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"{value!r} is not an amount of money.") from None
        if negative:
            amount = -amount
    if not amount.is_finite():
        raise ValueError(f"{value!r} is not an amount of money.")
    if amount < 0:
        raise ValueError(f"{value!r} is negative; a value cannot be negative.")
    return amount.quantize(Decimal("0.01"))


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


def is_various(supplier: str) -> bool:
    return normalise(supplier).startswith("various")


def plan_import(owner: Authority | Partnership, filename: str, content: bytes) -> ImportPlan:
    """Read and check every row; say what would be created and changed. Writes nothing."""
    table = read_table(filename, content)
    dataset = table.dataset
    plan = ImportPlan(owner=owner, filename=filename)
    keys: list[str | None] = [header_key(h) for h in dataset.headers]
    headers = [text(h) for h in dataset.headers]
    plan.ignored_columns = [h for h, k in zip(headers, keys, strict=True) if k is None and h]
    missing = [COLUMNS[key][0] for key in ("reference", "supplier") if key not in keys]
    if "title" not in keys and "description" not in keys:
        missing.append("Title (or Description)")
    if missing:
        raise ImportRefused(
            "The file has no column for: " + ", ".join(missing) + ". The first row must name "
            "the columns (e.g. Reference Number, Title, Supplier Name, Contract Value)."
        )
    formulas: set[tuple[int, int]] = set()
    if filename.lower().endswith(".xlsx"):
        formulas = set(xlsx_formula_cells(content))
    seen: dict[str, int] = {}
    lookup = owner_lookup(owner)
    for line, raw in zip(table.lines, dataset, strict=True):
        if not any(_filled(cell) for cell in raw):
            continue
        errors_before = len(plan.errors)
        values: dict[str, Any] = {}
        forecasts: dict[int, Decimal] = {}
        for col, (header, key, cell) in enumerate(zip(headers, keys, raw, strict=False)):
            if key is None:
                continue
            if (line, col) in formulas or (isinstance(cell, str) and FORMULA_START.match(cell)):
                plan.errors.append(
                    RowError(line, header, "looks like a spreadsheet formula; type the value.")
                )
                continue
            try:
                if key.startswith("forecast:"):
                    amount = parse_money(cell)
                    if amount is not None:
                        forecasts[int(key.split(":")[1])] = amount
                else:
                    values[key] = PARSERS.get(key, text)(cell)
            except ValueError as exc:
                plan.errors.append(RowError(line, header, str(exc)))
        if len(plan.errors) > errors_before:
            continue
        row = _plan_row(plan, line, values, forecasts, lookup, headers, keys)
        if row is None:
            continue
        if row.reference in seen:
            plan.errors.append(
                RowError(
                    line,
                    header_for("reference"),
                    f"{row.reference!r} is also on line {seen[row.reference]}.",
                )
            )
            continue
        seen[row.reference] = line
        plan.rows.append(row)
    return plan


def _column(headers: list[str], keys: list[str | None], key: str) -> str:
    return headers[keys.index(key)] if key in keys else header_for(key)


def _plan_row(plan, line, values, forecasts, lookup, headers, keys) -> RowPlan | None:
    """Build (unsaved) the contract a row describes and compare it with the stored one."""
    reference = values.get("reference", "")
    supplier = values.get("supplier", "")
    problems = []
    if not reference:
        problems.append(("reference", "is missing: every contract needs a reference."))
    if not supplier:
        problems.append(("supplier", 'is missing: name the supplier, or write "Various".'))
    for key, message in problems:
        plan.errors.append(RowError(line, _column(headers, keys, key), message))
    if problems:
        return None
    existing = Contract.objects.filter(reference=reference, **lookup).first()
    contract = existing or Contract(reference=reference, **lookup)
    before = {name: getattr(contract, name) for name in TRACKED_FIELDS} if existing else {}
    provider = None
    provider_values: dict[str, Any] = {}
    kept_as_text = existing is not None and existing.provider_id is None
    as_text = is_various(supplier) or (kept_as_text and existing.provider_text == supplier)
    if as_text:
        contract.provider = None
        contract.provider_text = supplier
    else:
        provider = Provider.objects.filter(name__iexact=supplier).first()
        registration = values.get("supplier_registration", "").upper().replace(" ", "")
        if registration:
            key = "charity_number" if re.fullmatch(r"\d{6,7}(-\d+)?", registration) else None
            provider_values[key or "companies_house_number"] = registration
        for flag in ("sme", "vcse"):
            if values.get(flag) is not None:
                provider_values[f"is_{flag}"] = values[flag]
        try:
            Provider(name=supplier, **provider_values).full_clean(exclude=["name"])
        except ValidationError as exc:
            for message in exc.messages:
                plan.errors.append(
                    RowError(line, _column(headers, keys, "supplier_registration"), message)
                )
            return None
        contract.provider = provider
        contract.provider_text = "" if provider else supplier
    for key in TRACKED_FIELDS:
        if key in values and key not in ("provider", "provider_text"):
            setattr(contract, key, values[key])
    if "title" not in values or not values["title"]:
        contract.title = values.get("description", "")[:300]
    try:
        contract.full_clean(exclude=["provider"], validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            column = _column(headers, keys, name) if name in COLUMNS else name
            for message in messages:
                plan.errors.append(RowError(line, column, message))
        return None
    row = RowPlan(
        line=line,
        reference=reference,
        action="create",
        contract=contract,
        provider_name="" if as_text else supplier,
        provider_values=provider_values,
        forecasts=forecasts,
    )
    if provider is not None:
        # An import fills in what is not yet known about a supplier; it never overwrites.
        row.provider_fills = {
            name: value
            for name, value in provider_values.items()
            if getattr(provider, name) in ("", None)
        }
    if existing:
        after = {name: getattr(contract, name) for name in TRACKED_FIELDS}
        if row.provider_name and provider is None:
            after["provider"] = f"{supplier} (new provider)"
            after["provider_text"] = ""
        row.changes = {
            name: (before[name], after[name])
            for name in TRACKED_FIELDS
            if before[name] != after[name]
        }
        for name, value in row.provider_fills.items():
            row.changes[f"supplier {Provider._meta.get_field(name).verbose_name}"] = (None, value)
        stored = dict(existing.forecasts.values_list("financial_year", "amount"))
        for year, amount in forecasts.items():
            if stored.get(year) != amount:
                row.changes[f"forecast {label(year)}"] = (stored.get(year), amount)
        row.action = "update" if row.changes else "unchanged"
    return row


def apply_import(plan: ImportPlan) -> ImportPlan:
    """Carry out a plan with no errors, all in one transaction; refuses a plan with errors."""
    if plan.errors:
        raise ImportRefused(plan.summary())
    reason = f"Imported from {plan.filename}"
    try:
        with transaction.atomic():
            _save_rows(plan, reason)
    except StaleRecordError as exc:
        raise ImportRefused(
            f"Contract {exc.record} was changed by someone else during the import, so nothing "
            "was imported. Check the register and import the file again."
        ) from exc
    plan.applied = True
    return plan


def _save_rows(plan: ImportPlan, reason: str) -> None:
    for row in plan.rows:
        if row.action == "unchanged":
            continue
        contract = row.contract
        if row.provider_name:
            provider = Provider.objects.filter(name__iexact=row.provider_name).first()
            if provider is None:
                provider = Provider(name=row.provider_name, **row.provider_values)
                provider._change_reason = reason
                provider.full_clean()
                provider.save()
            elif row.provider_fills:
                for name, value in row.provider_fills.items():
                    setattr(provider, name, value)
                provider._change_reason = reason
                provider.full_clean()
                provider.save()
            contract.provider = provider
            contract.provider_text = ""
        if row.action == "create" or any(
            not k.startswith(("forecast ", "supplier ")) for k in row.changes
        ):
            contract._change_reason = reason
            contract.full_clean()
            contract.save()
        stored = {f.financial_year: f for f in contract.forecasts.all()}
        for year, amount in row.forecasts.items():
            forecast = stored.get(year) or ContractForecast(contract=contract, financial_year=year)
            if forecast.pk is None or forecast.amount != amount:
                forecast.amount = amount
                forecast._change_reason = reason
                forecast.full_clean()
                forecast.save()


def import_contracts(
    owner: Authority | Partnership, filename: str, content: bytes, *, dry_run: bool = False
) -> ImportPlan:
    """Plan the import and, unless ``dry_run`` or any row is bad, carry it out."""
    plan = plan_import(owner, filename, content)
    if plan.ok and not dry_run:
        apply_import(plan)
    return plan
