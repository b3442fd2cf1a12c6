"""Planning an import: what each parsed row would create or change, and every bad row.

A register may have 10,000 rows, so the database is asked a fixed number of questions per
import, not several per row: the owner's contracts, their forecasts and the named suppliers
are read once (``read_register``), and each row is then built, validated (``full_clean``
without re-checking foreign keys already resolved) and compared with what is stored, in
memory. A plan touches nothing; ``apply_import`` carries it out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.db.models.functions import Upper

from childrens_services.financial_years import label
from commissioning.columns import COLUMNS, normalise
from commissioning.imports.owner import Owner, owner_lookup
from commissioning.imports.parse import Columns, ParsedRow, RowError
from commissioning.imports.read import Deadline
from commissioning.models import Contract, ContractForecast, Provider

#: Supplier names asked for per query.
NAMES_PER_QUERY = 1000

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

#: Foreign keys a row's contract has resolved in memory (the owner, the provider looked up by
#: name), so ``full_clean`` need not ask the database, row after row, whether they exist.
RESOLVED_FIELDS = ["authority", "partnership", "provider"]

Changes = dict[str, tuple[Any, Any]]


@dataclass
class RowPlan:
    """What importing one row would do: create, update (with each change) or nothing."""

    line: int
    reference: str
    action: str
    changes: Changes = field(default_factory=dict)
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
    owner: Owner
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


def is_various(supplier: str) -> bool:
    return normalise(supplier).startswith("various")


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
    return Register(contracts, forecasts, _stored_providers(supplier_names))


def _stored_providers(supplier_names: set[str]) -> dict[str, Provider]:
    """The stored providers of these names, by ``supplier_key``, a chunk of names a query."""
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
    return providers


def plan_rows(
    plan: ImportPlan, rows: list[ParsedRow], columns: Columns, deadline: Deadline
) -> None:
    """Add to the plan what each row would do, or why it cannot; a reference given twice is
    an error on its second line. Errors end in line order."""
    lookup = owner_lookup(plan.owner)
    suppliers = {row.values.get("supplier", "") for row in rows}
    register = read_register(lookup, {s for s in suppliers if s and not is_various(s)})
    seen: dict[str, int] = {}
    for row in rows:
        deadline.check()
        reference = row.values.get("reference", "")
        if reference in seen:
            message = f"{reference!r} is also on line {seen[reference]}."
            plan.errors.append(RowError(row.line, columns.name("reference"), message))
            continue
        planned, errors = plan_row(row, register, lookup, columns)
        plan.errors.extend(errors)
        if planned is not None:
            seen[planned.reference] = row.line
            plan.rows.append(planned)
    plan.errors.sort(key=lambda error: error.line)


def plan_row(
    row: ParsedRow, register: Register, lookup: dict[str, Any], columns: Columns
) -> tuple[RowPlan | None, list[RowError]]:
    """The (unsaved) contract a row describes compared with the stored one, or its errors."""
    errors = _missing_essentials(row, columns)
    if errors:
        return None, errors
    reference = row.values["reference"]
    existing = register.contracts.get(reference)
    contract = existing or Contract(reference=reference, **lookup)
    before = _tracked(contract) if existing else {}
    supplier, errors = choose_supplier(row, existing, register, columns)
    if errors:
        return None, errors
    _fill_contract(contract, row.values, supplier)
    forecast_writes, forecast_changes = plan_forecasts(contract, register, row.forecasts)
    errors = _validate(row.line, contract, forecast_writes, columns)
    if errors:
        return None, errors
    planned = RowPlan(
        line=row.line,
        reference=reference,
        action="create",
        contract=contract,
        provider_name=supplier.provider_name,
        provider_values=supplier.values,
        forecasts=row.forecasts,
        forecast_writes=forecast_writes,
    )
    _name_provider(planned, supplier, register)
    if existing:
        planned.changes = _changes(before, planned, supplier, forecast_changes)
        planned.action = "update" if planned.changes else "unchanged"
    return planned, []


def _missing_essentials(row: ParsedRow, columns: Columns) -> list[RowError]:
    """Every contract needs a reference and a supplier (a name, or "Various")."""
    problems = []
    if not row.values.get("reference", ""):
        problems.append(("reference", "is missing: every contract needs a reference."))
    if not row.values.get("supplier", ""):
        problems.append(("supplier", 'is missing: name the supplier, or write "Various".'))
    return [RowError(row.line, columns.name(key), message) for key, message in problems]


@dataclass
class SupplierChoice:
    """Whom a row's contract names: a name kept as text ("Various", or a contract that names
    its supplier only as text already), a stored provider, or a provider new to the register."""

    name: str
    as_text: bool
    #: The stored provider of that name, if there is one.
    stored: Provider | None = None
    #: The provider the row describes, created with the import if none is stored.
    candidate: Provider | None = None
    #: What the row says of the provider (registration number, SME, VCSE).
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def provider_name(self) -> str:
        return "" if self.as_text else self.name


def choose_supplier(
    row: ParsedRow, existing: Contract | None, register: Register, columns: Columns
) -> tuple[SupplierChoice, list[RowError]]:
    """The supplier the row names, and the errors in what it says of them."""
    name = row.values["supplier"]
    kept_as_text = existing is not None and existing.provider_id is None
    if is_various(name) or (kept_as_text and existing.provider_text == name):
        return SupplierChoice(name, as_text=True), []
    values = provider_values(row.values)
    candidate = Provider(name=name, **values)
    try:
        candidate.full_clean(exclude=["name"])
    except ValidationError as exc:
        column = columns.name("supplier_registration")
        return SupplierChoice(name, False), [
            RowError(row.line, column, message) for message in exc.messages
        ]
    stored = register.providers.get(supplier_key(name))
    return SupplierChoice(name, False, stored, candidate, values), []


def provider_values(values: dict[str, Any]) -> dict[str, Any]:
    """What a row says of its provider: a registration number (a charity's is six or seven
    digits, otherwise it is a company's) and whether it is an SME or a VCSE."""
    found: dict[str, Any] = {}
    registration = values.get("supplier_registration", "").upper().replace(" ", "")
    if registration:
        key = "charity_number" if re.fullmatch(r"\d{6,7}(-\d+)?", registration) else None
        found[key or "companies_house_number"] = registration
    for flag in ("sme", "vcse"):
        if values.get(flag) is not None:
            found[f"is_{flag}"] = values[flag]
    return found


def _fill_contract(contract: Contract, values: dict[str, Any], supplier: SupplierChoice) -> None:
    """Set on the contract what the row says; the title defaults to the description."""
    contract.provider = supplier.stored
    contract.provider_text = supplier.name if supplier.stored is None else ""
    for key in TRACKED_FIELDS:
        if key in values and key not in ("provider", "provider_text"):
            setattr(contract, key, values[key])
    if "title" not in values or not values["title"]:
        contract.title = values.get("description", "")[:300]


def plan_forecasts(
    contract: Contract, register: Register, forecasts: dict[int, Decimal]
) -> tuple[list[ContractForecast], Changes]:
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


def _validate(
    line: int, contract: Contract, forecasts: list[ContractForecast], columns: Columns
) -> list[RowError]:
    """The model's own checks of the contract and its forecasts, each named by its column."""
    errors = []
    try:
        contract.full_clean(exclude=RESOLVED_FIELDS, validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            column = columns.name(name) if name in COLUMNS else name
            errors.extend(RowError(line, column, message) for message in messages)
    for forecast in forecasts:
        try:
            forecast.full_clean(exclude=["contract"], validate_constraints=False)
        except ValidationError as exc:
            column = columns.name(f"forecast:{forecast.financial_year}")
            errors.extend(RowError(line, column, message) for message in exc.messages)
    return errors


def _name_provider(planned: RowPlan, supplier: SupplierChoice, register: Register) -> None:
    """Point the row at its provider: the stored one, filling in (never overwriting) what is
    not yet known of it, or the one new provider of that name the whole import creates."""
    provider = supplier.stored
    if provider is not None:
        pending = register.provider_fills.setdefault(provider.pk, {})
        planned.provider_fills = {
            name: value
            for name, value in supplier.values.items()
            if getattr(provider, name) in ("", None) and name not in pending
        }
        pending.update(planned.provider_fills)
        planned.provider = provider
    elif supplier.candidate is not None:
        key = supplier_key(supplier.name)
        planned.provider = register.new_providers.setdefault(key, supplier.candidate)


def _tracked(contract: Contract) -> dict[str, Any]:
    return {name: getattr(contract, name) for name in TRACKED_FIELDS}


def _changes(
    before: dict[str, Any], planned: RowPlan, supplier: SupplierChoice, forecasts: Changes
) -> Changes:
    """Each change the row makes to a stored contract, its supplier and its forecasts."""
    after = _tracked(planned.contract)
    if planned.provider_name and supplier.stored is None:
        after["provider"] = f"{supplier.name} (new provider)"
        after["provider_text"] = ""
    changes = {
        name: (before[name], after[name]) for name in TRACKED_FIELDS if before[name] != after[name]
    }
    for name, value in planned.provider_fills.items():
        changes[f"supplier {Provider._meta.get_field(name).verbose_name}"] = (None, value)
    changes.update(forecasts)
    return changes
