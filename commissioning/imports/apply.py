"""Carrying out a plan: every write of an import in one transaction, or none.

Records are written in batches with the history rows a save would give them (who, when, why);
stored records are locked and checked to be at the version the plan read, as
``VersionedModel.save`` checks one record, and frozen records are refused as it refuses them.
Bulk writes send no signals, so the cached figures are told of the change here.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import capfirst
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from childrens_services import caching
from childrens_services.models import FrozenRecordError, StaleRecordError, VersionedModel
from commissioning.imports.plan import ImportPlan, RowPlan
from commissioning.imports.read import ImportRefused
from commissioning.models import Contract, ContractForecast, Provider

#: Records written per INSERT or UPDATE. Django's bulk UPDATE is a CASE over the batch for each
#: field, whose cost grows with the square of the batch, so batches stay this size.
BATCH_SIZE = 500


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
    suppliers_written = _save_providers(rows, history)
    _save_contracts(rows, history)
    _save_forecasts(rows, history)
    # Bulk writes send no post_save, so the cached figures are told here: of the authorities
    # whose contracts these are, or of everything when a supplier (read by every authority)
    # was added or filled in.
    caching.records_changed(authorities=None if suppliers_written else _authorities(rows))


def _authorities(rows: list[RowPlan]):
    """The authorities whose figures the rows' contracts are in (``caching.authorities_of``),
    or ``None`` (everything) if one of them cannot be told."""
    memo: dict = {}
    found: set[int] = set()
    for row in rows:
        ids = caching.authorities_of(row.contract, memo)
        if ids is None:
            return None
        found |= ids
    return found


def _save_providers(rows: list[RowPlan], history: dict[str, Any]) -> bool:
    """Create the providers new to the register and fill in what rows add to stored ones;
    whether any was written."""
    providers = list({id(row.provider): row.provider for row in rows if row.provider}.values())
    created = [p for p in providers if p.pk is None]
    _create_with_history(created, Provider, history)
    filled: dict[int, Provider] = {}
    for row in rows:
        for name, value in row.provider_fills.items():
            setattr(row.provider, name, value)
            filled[row.provider.pk] = row.provider
    fill_fields = sorted({name for row in rows for name in row.provider_fills})
    _update_with_history(list(filled.values()), Provider, fill_fields, history)
    return bool(created or filled)


def _save_contracts(rows: list[RowPlan], history: dict[str, Any]) -> None:
    """Create the new contracts and write the changed fields of stored ones, each contract
    now naming its provider (created above, so it has a pk)."""
    for row in rows:
        if row.provider is not None:
            row.contract.provider = row.provider
            row.contract.provider_text = ""
    creates = [row.contract for row in rows if row.action == "create"]
    _create_with_history(creates, Contract, history)
    changed = [row for row in rows if row.action == "update" and row.contract_changes]
    contract_fields = sorted({name for row in changed for name in row.contract_changes})
    _update_with_history([row.contract for row in changed], Contract, contract_fields, history)


def _save_forecasts(rows: list[RowPlan], history: dict[str, Any]) -> None:
    forecasts = [forecast for row in rows for forecast in row.forecast_writes]
    stored_forecasts = [forecast for forecast in forecasts if forecast.pk is not None]
    _create_with_history([f for f in forecasts if f.pk is None], ContractForecast, history)
    _update_with_history(stored_forecasts, ContractForecast, ["amount"], history)


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
