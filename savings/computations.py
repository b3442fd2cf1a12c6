"""Savings arithmetic as plain functions on plain data: no ORM, so tested without a database.

``savings.figures`` builds these inputs from querysets. Money is ``Decimal`` pounds throughout;
profiles are ``{year: amount}`` with years as financial-year start years.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import TypeVar

from childrens_services.rag import Rag, within_tolerance

ZERO = Decimal("0")
PENNY = Decimal("0.01")

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Amount:
    """One cell of a savings profile with the attributes of its line, for grouping."""

    line: str
    authority: str
    year: int
    amount: Decimal
    confidence: str = ""
    funding: str = ""
    budget_status: str = ""


def totals(amounts: Iterable[Amount], *keys: str) -> dict[tuple, Decimal]:
    """Sum ``amounts`` grouped by the named attributes (``totals(a, "year")`` -> per year).

    With no keys the result has one entry, ``()``, the grand total.
    """
    grouped: dict[tuple, Decimal] = defaultdict(lambda: ZERO)
    for cell in amounts:
        grouped[tuple(getattr(cell, key) for key in keys)] += cell.amount
    return dict(grouped)


def added(parts: Iterable[Mapping[tuple, Decimal]]) -> dict[tuple, Decimal]:
    """Several parts' ``totals`` added key by key: the ``totals`` of all their amounts together,
    so a total over many authorities adds up their subtotals rather than every cell again."""
    grouped: dict[tuple, Decimal] = defaultdict(lambda: ZERO)
    for part in parts:
        for key, amount in part.items():
            grouped[key] += amount
    return dict(grouped)


def incremental(cumulative_profile: Mapping[int, Decimal], years: Sequence[int]) -> dict:
    """The new saving added in each year, from the saving reached in each year.

    A year with no figure has reached nothing more than the base (zero).
    """
    result: dict[int, Decimal] = {}
    previous = ZERO
    for year in years:
        reached = cumulative_profile.get(year, ZERO)
        result[year] = reached - previous
        previous = reached
    return result


def cumulative(incremental_profile: Mapping[int, Decimal], years: Sequence[int]) -> dict:
    """The saving reached in each year against the base, from the new saving each year."""
    result: dict[int, Decimal] = {}
    running = ZERO
    for year in years:
        running += incremental_profile.get(year, ZERO)
        result[year] = running
    return result


def full_year(cumulative_profile: Mapping[int, Decimal], years: Sequence[int]) -> Decimal:
    """The ongoing saving once the profile is complete: the amount reached in the last year."""
    return cumulative_profile.get(years[-1], ZERO) if years else ZERO


MTFS_STATUSES = frozenset({"in_mtfs", "included_in_mtfs"})
ADDITIONAL_STATUSES = frozenset({"additional", "new_to_mtfs"})


@dataclass(frozen=True)
class SplitLine:
    """A line as the MTFS split sees it: its status, funding and the figure in its column."""

    name: str
    budget_status: str
    funding: str
    full_year: Decimal
    column_amount: Decimal | None = None

    @property
    def in_column(self) -> Decimal:
        return self.full_year if self.column_amount is None else self.column_amount


@dataclass(frozen=True)
class MtfsSplit:
    mtfs: Decimal
    additional_gross: Decimal
    dsg_exclusion: Decimal

    @property
    def additional(self) -> Decimal:
        """Additional savings counted towards the council's target: DSG savings excluded."""
        return self.additional_gross - self.dsg_exclusion


def mtfs_split(lines: Iterable[SplitLine]) -> MtfsSplit:
    """Split full-year savings into "already in the MTFS" and "additional", excluding DSG.

    DSG-funded savings fall to the schools' grant, not the council's budget, so they are
    excluded from the additional total (seed 000's "Exclude DSG savings (620)" row).
    """
    mtfs = additional = dsg = ZERO
    for line in lines:
        if line.budget_status in MTFS_STATUSES:
            mtfs += line.in_column
        elif line.budget_status in ADDITIONAL_STATUSES:
            additional += line.in_column
            if line.funding == "DSG":
                dsg += line.in_column
    return MtfsSplit(mtfs=mtfs, additional_gross=additional, dsg_exclusion=dsg)


class ApportionmentError(ValueError):
    """The basis given cannot apportion the amount across the partnership."""


WEIGHTED_METHODS = {"A", "D"}
EQUAL_METHODS = {"B", "C"}


def apportion(
    amount: Decimal,
    method: str,
    members: Sequence[K],
    basis: Mapping[K, Decimal] | None = None,
    quantum: Decimal = PENNY,
) -> dict[K, Decimal]:
    """Split a shared ``amount`` across ``members`` by attribution method A-D.

    * A: in proportion to each authority's net controllable staffing budget (``basis``);
    * B: savings split equally; C: costs split equally (``basis``, if given, only lists them);
    * D: in proportion to where the FTE reductions fall (``basis`` = FTE reduction each).

    A basis must name exactly the partnership's members, so a missing borough is refused rather
    than silently getting nothing. Parts are rounded to ``quantum`` by rounding the running
    total, so they always sum exactly to ``amount`` and each is within one quantum of its exact
    share (1.00 split equally is 0.33 / 0.34 / 0.33).
    """
    if not members:
        raise ApportionmentError("There is nobody to apportion the amount to.")
    if method not in WEIGHTED_METHODS | EQUAL_METHODS:
        raise ApportionmentError(f"Unknown attribution method {method!r}; use A, B, C or D.")
    if basis is None and method in WEIGHTED_METHODS:
        raise ApportionmentError(f"Method {method} needs a basis for every authority.")
    if basis is not None:
        missing = [m for m in members if m not in basis]
        extra = [k for k in basis if k not in members]
        if missing or extra:
            raise ApportionmentError(
                "The basis must cover every authority of the partnership and no other: "
                f"missing {missing or 'none'}, not members {extra or 'none'}."
            )
    if method in WEIGHTED_METHODS:
        weights = [Decimal(basis[m]) for m in members]
        if any(w < 0 for w in weights) or sum(weights) <= 0:
            raise ApportionmentError("A basis needs non-negative figures with a positive total.")
    else:
        weights = [Decimal(1)] * len(members)
    whole = sum(weights)
    parts: dict[K, Decimal] = {}
    running = ZERO
    rounded_before = ZERO
    for member, weight in zip(members, weights, strict=True):
        running += weight
        rounded_to_here = (amount * running / whole).quantize(quantum, rounding=ROUND_HALF_UP)
        parts[member] = rounded_to_here - rounded_before
        rounded_before = rounded_to_here
    return parts


def additionality(start: Decimal | None, close: Decimal | None) -> Decimal | None:
    """The saving a restructure brings: starting minus closing position (unknown if either is)."""
    if start is None or close is None:
        return None
    return start - close


def column_total(values: Iterable[Decimal | None]) -> Decimal | None:
    """Sum of the known figures in a column, or ``None`` when the column is empty."""
    known = [v for v in values if v is not None]
    return sum(known, ZERO) if known else None


def shortfall(
    planned: Decimal, forecast: Decimal | None, achieved: Decimal | None
) -> Decimal | None:
    """Planned saving not (yet) delivered: planned minus achieved, or minus forecast if no
    achieved figure has been entered. Negative means over-delivery; ``None`` if neither is known.
    """
    delivered = achieved if achieved is not None else forecast
    return None if delivered is None else planned - delivered


def rag(planned: Decimal, forecast: Decimal | None, achieved: Decimal | None) -> Rag:
    """RAG status of a saving, judged on the achieved figure, or the forecast until there is one.

    Rules: GREEN when it meets or beats the plan (no shortfall); AMBER when the shortfall is at
    most ``AMBER_TOLERANCE`` (10%) of the plan; RED when it is more; NOT_REPORTED when neither
    figure is entered. A plan of zero is GREEN unless the figure is negative (a saving
    reversed), which is RED.
    """
    gap = shortfall(planned, forecast, achieved)
    if gap is None:
        return Rag.NOT_REPORTED
    if gap <= 0:
        return Rag.GREEN
    if planned > 0 and within_tolerance(gap, planned):
        return Rag.AMBER
    return Rag.RED


@dataclass(frozen=True)
class DeliveryCell:
    authority: str
    planned: Decimal
    forecast: Decimal | None
    achieved: Decimal | None


@dataclass(frozen=True)
class Position:
    """A programme's delivered-versus-planned position for one authority (or in total).

    ``delivered`` and ``shortfall`` are ``None`` when no delivery figure has been entered for
    any of its cells: a saving nobody has reported on is not a saving of nothing. The shortfall
    is judged only where delivery is recorded (``planned_reported`` against ``delivered``), and
    ``not_recorded`` counts the cells it leaves out for want of a delivery figure.
    """

    planned: Decimal
    delivered: Decimal | None
    shortfall: Decimal | None
    rag: Rag
    planned_reported: Decimal = ZERO
    not_recorded: int = 0


def position(
    planned: Decimal, planned_reported: Decimal, delivered: Decimal | None, not_recorded: int
) -> Position:
    """The position from its sums: everything planned, the part planned where a delivery
    figure is recorded, what those cells delivered (``None`` if no cell has one) and how many
    cells have none. Sums rather than cells so the database can add up 38,000 cells a year."""
    if delivered is None:
        return Position(planned, None, None, Rag.NOT_REPORTED, ZERO, not_recorded)
    return Position(
        planned=planned,
        delivered=delivered,
        shortfall=planned_reported - delivered,
        rag=rag(planned_reported, None, delivered),
        planned_reported=planned_reported,
        not_recorded=not_recorded,
    )


def combined(positions: Iterable[Position]) -> Position:
    """Several positions as one (the authorities' into a total): a delivered figure only if
    one of them has one, and every cell any of them left out still counted."""
    positions = list(positions)
    known = [p.delivered for p in positions if p.delivered is not None]
    return position(
        sum((p.planned for p in positions), ZERO),
        sum((p.planned_reported for p in positions), ZERO),
        sum(known, ZERO) if known else None,
        sum(p.not_recorded for p in positions),
    )


def delivery_position(cells: Iterable[DeliveryCell]) -> dict[str, Position]:
    """Per authority: planned, delivered (achieved, else forecast), shortfall and overall RAG.

    A cell with neither figure entered is left out of the delivered figure and the shortfall
    and counted in ``not_recorded``: its planned saving still counts in ``planned``, but
    nothing is claimed about whether it was delivered.
    """
    planned: dict[str, Decimal] = defaultdict(lambda: ZERO)
    reported: dict[str, Decimal] = defaultdict(lambda: ZERO)
    delivered: dict[str, Decimal | None] = defaultdict(lambda: None)
    missing: dict[str, int] = defaultdict(int)
    for cell in cells:
        planned[cell.authority] += cell.planned
        value = cell.achieved if cell.achieved is not None else cell.forecast
        if value is None:
            missing[cell.authority] += 1
            continue
        reported[cell.authority] += cell.planned
        delivered[cell.authority] = (delivered[cell.authority] or ZERO) + value
    return {
        authority: position(
            planned[authority], reported[authority], delivered[authority], missing[authority]
        )
        for authority in planned
    }


class Agreement(StrEnum):
    AGREES = "agrees"
    ROUNDING = "rounding"
    DIFFERS = "differs"
    NOT_COMPUTABLE = "not computable"


def compare(reported: Decimal, computed: Decimal | None, precision: Decimal) -> Agreement:
    """Whether a printed figure matches the computed one, allowing for the paper's rounding.

    Equal is AGREES; within half of the last printed digit is ROUNDING (the paper rounded);
    anything else DIFFERS. Both ROUNDING and DIFFERS are listed as disagreements.
    """
    if computed is None:
        return Agreement.NOT_COMPUTABLE
    difference = abs(reported - computed)
    if difference == 0:
        return Agreement.AGREES
    if difference <= precision / 2:
        return Agreement.ROUNDING
    return Agreement.DIFFERS


def in_unit(amount: Decimal, scale: int, places: int = 0) -> Decimal:
    """Pounds shown in the paper's unit (``scale`` 1000 for £000s), rounded half up."""
    return (amount / Decimal(scale)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
