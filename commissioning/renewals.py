"""The renewals pipeline: what ends or comes up for renewal soon, and what is overdue.

Plain functions over contract-like objects (``renewal_date``, ``renewal_decision``,
``status``, ``future_intention``) so they are tested without a database, and their twins over
querysets (``..._in``) so a register of 76,000 contracts is filtered by the database.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from typing import Protocol, TypeVar

from django.db.models import Case, DateField, F, QuerySet, When


class RenewableContract(Protocol):
    renewal_date: dt.date | None
    renewal_decision: str
    status: str
    future_intention: str


C = TypeVar("C", bound="RenewableContract")

OPEN_STATUSES = ("active", "planned")


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved ``months`` calendar months on (31 Jan + 1 month is 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def is_open(contract: RenewableContract) -> bool:
    return contract.status in OPEN_STATUSES


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


# The same rules as database filters, for registers too large to read into Python. Each is the
# queryset twin of the function above it of the same name, and tests hold them to agree.


def renewal_date_expression() -> Case:
    """``Contract.renewal_date`` in SQL: the review date if earlier than the end, else the end
    (whichever is set when only one is)."""
    return Case(
        When(review_date__isnull=True, then=F("end_date")),
        When(end_date__isnull=True, then=F("review_date")),
        When(review_date__lt=F("end_date"), then=F("review_date")),
        default=F("end_date"),
        output_field=DateField(),
    )


def with_renewal_date(contracts: QuerySet) -> QuerySet:
    return contracts.annotate(renewal_on=renewal_date_expression())


def due_for_renewal_in(contracts: QuerySet, on: dt.date, months: int) -> QuerySet:
    """Open contracts whose renewal (or end) date falls from ``on`` to ``months`` later,
    soonest first (``due_for_renewal``)."""
    window = {"renewal_on__gte": on, "renewal_on__lte": add_months(on, months)}
    return (
        with_renewal_date(contracts)
        .filter(status__in=OPEN_STATUSES, **window)
        .order_by("renewal_on", "reference", "pk")
    )


def overdue_without_decision_in(contracts: QuerySet, on: dt.date) -> QuerySet:
    """Open contracts past their renewal date with no renewal decision recorded
    (``overdue_without_decision``)."""
    return (
        with_renewal_date(contracts)
        .filter(status__in=OPEN_STATUSES, renewal_on__lt=on)
        .exclude(renewal_decision__regex=r"\S")
        .order_by("renewal_on", "reference", "pk")
    )


def joint_procurement_candidates_in(contracts: QuerySet) -> QuerySet:
    """Open contracts whose intention is a potential tri-borough contract
    (``joint_procurement_candidates``)."""
    return contracts.filter(status__in=OPEN_STATUSES, future_intention="tri_borough")
