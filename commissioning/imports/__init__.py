"""Importing a contracts register (Transparency Code 2015 layout, or this system's own).

Reading is the standard csv module's and openpyxl's, each file read once, streaming, within
limits on its size (packed and unpacked), rows, columns and time; the header matching,
validation and the all-or-nothing rule are here. ``plan_import`` reads and checks every row
and says what would be created and changed, touching nothing; ``apply_import`` carries a plan
with no errors out in one transaction. Re-importing a file matches contracts on the owner's
reference, so it creates no duplicates and a file already imported changes nothing.

A register may have 10,000 rows, so the database is asked a fixed number of questions per
import, not several per row: the owner's contracts, their forecasts and the named suppliers
are read once, each row is validated in memory (``full_clean`` without re-checking foreign
keys already resolved), and records are written in batches with their history rows.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.text import capfirst
from openpyxl import load_workbook
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from childrens_services import caching
from childrens_services.financial_years import label
from childrens_services.formatting import bidi_problem, digit_problem, parse_money
from childrens_services.models import FrozenRecordError, StaleRecordError, VersionedModel
from commissioning.columns import COLUMNS, header_for, header_key, normalise
from commissioning.imports.read import Deadline, ImportRefused, Limits, filled, read_table
from commissioning.models import Contract, ContractForecast, FutureIntention, Provider
from governance.models import Authority, Partnership

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
#: Records written per INSERT or UPDATE. Django's bulk UPDATE is a CASE over the batch for each
#: field, whose cost grows with the square of the batch, so batches stay this size.
BATCH_SIZE = 500
#: Supplier names asked for per query.
NAMES_PER_QUERY = 1000
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
    #: The supplier the contract will name: stored, or to be created with the import.
    provider: Provider | None = None
    #: The forecasts the row adds (no pk yet) or changes.
    forecast_writes: list[ContractForecast] = field(default_factory=list)

    @property
    def contract_changes(self) -> list[str]:
        """The changed fields of the contract itself (not its forecasts or supplier)."""
        return [name for name in self.changes if name in TRACKED_FIELDS]


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
    """Read and check every row; say what would be created and changed. Writes nothing.

    Every row is parsed first, then what the register already holds for them is read in a
    few queries (``read_register``), then each row is validated and compared in memory.
    """
    limits = register_limits()
    deadline = Deadline(limits.seconds)
    table = read_table(filename, content, limits, deadline, load_workbook)
    plan = ImportPlan(owner=owner, filename=filename)
    keys: list[str | None] = [header_key(h) for h in table.headers]
    headers = [text(h) for h in table.headers]
    plan.ignored_columns = [h for h, k in zip(headers, keys, strict=True) if k is None and h]
    missing = [COLUMNS[key][0] for key in ("reference", "supplier") if key not in keys]
    if "title" not in keys and "description" not in keys:
        missing.append("Title (or Description)")
    if missing:
        raise ImportRefused(
            "The file has no column for: " + ", ".join(missing) + ". The first row must name "
            "the columns (e.g. Reference Number, Title, Supplier Name, Contract Value)."
        )
    parsed: list[tuple[int, dict[str, Any], dict[int, Decimal]]] = []
    for line, raw in zip(table.lines, table.rows, strict=True):
        if not any(filled(cell) for cell in raw):
            continue
        errors_before = len(plan.errors)
        values: dict[str, Any] = {}
        forecasts: dict[int, Decimal] = {}
        for header, key, cell in zip(headers, keys, raw, strict=False):
            if key is None:
                continue
            if isinstance(cell, str) and FORMULA_START.match(cell):
                plan.errors.append(
                    RowError(line, header, "looks like a spreadsheet formula; type the value.")
                )
                continue
            problem = bidi_problem(cell) if isinstance(cell, str) else None
            if problem:
                plan.errors.append(RowError(line, header, problem))
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
        if len(plan.errors) == errors_before:
            parsed.append((line, values, forecasts))
    lookup = owner_lookup(owner)
    suppliers = {values.get("supplier", "") for _line, values, _forecasts in parsed}
    register = read_register(lookup, {s for s in suppliers if s and not is_various(s)})
    seen: dict[str, int] = {}
    for line, values, forecasts in parsed:
        deadline.check()
        reference = values.get("reference", "")
        if reference in seen:
            plan.errors.append(
                RowError(
                    line,
                    _column(headers, keys, "reference"),
                    f"{reference!r} is also on line {seen[reference]}.",
                )
            )
            continue
        row = _plan_row(plan, register, line, values, forecasts, lookup, headers, keys)
        if row is None:
            continue
        seen[row.reference] = line
        plan.rows.append(row)
    plan.errors.sort(key=lambda error: error.line)
    return plan


@dataclass
class Register:
    """What the register already holds for a file's rows, read once per import (a handful of
    queries, however many rows) so that checking each row asks the database nothing."""

    contracts: dict[str, Contract]
    forecasts: dict[int, dict[int, ContractForecast]]
    providers: dict[str, Provider]
    #: Providers the file names that are not stored yet, by ``supplier_key``: one each, made
    #: from the first row that names it, created when the plan is carried out.
    new_providers: dict[str, Provider] = field(default_factory=dict)
    #: What rows fill in on each stored provider (by pk): the first row to give a value wins.
    provider_fills: dict[int, dict[str, Any]] = field(default_factory=dict)


def supplier_key(name: str) -> str:
    """Supplier names match regardless of case ("CT Plus" is "CT PLUS"), as ``iexact`` does."""
    return name.upper()


def read_register(lookup: dict[str, Any], supplier_names: set[str]) -> Register:
    """The owner's contracts by reference with their forecasts, and the stored providers the
    file names, by ``supplier_key`` (the first by name where several differ only in case)."""
    contracts = {
        contract.reference: contract
        for contract in Contract.objects.filter(**lookup).select_related("provider").order_by()
    }
    by_pk = {contract.pk: contract for contract in contracts.values()}
    forecasts: dict[int, dict[int, ContractForecast]] = {}
    owned = {f"contract__{name}": value for name, value in lookup.items()}
    for forecast in ContractForecast.objects.filter(**owned).order_by():
        forecast.contract = by_pk[forecast.contract_id]
        forecasts.setdefault(forecast.contract_id, {})[forecast.financial_year] = forecast
    spellings: dict[str, list[str]] = {}
    for name in supplier_names:
        spellings.setdefault(supplier_key(name), []).append(name)
    names = sorted(spellings)
    providers: dict[str, Provider] = {}
    for start in range(0, len(names), NAMES_PER_QUERY):
        chunk = names[start : start + NAMES_PER_QUERY]
        # Upper-casing in the database matches what iexact matches; the names as written are
        # asked for too, because SQLite upper-cases only ASCII ("Café" must still find "Café").
        written = [name for key in chunk for name in spellings[key]]
        matching = Provider.objects.annotate(upper_name=Upper("name")).filter(
            Q(upper_name__in=chunk) | Q(name__in=written)
        )
        for provider in matching.order_by("name"):
            providers.setdefault(supplier_key(provider.name), provider)
    return Register(contracts, forecasts, providers)


def _column(headers: list[str], keys: list[str | None], key: str) -> str:
    return headers[keys.index(key)] if key in keys else header_for(key)


#: Foreign keys a row's contract has resolved in memory (the owner, the provider looked up by
#: name), so ``full_clean`` need not ask the database, row after row, whether they exist.
RESOLVED_FIELDS = ["authority", "partnership", "provider"]


def _plan_row(plan, register, line, values, forecasts, lookup, headers, keys) -> RowPlan | None:
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
    existing = register.contracts.get(reference)
    contract = existing or Contract(reference=reference, **lookup)
    before = {name: getattr(contract, name) for name in TRACKED_FIELDS} if existing else {}
    provider = None
    candidate = None
    provider_values: dict[str, Any] = {}
    kept_as_text = existing is not None and existing.provider_id is None
    as_text = is_various(supplier) or (kept_as_text and existing.provider_text == supplier)
    if as_text:
        contract.provider = None
        contract.provider_text = supplier
    else:
        provider = register.providers.get(supplier_key(supplier))
        registration = values.get("supplier_registration", "").upper().replace(" ", "")
        if registration:
            key = "charity_number" if re.fullmatch(r"\d{6,7}(-\d+)?", registration) else None
            provider_values[key or "companies_house_number"] = registration
        for flag in ("sme", "vcse"):
            if values.get(flag) is not None:
                provider_values[f"is_{flag}"] = values[flag]
        candidate = Provider(name=supplier, **provider_values)
        try:
            candidate.full_clean(exclude=["name"])
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
    errors_before = len(plan.errors)
    try:
        contract.full_clean(exclude=RESOLVED_FIELDS, validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            column = _column(headers, keys, name) if name in COLUMNS else name
            for message in messages:
                plan.errors.append(RowError(line, column, message))
    forecast_writes, forecast_changes = _plan_forecasts(contract, register, forecasts)
    for forecast in forecast_writes:
        try:
            forecast.full_clean(exclude=["contract"], validate_constraints=False)
        except ValidationError as exc:
            column = _column(headers, keys, f"forecast:{forecast.financial_year}")
            for message in exc.messages:
                plan.errors.append(RowError(line, column, message))
    if len(plan.errors) > errors_before:
        return None
    row = RowPlan(
        line=line,
        reference=reference,
        action="create",
        contract=contract,
        provider_name="" if as_text else supplier,
        provider_values=provider_values,
        forecasts=forecasts,
        forecast_writes=forecast_writes,
    )
    if provider is not None:
        # An import fills in what is not yet known about a supplier; it never overwrites.
        pending = register.provider_fills.setdefault(provider.pk, {})
        row.provider_fills = {
            name: value
            for name, value in provider_values.items()
            if getattr(provider, name) in ("", None) and name not in pending
        }
        pending.update(row.provider_fills)
        row.provider = provider
    elif candidate is not None:
        row.provider = register.new_providers.setdefault(supplier_key(supplier), candidate)
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
        row.changes.update(forecast_changes)
        row.action = "update" if row.changes else "unchanged"
    return row


def _plan_forecasts(
    contract: Contract, register: Register, forecasts: dict[int, Decimal]
) -> tuple[list[ContractForecast], dict[str, tuple[Any, Any]]]:
    """The forecasts a row adds or changes (unsaved), and each change as (before, after)."""
    stored = register.forecasts.get(contract.pk, {}) if contract.pk else {}
    writes, changes = [], {}
    for year, amount in forecasts.items():
        forecast = stored.get(year)
        if forecast is None:
            before = None
            forecast = ContractForecast(contract=contract, financial_year=year, amount=amount)
        elif forecast.amount != amount:
            before, forecast.amount = forecast.amount, amount
        else:
            continue
        changes[f"forecast {label(year)}"] = (before, amount)
        writes.append(forecast)
    return writes, changes


def apply_import(plan: ImportPlan) -> ImportPlan:
    """Carry out a plan with no errors, all in one transaction; refuses a plan with errors."""
    if plan.errors:
        raise ImportRefused(plan.summary())
    reason = f"Imported from {plan.filename}"
    try:
        with transaction.atomic():
            _save_rows(plan, reason)
    except StaleRecordError as exc:
        kind = capfirst(exc.record._meta.verbose_name)
        raise ImportRefused(
            f"{kind} {exc.record} was changed by someone else during the import, so nothing "
            "was imported. Check the register and import the file again."
        ) from exc
    except IntegrityError as exc:
        raise ImportRefused(
            "Someone else added one of the file's contracts or suppliers during the import, so "
            "nothing was imported. Check the register and import the file again."
        ) from exc
    plan.applied = True
    return plan


def _save_rows(plan: ImportPlan, reason: str) -> None:
    """Write the plan a batch at a time: suppliers, then contracts, then forecasts.

    Each record still gets the history row a save would give it (who, when, why); the user is
    the one simple-history finds for a save, the signed-in user of the request.
    """
    rows = [row for row in plan.rows if row.action != "unchanged"]
    if not rows:
        return
    history = {"default_change_reason": reason, "default_date": timezone.now()}
    providers = list({id(row.provider): row.provider for row in rows if row.provider}.values())
    _create_with_history([p for p in providers if p.pk is None], Provider, history)
    filled: dict[int, Provider] = {}
    for row in rows:
        for name, value in row.provider_fills.items():
            setattr(row.provider, name, value)
            filled[row.provider.pk] = row.provider
    fill_fields = sorted({name for row in rows for name in row.provider_fills})
    _update_with_history(list(filled.values()), Provider, fill_fields, history)
    for row in rows:
        if row.provider is not None:
            row.contract.provider = row.provider
            row.contract.provider_text = ""
    creates = [row.contract for row in rows if row.action == "create"]
    _create_with_history(creates, Contract, history)
    changed = [row for row in rows if row.action == "update" and row.contract_changes]
    contract_fields = sorted({name for row in changed for name in row.contract_changes})
    _update_with_history([row.contract for row in changed], Contract, contract_fields, history)
    forecasts = [forecast for row in rows for forecast in row.forecast_writes]
    stored_forecasts = [forecast for forecast in forecasts if forecast.pk is not None]
    _create_with_history([f for f in forecasts if f.pk is None], ContractForecast, history)
    _update_with_history(stored_forecasts, ContractForecast, ["amount"], history)
    # Bulk writes send no post_save, so the cached dashboard figures are told here.
    caching.records_changed()


def _refuse_frozen(records: list[VersionedModel]) -> None:
    """The rule ``VersionedModel.save`` applies, which bulk writes would otherwise skip."""
    for record in records:
        reason = record.frozen_reason()
        if reason:
            raise FrozenRecordError(reason)


def _create_with_history(records: list[VersionedModel], model, history: dict[str, Any]) -> None:
    if records:
        _refuse_frozen(records)
        bulk_create_with_history(records, model, batch_size=BATCH_SIZE, **history)


def _update_with_history(
    records: list[VersionedModel], model, fields: list[str], history: dict[str, Any]
) -> None:
    """Save changed records as ``VersionedModel.save`` would, a batch at a time: each must
    still be at the version it was read at (its row locked from here to commit, as the
    conditional UPDATE locks it), and goes one version on."""
    if not records:
        return
    _refuse_frozen(records)
    # Locked in pk order, so two imports changing the same records cannot deadlock.
    pks = sorted(record.pk for record in records)
    stored: dict[int, int] = {}
    for start in range(0, len(pks), BATCH_SIZE):
        locked = model._base_manager.select_for_update().filter(
            pk__in=pks[start : start + BATCH_SIZE]
        )
        stored.update(locked.order_by("pk").values_list("pk", "version"))
    for record in records:
        if stored.get(record.pk) != record.version:
            raise StaleRecordError(record, record.describe_changes_since(record.version))
    for record in records:
        record.version += 1
    bulk_update_with_history(records, model, [*fields, "version"], batch_size=BATCH_SIZE, **history)


def import_contracts(
    owner: Authority | Partnership, filename: str, content: bytes, *, dry_run: bool = False
) -> ImportPlan:
    """Plan the import and, unless ``dry_run`` or any row is bad, carry it out."""
    plan = plan_import(owner, filename, content)
    if plan.ok and not dry_run:
        apply_import(plan)
    return plan
