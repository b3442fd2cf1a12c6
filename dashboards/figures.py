"""The dashboards' figures, gathered from the apps' own computations for one scope and year.

Every figure here is asked of the module that owns it (``mandates.status``,
``commissioning.renewals``, ``commissioning.spend``, ``savings.computations``); this module only
selects the records in scope, in a fixed number of queries whatever the number of rows, and
hands them over.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from childrens_services import financial_years
from childrens_services.permissions import visible_to
from commissioning.models import Contract, DeliveryModelSpend
from commissioning.renewals import due_for_renewal
from commissioning.spend import shares_by_period
from dashboards.scope import Scope
from mandates.models import Asset, Mandate, MeasureActual, Milestone, SuccessMeasure
from mandates.status import Rag, measure_rag
from savings import computations as calc
from savings.models import CapitalProgrammeLine, DeliveryRecord, DivisionBudget, SavingsAmount

RENEWAL_MONTHS = 12
RAG_ORDER = ("red", "amber", "green", "none")
RAG_LABELS = {"red": "Red", "amber": "Amber", "green": "Green", "none": "No status"}


def available_years(user) -> list[int]:
    """Financial years the dashboards hold figures for: the mandates' periods, milestones,
    savings profiles, budgets and capital lines the user can see."""
    years: set[int] = set()
    periods = (
        visible_to(user, Mandate.objects.all()).order_by().values_list("start_year", "end_year")
    )
    for start, end in periods.distinct():
        years.update(range(start, end + 1))
    # DISTINCT in SQL (with the models' default ordering cleared, or it joins the DISTINCT):
    # a handful of years come back instead of every savings cell (400,000 at national scale).
    for model in (Milestone, SavingsAmount, DivisionBudget, CapitalProgrammeLine):
        rows = visible_to(user, model.objects.all()).order_by().values_list("year", flat=True)
        years.update(rows.distinct())
    return sorted(years)


def current_mandate_ids(user, scope: Scope) -> list[int]:
    """Each authority's latest mandate (by first year, then newest record) the user can see.

    Rolled-forward versions repeat their sections, so counting every version would count a
    milestone once per version.
    """
    rows = visible_to(user, Mandate.objects.filter(scope.q())).values_list(
        "pk", "authority_id", "start_year"
    )
    latest: dict[int, tuple[int, int]] = {}
    for pk, authority_id, start_year in rows:
        if (start_year, pk) > latest.get(authority_id, (-1, -1)):
            latest[authority_id] = (start_year, pk)
    return sorted(pk for _start, pk in latest.values())


class _PrefetchedMeasure:
    """A success measure whose ``latest_actual`` reads prefetched actuals, so ``measure_rag``
    (the one RAG rule) can be asked of many measures without a query each."""

    def __init__(self, measure: SuccessMeasure) -> None:
        self._measure = measure

    def __getattr__(self, name: str):
        return getattr(self._measure, name)

    def latest_actual(self) -> MeasureActual | None:
        actuals = list(self._measure.actuals.all())
        return max(actuals, key=lambda a: (a.as_at, a.pk), default=None)


@dataclass
class MeasureRow:
    measure: SuccessMeasure
    latest: MeasureActual | None
    rag: str

    @property
    def benchmark(self):
        """The measure's link to published data, if an officer has made one."""
        return getattr(self.measure, "benchmark", None)

    @property
    def rag_label(self) -> str:
        return RAG_LABELS[self.rag]


def measure_rows(user, mandate_ids: list[int]) -> list[MeasureRow]:
    """Success measures of the given mandates, each with its latest actual and computed RAG."""
    measures = (
        visible_to(user, SuccessMeasure.objects.filter(mandate__in=mandate_ids))
        .select_related("mandate__authority", "benchmark")
        .prefetch_related(
            Prefetch("actuals", queryset=MeasureActual.objects.order_by("as_at", "pk"))
        )
    )
    rows = []
    for measure in measures:
        wrapped = _PrefetchedMeasure(measure)
        status = measure_rag(wrapped)
        rows.append(MeasureRow(measure, wrapped.latest_actual(), str(status) if status else "none"))
    return rows


def rag_counts(rows: list[MeasureRow]) -> list[tuple[str, str, int]]:
    """``(rag, label, count)`` in the order red, amber, green, no status."""
    counts = Counter(row.rag for row in rows)
    return [(rag, RAG_LABELS[rag], counts.get(rag, 0)) for rag in RAG_ORDER]


def contracts_in_scope(user, scope: Scope) -> list[Contract]:
    return list(
        visible_to(user, Contract.objects.filter(scope.contracts_q())).select_related(
            "provider", "authority", "partnership"
        )
    )


@dataclass
class SavingsPosition:
    """Planned versus delivered for the year, per authority and in total (``calc.Position``)."""

    by_authority: dict[str, calc.Position]
    total: calc.Position | None


def savings_position(user, scope: Scope, year: int) -> SavingsPosition:
    """Planned (the profile's saving reached in ``year``) against delivered (achieved, else
    forecast), through ``savings.computations.delivery_position``."""
    amounts = visible_to(user, SavingsAmount.objects.filter(scope.q(), year=year)).select_related(
        "authority"
    )
    records = visible_to(user, DeliveryRecord.objects.filter(scope.q(), year=year))
    recorded = {(r.line_id, r.authority_id): r for r in records}
    names: dict[int, str] = {}
    planned: dict[tuple[int, int], Decimal] = {}
    for cell in amounts:
        names[cell.authority_id] = cell.authority.short_name
        key = (cell.line_id, cell.authority_id)
        planned[key] = planned.get(key, calc.ZERO) + cell.amount
    cells = []
    for key in sorted(set(planned) | set(recorded)):
        record = recorded.get(key)
        cells.append(
            calc.DeliveryCell(
                authority=names.get(key[1], str(key[1])),
                planned=planned.get(key, calc.ZERO),
                forecast=record.forecast if record else None,
                achieved=record.achieved if record else None,
            )
        )
    by_authority = calc.delivery_position(cells)
    total = None
    if cells:
        everything = [calc.DeliveryCell("all", c.planned, c.forecast, c.achieved) for c in cells]
        total = calc.delivery_position(everything)["all"]
    return SavingsPosition(by_authority=dict(sorted(by_authority.items())), total=total)


@dataclass
class Overview:
    """The headline figures of one scope in one year, as at one date."""

    year: int
    on: dt.date
    savings: SavingsPosition
    measures: list[MeasureRow]
    rags: list[tuple[str, str, int]]
    renewals: list[Contract]
    renewals_value: Decimal
    assets_by_status: list[tuple[str, int]]
    receipts_actual: Decimal
    receipts_expected: Decimal
    running_cost_saving: Decimal
    milestones_due: list[Milestone]
    milestones_overdue: list[Milestone]
    off_target: list[MeasureRow] = field(default_factory=list)

    @property
    def year_label(self) -> str:
        return financial_years.label(self.year)

    @property
    def quarter_label(self) -> str:
        return f"{financial_years.label(financial_years.of_date(self.on))} " + (
            f"Q{financial_years.quarter_of(self.on)}"
        )


def total_of(values) -> Decimal:
    """The sum of the figures that are known; a blank one adds nothing."""
    return sum((v for v in values if v is not None), Decimal(0))


def overview(user, scope: Scope, year: int, on: dt.date) -> Overview:
    """Every headline figure of the overview page (and of one column of the comparison)."""
    mandate_ids = current_mandate_ids(user, scope)
    measures = measure_rows(user, mandate_ids)
    contracts = contracts_in_scope(user, scope)
    renewals = due_for_renewal(contracts, on, RENEWAL_MONTHS)
    assets = list(visible_to(user, Asset.objects.filter(mandate__in=mandate_ids)))
    statuses = Counter(asset.get_status_display() for asset in assets)
    milestones = list(
        visible_to(user, Milestone.objects.filter(mandate__in=mandate_ids)).select_related(
            "division", "mandate__authority"
        )
    )
    quarter = (financial_years.of_date(on), financial_years.quarter_of(on))
    return Overview(
        year=year,
        on=on,
        savings=savings_position(user, scope, year),
        measures=measures,
        rags=rag_counts(measures),
        renewals=renewals,
        renewals_value=total_of(c.total_value for c in renewals),
        assets_by_status=sorted(statuses.items()),
        receipts_actual=total_of(a.actual_receipt for a in assets),
        receipts_expected=total_of(a.expected_receipt for a in assets if a.actual_receipt is None),
        running_cost_saving=total_of(a.running_cost_saving for a in assets),
        milestones_due=[m for m in milestones if (m.year, m.quarter) == quarter],
        milestones_overdue=[m for m in milestones if m.is_overdue(on)],
        off_target=[row for row in measures if row.rag in (Rag.RED, Rag.AMBER)],
    )


@dataclass
class ShareRow:
    label: str
    commissioned: Decimal | None
    direct: Decimal | None
    commissioned_share: Decimal | None
    direct_share: Decimal | None


def commissioned_share(user, scope: Scope) -> dict[int, list[ShareRow]]:
    """Per authority id: each period's commissioned and direct spend and their shares
    (``commissioning.spend.shares_by_period``)."""
    spend = list(
        visible_to(user, DeliveryModelSpend.objects.filter(scope.q())).order_by(
            "authority_id", "start_year"
        )
    )
    by_authority: dict[int, list] = {}
    for row in spend:
        by_authority.setdefault(row.authority_id, []).append(row)
    result: dict[int, list[ShareRow]] = {}
    for authority_id, rows in by_authority.items():
        amounts = {(r.start_year, r.end_year, r.category): r.amount for r in rows}
        labels = {(r.start_year, r.end_year): r.period for r in rows}
        result[authority_id] = [
            ShareRow(
                label=labels[period],
                commissioned=amounts.get((*period, "commissioned")),
                direct=amounts.get((*period, "direct")),
                commissioned_share=percent.get("commissioned"),
                direct_share=percent.get("direct"),
            )
            for period, percent in shares_by_period(rows).items()
        ]
    return result
