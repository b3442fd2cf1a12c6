"""The renewals pipeline: what ends or comes up for renewal soon, and what is overdue.

Each rule is written once, as a database filter, so a register of 76,000 contracts is filtered
by the database. A contract's renewal date is the expression ``renewal_date_expression``:
querysets annotate it as ``renewal_on`` (``Contract.objects.with_renewal()``) and a contract
reads it back as ``Contract.renewal_date``.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.db.models import Case, DateField, F, Q, QuerySet, When

OPEN_STATUSES = ("active", "planned")

#: The annotation holding each contract's renewal date (``Contract.renewal_date`` reads it).
RENEWAL_ON = "renewal_on"


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved ``months`` calendar months on (31 Jan + 1 month is 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def renewal_date_expression() -> Case:
    """When a decision on a contract is due: the review date if earlier than the end, else
    the end (whichever is set when only one is); none when neither is set."""
    return Case(
        When(review_date__isnull=True, then=F("end_date")),
        When(end_date__isnull=True, then=F("review_date")),
        When(review_date__lt=F("end_date"), then=F("review_date")),
        default=F("end_date"),
        output_field=DateField(),
    )


def with_renewal_date(contracts: QuerySet) -> QuerySet:
    """The contracts, each with its renewal date annotated as ``renewal_on``."""
    return contracts.annotate(**{RENEWAL_ON: renewal_date_expression()})


def due_for_renewal_in(contracts: QuerySet, on: dt.date, months: int) -> QuerySet:
    """Open contracts whose renewal (or end) date falls from ``on`` to ``months`` later,
    soonest first."""
    window = {"renewal_on__gte": on, "renewal_on__lte": add_months(on, months)}
    return (
        with_renewal_date(contracts)
        .filter(status__in=OPEN_STATUSES, **window)
        .order_by("renewal_on", "reference", "pk")
    )


def overdue_without_decision_q(on: dt.date) -> Q:
    """Open, past its renewal date (annotated as ``renewal_on``) on ``on``, with no renewal
    decision recorded (a decision of blanks is none)."""
    return Q(status__in=OPEN_STATUSES, **{f"{RENEWAL_ON}__lt": on}) & ~Q(
        renewal_decision__regex=r"\S"
    )


def overdue_without_decision_in(contracts: QuerySet, on: dt.date) -> QuerySet:
    """Open contracts past their renewal date with no renewal decision recorded, earliest
    first."""
    return (
        with_renewal_date(contracts)
        .filter(overdue_without_decision_q(on))
        .order_by("renewal_on", "reference", "pk")
    )


#: Open, intended as a potential tri-borough contract.
JOINT_PROCUREMENT_CANDIDATE = Q(status__in=OPEN_STATUSES, future_intention="tri_borough")

#: Neither an end nor a review date, but a renewal written in words ("rolling", "tbc").
UNDATED = Q(end_date=None, review_date=None) & ~Q(renewal_text="")


def joint_procurement_candidates_in(contracts: QuerySet) -> QuerySet:
    """Open contracts whose intention is a potential tri-borough contract."""
    return with_renewal_date(contracts).filter(JOINT_PROCUREMENT_CANDIDATE)


def undated_in(contracts: QuerySet) -> QuerySet:
    """Contracts with no date to renew by, only words."""
    return with_renewal_date(contracts).filter(UNDATED)
