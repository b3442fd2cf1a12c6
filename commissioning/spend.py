"""Commissioned-versus-direct share of spend: computed from the amounts, never typed in."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)


def shares(amounts: Mapping[str, Decimal], places: int = 0) -> dict[str, Decimal]:
    """Each category's percentage of the total, rounded half-up as the papers round.

    With no spend at all every share is 0%, rather than a division by zero.
    """
    total = sum(amounts.values(), Decimal(0))
    quantum = Decimal(1).scaleb(-places)
    if total == 0:
        return {key: Decimal(0).quantize(quantum) for key in amounts}
    return {
        key: (amount * HUNDRED / total).quantize(quantum, rounding=ROUND_HALF_UP)
        for key, amount in amounts.items()
    }


def shares_by_period(rows) -> dict[tuple[int, int], dict[str, Decimal]]:
    """``{(start_year, end_year): {category: percent}}`` from ``DeliveryModelSpend`` rows."""
    periods: dict[tuple[int, int], dict[str, Decimal]] = {}
    for row in rows:
        key = (row.start_year, row.end_year)
        periods.setdefault(key, {})[row.category] = row.amount
    return {key: shares(amounts) for key, amounts in sorted(periods.items())}
