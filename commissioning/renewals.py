"""The renewals pipeline: what ends or comes up for renewal soon, and what is overdue.

Plain functions over contract-like objects (``renewal_date``, ``renewal_decision``,
``status``, ``future_intention``) so they are tested without a database.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from typing import Protocol, TypeVar


class RenewableContract(Protocol):
    renewal_date: dt.date | None
    renewal_decision: str
    status: str
    future_intention: str


C = TypeVar("C", bound="RenewableContract")


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved ``months`` calendar months on (31 Jan + 1 month is 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def is_open(contract: RenewableContract) -> bool:
    return contract.status in ("active", "planned")


def due_for_renewal(contracts: Iterable[C], on: dt.date, months: int) -> list[C]:
    """Open contracts whose renewal (or end) date falls from ``on`` to ``months`` later."""
    until = add_months(on, months)
    due = [
        c
        for c in contracts
        if is_open(c) and c.renewal_date is not None and on <= c.renewal_date <= until
    ]
    return sorted(due, key=lambda c: c.renewal_date)


def overdue_without_decision(contracts: Iterable[C], on: dt.date) -> list[C]:
    """Open contracts past their renewal date with no renewal decision recorded."""
    overdue = [
        c
        for c in contracts
        if is_open(c)
        and c.renewal_date is not None
        and c.renewal_date < on
        and not c.renewal_decision.strip()
    ]
    return sorted(overdue, key=lambda c: c.renewal_date)


def joint_procurement_candidates(contracts: Iterable[C]) -> list[C]:
    """Open contracts whose intention is a potential tri-borough contract."""
    return [c for c in contracts if is_open(c) and c.future_intention == "tri_borough"]
