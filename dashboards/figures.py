"""The dashboards' figures, gathered from the apps' own computations for one scope and year.

Every figure here is asked of the module that owns it (``mandates.status``,
``commissioning.renewals``, ``commissioning.spend``, ``savings.computations``); this module only
selects the records in scope, in a fixed number of queries whatever the number of rows, and
hands them over. Where a figure is a sum or a count over many rows (76,000 contracts, 38,000
savings cells a year at national scale) the database adds them up and only the totals come
back. The overview, the renewals page, the savings totals and the counts of a table's rows are
put together from each owner's part, each kept until a record that owner's readers read
changes (``caching.cached_per_part``); the pickers are ``dashboards.pickers``.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from itertools import islice
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Sum, Window
from django.db.models.functions import ExtractQuarter, ExtractYear, RowNumber

from childrens_services import financial_years
from childrens_services.caching import (
    cached_figures,
    cached_per_authority,
    cached_per_part,
)
from childrens_services.permissions import restrict
from childrens_services.rag import Rag
from commissioning.models import Contract, DeliveryModelSpend
from commissioning.renewals import (
    RENEWAL_ON,
    due_for_renewal_in,
    joint_procurement_candidates_in,
    overdue_without_decision_in,
    undated_in,
    with_renewal_date,
)
from commissioning.spend import shares_by_period
from dashboards.scope import Owner, Scope, owned_q, owner_of
from governance.models import Authority, PartnershipMember
from mandates.models import Asset, Mandate, MeasureActual, Milestone, SuccessMeasure
from mandates.models.milestones import OVERDUE
from mandates.status import measure_judged
from savings import basis as basis_rule
from savings import computations as calc
from savings.models import (
    CapitalProgrammeLine,
    DivisionBudget,
    SavingsLine,
    SavingsProfile,
    SavingsSummary,
)

RENEWAL_MONTHS = 12
RAG_ORDER = ("red", "amber", "green", "none")
RAG_LABELS = {"red": "Red", "amber": "Amber", "green": "Green", "none": "No status"}


def current_mandate_ids(user, scope: Scope) -> list[int]:
    """Each authority's latest mandate (by first year, then newest record) the user can see.

    Rolled-forward versions repeat their sections, so counting every version would count a
    milestone once per version.
    """
    return sorted(current_mandates(user, scope).values())


def current_mandates(user, scope: Scope, among: list[int] | None = None) -> dict[int, int]:
    """``current_mandate_ids`` by the id of the authority each is of (of ``among`` only, if
    given)."""
    mandates = Mandate.objects.filter(scope.q())
    if among is not None:
        mandates = mandates.filter(authority__in=among)
    rows = restrict(user, mandates).values_list("pk", "authority_id", "start_year")
    latest: dict[int, tuple[int, int]] = {}
    for pk, authority_id, start_year in rows:
        if (start_year, pk) > latest.get(authority_id, (-1, -1)):
            latest[authority_id] = (start_year, pk)
    return {authority_id: pk for authority_id, (_start, pk) in latest.items()}


class _MeasureWithLatest:
    """A success measure whose ``latest_actual`` was read with it, so ``measure_judged`` (the one
    RAG rule) can be asked of many measures without a query each."""

    def __init__(self, measure: SuccessMeasure, latest: MeasureActual | None) -> None:
        self._measure = measure
        self._latest = latest

    def __getattr__(self, name: str):
        return getattr(self._measure, name)

    def latest_actual(self) -> MeasureActual | None:
        return self._latest


@dataclass
class MeasureRow:
    measure: SuccessMeasure
    latest: MeasureActual | None
    rag: str
    #: Why it has no status ("no actual recorded", "no target recorded"...), "" if it has one.
    reason: str = ""

    @property
    def benchmark(self):
        """The measure's link to published data, if an officer has made one."""
        return getattr(self.measure, "benchmark", None)

    @property
    def rag_label(self) -> str:
        return RAG_LABELS[self.rag]

    @property
    def status_text(self) -> str:
        """The status as a reader is shown it: "Amber", or "No status (no actual recorded)"."""
        return f"{self.rag_label} ({self.reason})" if self.reason else self.rag_label


def measure_rows(user, mandate_ids: list[int]) -> list[MeasureRow]:
    """Success measures of the given mandates, each with its latest actual and computed RAG.

    Two queries: the measures, each with the id of its latest actual (latest ``as_at``, then
    newest record, as ``SuccessMeasure.latest_actual``), then those actuals.
    """
    return _judged(restrict(user, SuccessMeasure.objects.filter(mandate__in=mandate_ids)))


def measure_rows_listed(user, ids: list[int]) -> list[MeasureRow]:
    """``measure_rows`` of the measures ``ids``, in that order (those the user may see)."""
    rows = {
        row.measure.pk: row
        for row in _judged(restrict(user, SuccessMeasure.objects.filter(pk__in=ids)))
    }
    return [rows[pk] for pk in ids if pk in rows]


def _judged(measures) -> list[MeasureRow]:
    newest = MeasureActual.objects.filter(measure=OuterRef("pk")).order_by("-as_at", "-pk")
    measures = list(
        measures.select_related("mandate__authority", "benchmark").annotate(
            latest_actual_id=Subquery(newest.values("pk")[:1])
        )
    )
    latest = MeasureActual.objects.in_bulk(
        [m.latest_actual_id for m in measures if m.latest_actual_id is not None]
    )
    rows = []
    for measure in measures:
        actual = latest.get(measure.latest_actual_id)
        status, reason = measure_judged(_MeasureWithLatest(measure, actual))
        rows.append(MeasureRow(measure, actual, str(status) if status else "none", reason))
    return rows


def measure_rows_of(
    user, mandates: dict[int, int], authorities: list[int]
) -> dict[int, list[MeasureRow]]:
    """``measure_rows`` of each of ``authorities`` (by id; ``mandates`` gives each authority's
    latest mandate), read together: what a page drawn one authority at a time asks for the
    authorities whose part is not kept."""
    rows: dict[int, list[MeasureRow]] = {pk: [] for pk in authorities}
    for row in measure_rows(user, [mandates[pk] for pk in authorities]):
        rows[row.measure.mandate.authority_id].append(row)
    return rows


def rag_counts(counts: Counter) -> list[tuple[str, str, int]]:
    """``(rag, label, count)`` in the order red, amber, green, no status, from the measures'
    statuses counted (``Counter(row.rag for row in rows)``)."""
    return [(rag, RAG_LABELS[rag], counts.get(rag, 0)) for rag in RAG_ORDER]


def contracts_in_scope(user, scope: Scope):
    """The contracts in scope the user may see, as a queryset for the database to filter."""
    return restrict(user, Contract.objects.filter(scope.contracts_q())).select_related(
        "provider", "authority", "partnership"
    )


def count_per_owner(user, rows, through: str) -> int:
    """``rows.count()`` (a queryset the user may see, of records owned by an authority or a
    partnership ``through`` a relation), added up from each owner's count, each kept under the
    generations of the authorities that read it (``caching.cached_per_part``): after an edit
    in one borough the table pages of every authority count only its rows again. Every owner
    is asked, whatever the page's scope: a borough's savings lines include its partnerships'."""
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:  # e.g. ``pk__in=[]``: nothing to count
        return 0
    owner = (f"{through}authority", f"{through}partnership")

    def count(missing: list[Owner]) -> dict[Owner, int]:
        counted = dict.fromkeys(missing, 0)
        if through:
            # The owners' records (programmes) by id: the planner then reads their rows
            # through the foreign key's index rather than every row (50 ms -> 1 ms).
            relation = through.removesuffix("__")
            owning = rows.model._meta.get_field(relation).related_model
            ids = owning._base_manager.filter(owned_q(missing)).values_list("pk", flat=True)
            theirs = rows.filter(**{f"{relation}__in": list(ids)})
        else:
            theirs = rows.filter(owned_q(missing))
        found = theirs.order_by().values(*owner)
        for authority, partnership, number in found.annotate(number=Count("pk")).values_list(
            *owner, "number"
        ):
            counted[owner_of(authority, partnership)] += number
        return counted

    parts = cached_per_part("rows-of-owner", user, (rows.db, sql, params), Scope().owners(), count)
    return sum(parts.values())


@dataclass
class SavingsPosition:
    """Planned versus delivered for the year, per authority and in total (``calc.Position``)."""

    by_authority: dict[str, calc.Position]
    total: calc.Position | None


def counting_of(user, counting: basis_rule.Counting | None) -> basis_rule.Counting:
    """The page's ``savings.basis.counting`` (asked once per page and handed down), or the
    default basis's."""
    return counting if counting is not None else basis_rule.counting(user)


def savings_position(
    user,
    scope: Scope,
    year: int,
    counting: basis_rule.Counting | None = None,
    authority_ids: list[int] | None = None,
) -> SavingsPosition:
    """Planned (the profile's saving reached in ``year``) against delivered (achieved, else
    forecast), through ``savings.computations.position``, each saving counted once
    (``savings.basis``: an account another paper restates counts only on its basis).

    A profile cell with no delivery figure is left out of delivered and of the shortfall and
    counted instead (``Position.not_recorded``): with no delivery recorded at all, delivered is
    ``None``, not £0 and a 100% shortfall. Read from the summary rows kept as the cells
    change (``savings.summaries``: the amounts, the amounts of cells whose delivery is recorded,
    the count of those whose is not, and the delivered figures, per programme, authority and
    year): one grouped query over a few thousand rows, not 38,000 cells and their records.
    ``authority_ids``, when given, narrows the scope to those authorities.
    """
    counts = counting_of(user, counting).q(programme="programme")
    rows = SavingsSummary.objects.filter(scope.q(), counts, year=year)
    if authority_ids is not None:
        rows = rows.filter(authority__in=authority_ids)
    sums = (
        restrict(user, rows)
        .order_by()
        .values(name=F("authority__short_name"))
        .annotate(
            cells_total=Sum("cells"),
            total=Sum("amount"),
            reported_total=Sum("reported_amount"),
            missing=Sum("unreported_cells"),
            records_total=Sum("records"),
            delivered_total=Sum("delivered"),
            delivered_count=Sum("delivered_records"),
        )
    )
    by_authority = {}
    for row in sorted(sums, key=lambda row: row["name"]):
        if not row["cells_total"] and not row["records_total"]:
            continue
        by_authority[row["name"]] = calc.position(
            row["total"],
            row["reported_total"],
            row["delivered_total"] if row["delivered_count"] else None,
            row["missing"],
        )
    total = calc.combined(by_authority.values()) if by_authority else None
    return SavingsPosition(by_authority=by_authority, total=total)


#: How many of each list the overview names (the counts are of every record).
LISTED = 5
OFF_TARGET_LISTED = 10


@dataclass(frozen=True)
class Listed:
    """One heading of one owner's renewals: how many contracts it holds, and the sort keys
    (``BY_DATE`` or ``BY_REFERENCE`` values, the contract's id last) of its first few."""

    count: int = 0
    first: tuple[tuple, ...] = ()


@dataclass
class Overview:
    """The headline figures of one scope in one year, as at one date (and overdue as at today,
    whichever year is shown: a milestone missed in 2012 is still overdue).

    The lists hold the first few records (soonest, or reddest) and the counts hold them all, so
    the overview of every authority stays a page, and a small cache entry.
    """

    year: int
    on: dt.date
    today: dt.date
    savings: SavingsPosition
    rags: list[tuple[str, str, int]]
    renewals: list[Contract]
    renewals_count: int
    #: The renewing contracts' total value, ``None`` when none has a value recorded, and how
    #: many it leaves out for having none.
    renewals_value: Decimal | None
    renewals_unvalued: int
    assets_by_status: list[tuple[str, int]]
    assets: AssetTotals
    milestones_due_count: int
    milestones_overdue: list[Milestone]
    milestones_overdue_count: int
    off_target: list[MeasureRow] = field(default_factory=list)
    off_target_count: int = 0

    @property
    def year_label(self) -> str:
        return financial_years.label(self.year)

    @property
    def receipts_actual(self) -> Decimal | None:
        return self.assets.actual

    @property
    def receipts_expected(self) -> Decimal | None:
        return self.assets.expected

    @property
    def quarter_label(self) -> str:
        return f"{financial_years.label(financial_years.of_date(self.on))} " + (
            f"Q{financial_years.quarter_of(self.on)}"
        )


@dataclass(frozen=True)
class AssetTotals:
    """Assets' money: each total ``None`` when no asset has the figure recorded, and with it
    how many assets the total leaves out for want of the figure."""

    count: int
    actual: Decimal | None
    expected: Decimal | None
    running: Decimal | None
    actual_missing: int = 0
    expected_missing: int = 0
    running_missing: int = 0


def _sum_known(values: Iterable[Decimal | None]) -> Decimal | None:
    """The sum of the figures recorded, ``None`` when none is (not £0)."""
    known = [value for value in values if value is not None]
    return sum(known, Decimal(0)) if known else None


def added_asset_totals(parts: Iterable[AssetTotals]) -> AssetTotals:
    """Several authorities' ``AssetTotals`` as one: what ``asset_totals`` gives for all their
    assets together."""
    parts = list(parts)
    return AssetTotals(
        count=sum(part.count for part in parts),
        actual=_sum_known(part.actual for part in parts),
        expected=_sum_known(part.expected for part in parts),
        running=_sum_known(part.running for part in parts),
        actual_missing=sum(part.actual_missing for part in parts),
        expected_missing=sum(part.expected_missing for part in parts),
        running_missing=sum(part.running_missing for part in parts),
    )


def asset_totals(assets) -> AssetTotals:
    """Receipts to date, receipts still expected (from assets with no receipt yet) and
    running-cost savings of ``assets``, summed by the database. A blank figure adds nothing and
    is counted as left out; a total no asset has a figure for is ``None``, not £0."""
    return AssetTotals(**assets.order_by().aggregate(**ASSET_SUMS))


#: ``AssetTotals``' fields as the database adds them up.
ASSET_SUMS = {
    "count": Count("pk"),
    "actual": Sum("actual_receipt"),
    "expected": Sum("expected_receipt", filter=Q(actual_receipt=None)),
    "running": Sum("running_cost_saving"),
    "actual_missing": Count("pk", filter=Q(actual_receipt=None)),
    "expected_missing": Count("pk", filter=Q(actual_receipt=None, expected_receipt=None)),
    "running_missing": Count("pk", filter=Q(running_cost_saving=None)),
}


def overview(
    user,
    scope: Scope,
    year: int,
    on: dt.date,
    today: dt.date,
    basis: basis_rule.Basis = basis_rule.DEFAULT,
) -> Overview:
    """Every headline figure of the overview page (and of one column of the comparison),
    cached until a record changes; after an edit in one borough, put together from each
    owner's part (``overview_parts``), of which only that borough's is read again."""
    return cached_figures(
        "overview",
        user,
        (scope.key, year, on, today, basis.value),
        lambda: _overview(user, scope, year, on, today, basis),
        scope.authorities_read(user),
    )


@dataclass(frozen=True)
class OverviewPart:
    """One owner's part of the overview (``overview_parts``): an authority's current mandate,
    savings position in the year, assets, milestones and the contracts it lets that renew; a
    partnership's renewing contracts. Lists are kept as sort keys (the record's id last), so
    the overview's first few are merged from every part's first few."""

    name: str = ""
    mandate: int | None = None
    position: calc.Position | None = None
    renewing: Listed = Listed()
    renewing_value: Decimal | None = None
    renewing_unvalued: int = 0
    assets_by_status: dict[str, int] = field(default_factory=dict)
    assets: AssetTotals | None = None
    milestones_due: int = 0
    overdue: Listed = Listed()
    #: Its current mandate's success measures: how many have each status, and the ids of its
    #: first red and amber ones (no more than the overview lists), in the measures' order.
    rags: dict[str, int] = field(default_factory=dict)
    red: tuple[int, ...] = ()
    amber: tuple[int, ...] = ()


#: How the overview orders overdue milestones: the earliest quarter first.
OVERDUE_ORDER = ("year", "quarter", "pk")


def _overview(
    user, scope: Scope, year: int, on: dt.date, today: dt.date, basis: basis_rule.Basis
) -> Overview:
    counting = basis_rule.counting(user, basis)
    parts = overview_parts(user, scope, year, on, today, counting)
    authorities = sorted(
        (part for (kind, _pk), part in parts.items() if kind == "authority"),
        key=lambda part: part.name,
    )
    rags = sum((Counter(part.rags) for part in authorities), Counter())
    # Red first, then amber, each in the measures' order (their authorities' by name).
    off_target = [pk for part in authorities for pk in part.red]
    off_target += [pk for part in authorities for pk in part.amber]
    by_authority = {part.name: part.position for part in authorities if part.position}
    renewing = merged_first([(owner, part.renewing) for owner, part in parts.items()], LISTED)
    contracts = with_renewal_date(contracts_in_scope(user, scope)).in_bulk(renewing.ids)
    overdue = merged_first([(part.name, part.overdue) for part in authorities], LISTED)
    milestones = restrict(user, Milestone.objects.select_related("mandate__authority"))
    late = milestones.in_bulk(overdue.ids)
    statuses: Counter = Counter()
    for part in authorities:
        statuses.update(part.assets_by_status)
    return Overview(
        year=year,
        on=on,
        today=today,
        savings=SavingsPosition(
            by_authority=by_authority,
            total=calc.combined(by_authority.values()) if by_authority else None,
        ),
        rags=rag_counts(rags),
        renewals=[contracts[pk] for pk in renewing.ids],
        renewals_count=renewing.count,
        renewals_value=_sum_known(part.renewing_value for part in parts.values()),
        renewals_unvalued=sum(part.renewing_unvalued for part in parts.values()),
        assets_by_status=sorted(statuses.items()),
        assets=added_asset_totals(part.assets for part in authorities if part.assets),
        milestones_due_count=sum(part.milestones_due for part in authorities),
        milestones_overdue=[late[pk] for pk in overdue.ids],
        milestones_overdue_count=overdue.count,
        off_target=measure_rows_listed(user, off_target[:OFF_TARGET_LISTED]),
        off_target_count=rags[Rag.RED] + rags[Rag.AMBER],
    )


def overview_parts(
    user, scope: Scope, year: int, on: dt.date, today: dt.date, counting: basis_rule.Counting
) -> dict[Owner, OverviewPart]:
    """Each owner's part of the overview of ``scope`` (``Scope.owners``), each kept under the
    generations of the authorities that read it (``caching.cached_per_part``): the page about
    every authority then reads again, after an edit in one borough, that borough's part (and
    its partnerships'), not 76,000 contracts and 150,000 milestones. The key names the
    counting basis's set-aside cells, as ``summarised_totals`` does."""
    return cached_per_part(
        "overview-of-owner",
        user,
        (year, on, today, counting.key(), LISTED),
        scope.owners(),
        lambda missing: _overview_parts(user, scope, year, on, today, counting, missing),
    )


def _overview_parts(
    user,
    scope: Scope,
    year: int,
    on: dt.date,
    today: dt.date,
    counting: basis_rule.Counting,
    owners: list[Owner],
) -> dict[Owner, OverviewPart]:
    """The parts of ``owners``, each figure read for all of them in one grouped query."""
    ids = [pk for kind, pk in owners if kind == "authority"]
    names = dict(Authority.objects.filter(pk__in=ids).values_list("pk", "short_name"))
    mandates = current_mandates(user, scope, among=ids)
    positions = savings_position(user, scope, year, counting, ids).by_authority
    judged = measure_rows_of(user, mandates, list(mandates))

    contracts = contracts_in_scope(user, scope).filter(owned_q(owners)).order_by()
    due = due_for_renewal_in(contracts, on, RENEWAL_MONTHS).order_by()
    sums = due.values("authority", "partnership").annotate(
        value=Sum("total_value"), unvalued=Count("pk", filter=Q(total_value=None))
    )
    values = {
        owner_of(row["authority"], row["partnership"]): (row["value"], row["unvalued"])
        for row in sums
    }
    renewing = first_of_each(due, ("authority", "partnership"), BY_DATE, LISTED)

    assets = restrict(user, Asset.objects.filter(mandate__in=list(mandates.values()))).order_by()
    status_names = dict(Asset.Status.choices)
    statuses: dict[int, Counter] = defaultdict(Counter)
    for pk, status, count in (
        assets.values("mandate__authority", "status")
        .annotate(count=Count("pk"))
        .values_list("mandate__authority", "status", "count")
    ):
        statuses[pk][status_names.get(status, status)] += count
    money = {
        row.pop("mandate__authority"): AssetTotals(**row)
        for row in assets.values("mandate__authority").annotate(**ASSET_SUMS)
    }

    milestones = restrict(
        user, Milestone.objects.filter(mandate__in=list(mandates.values()))
    ).order_by()
    quarter = {"year": financial_years.of_date(on), "quarter": financial_years.quarter_of(on)}
    due_now = dict(
        milestones.filter(**quarter)
        .values("mandate__authority")
        .annotate(count=Count("pk"))
        .values_list("mandate__authority", "count")
    )
    overdue = first_of_each(
        milestones.filter(Milestone.overdue_q(today)),
        ("mandate__authority",),
        OVERDUE_ORDER,
        LISTED,
    )

    parts = {}
    for owner in owners:
        kind, pk = owner
        key = (None, pk) if kind == "partnership" else (pk, None)
        value, unvalued = values.get(owner, (None, 0))
        common = {
            "renewing": renewing.get(key, Listed()),
            "renewing_value": value,
            "renewing_unvalued": unvalued,
        }
        if kind == "partnership":
            parts[owner] = OverviewPart(**common)
            continue
        name = names.get(pk, "")
        parts[owner] = OverviewPart(
            name=name,
            mandate=mandates.get(pk),
            position=positions.get(name),
            assets_by_status=dict(statuses.get(pk, {})),
            assets=money.get(pk),
            milestones_due=due_now.get(pk, 0),
            overdue=overdue.get((pk,), Listed()),
            rags=dict(Counter(row.rag for row in judged.get(pk, []))),
            red=_first_ids(judged.get(pk, []), Rag.RED),
            amber=_first_ids(judged.get(pk, []), Rag.AMBER),
            **common,
        )
    return parts


def _first_ids(rows: list[MeasureRow], rag: Rag) -> tuple[int, ...]:
    """The ids of the first measures of ``rows`` with status ``rag``, as many as are listed."""
    return tuple(row.measure.pk for row in rows if row.rag == rag)[:OFF_TARGET_LISTED]


def first_of_each(
    rows, each: tuple[str, ...], order: tuple[str, ...], listed: int
) -> dict[tuple, Listed]:
    """For each value of the columns ``each`` among ``rows``: how many rows have it and the
    sort keys (the values of ``order``, the row's id last) of its first ``listed`` in that
    order, in one query however many values there are (the database numbers each value's
    rows and only the first few come back)."""
    partition = [F(name) for name in each]
    ranked = rows.annotate(
        counted=Window(Count("pk"), partition_by=partition),
        place=Window(RowNumber(), partition_by=partition, order_by=[F(n).asc() for n in order]),
    ).filter(place__lte=listed)
    found: dict[tuple, tuple[int, list[tuple]]] = {}
    width = len(each)
    for row in ranked.values_list(*each, "counted", *order):
        count, keys = found.setdefault(tuple(row[:width]), (row[width], []))
        keys.append(tuple(row[width + 1 :]))
    return {
        key: Listed(count=count, first=tuple(sorted(keys))) for key, (count, keys) in found.items()
    }


@dataclass(frozen=True)
class Merged:
    """Several ``Listed`` as one: the count of them all, the ids of the first few, and whose
    part each of those came from."""

    count: int
    ids: list[int]
    whose: dict[int, Any]


def merged_first(parts: list[tuple[Any, Listed]], listed: int) -> Merged:
    """The first ``listed`` of several parts' first few (each ``(whose, Listed)``), in their
    order, and the sum of their counts. Each part's keys are sorted, so a merge keeps the
    order; keys are compared in Python's order, which is the database's for the C collation
    Postgres is created with here and for SQLite."""
    keys = heapq.merge(*([(key, whose) for key in part.first] for whose, part in parts))
    first = list(islice(keys, listed))
    return Merged(
        count=sum(part.count for _whose, part in parts),
        ids=[key[-1] for key, _whose in first],
        whose={key[-1]: whose for key, whose in first},
    )


@dataclass
class ShareRow:
    label: str
    commissioned: Decimal | None
    direct: Decimal | None
    commissioned_share: Decimal | None
    direct_share: Decimal | None


@dataclass(frozen=True)
class ShareCompared:
    """An authority's line where many are compared: its first and latest periods with spend
    recorded, and how far its commissioned share moved between them."""

    first: ShareRow
    latest: ShareRow
    periods: int

    @classmethod
    def of(cls, rows: list[ShareRow]) -> ShareCompared:
        """From an authority's ``ShareRow``s, in period order (``commissioned_share``)."""
        return cls(first=rows[0], latest=rows[-1], periods=len(rows))

    @property
    def change(self) -> Decimal | None:
        """Percentage points from the first period's commissioned share to the latest's; none
        with one period only, or where either share is not recorded."""
        first, latest = self.first.commissioned_share, self.latest.commissioned_share
        if self.periods < 2 or first is None or latest is None:
            return None
        return latest - first


def spend_in_scope(user, scope: Scope):
    """The spend by delivery model in scope that the user may see."""
    return restrict(user, DeliveryModelSpend.objects.filter(scope.q()))


def authorities_with_spend(user, scope: Scope) -> list[int]:
    """The ids of the authorities in scope with spend by delivery model, in id order."""
    rows = spend_in_scope(user, scope).order_by("authority_id")
    return list(rows.values_list("authority_id", flat=True).distinct())


def commissioned_share(
    user, scope: Scope, authority_ids: list[int] | None = None
) -> dict[int, list[ShareRow]]:
    """Per authority id (of ``authority_ids`` only, if given): each period's commissioned and
    direct spend and their shares (``commissioning.spend.shares_by_period``)."""
    spend = spend_in_scope(user, scope)
    if authority_ids is not None:
        spend = spend.filter(authority_id__in=authority_ids)
    spend = list(spend.order_by("authority_id", "start_year"))
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


# The dashboards' table pages: each narrows the rows the user may see (already ``restrict``-ed
# by the shared list view) to the scope, and sums what the page prints above them.


def scoped_contracts(contracts, user, scope: Scope):
    """Contracts in scope: an authority's own; a partnership's own and its members'."""
    return contracts.filter(scope.contracts_q()).select_related(
        "provider", "authority", "partnership"
    )


def scoped_assets(assets, user, scope: Scope):
    """Assets of each authority's latest mandate in scope (earlier versions repeat them)."""
    mandates = current_mandate_ids(user, scope)
    return assets.filter(mandate__in=mandates).select_related("mandate__authority")


def scoped_savings_lines(lines, user, scope: Scope, counting: basis_rule.Counting | None = None):
    """Lines with an amount that counts (``savings.basis``) for an authority in scope; EXISTS
    rather than a join and DISTINCT over every column of the line."""
    counting = counting_of(user, counting)
    counted = SavingsProfile.objects.filter(scope.q(), counting.q(), line=OuterRef("pk"))
    if scope.authority_ids is None:
        # Everything: a line with no amounts yet is listed; one whose every amount is set
        # aside is not. Only a programme the basis sets aside for someone can have such a
        # line, so only its lines are looked into, in a subquery the planner hashes (counting
        # 153,000 lines at national scale: 0.7-1.3 s, most of it JIT-compiling a per-line
        # EXISTS it costed at 1.4 million, -> under 0.1 s).
        aside = sorted({s.programme for s in counting.aside})
        kept = SavingsLine.objects.filter(programme__in=aside).filter(
            Exists(counted) | ~Exists(SavingsProfile.objects.filter(line=OuterRef("pk")))
        )
        lines = lines.filter(~Q(programme__in=aside) | Q(pk__in=kept.values("pk")))
    else:
        lines = lines.filter(Exists(counted))
    return lines.select_related("programme__partnership", "programme__authority")


def programmes_taking_part(programmes, scope: Scope):
    """The programmes the authorities in scope take part in, their own and their partnerships'
    (ten for one borough, not every programme in the country): only those can hold figures
    for them. ``programmes`` is already narrowed to what the user may see.

    Asked only for a scope of chosen authorities: across every authority the page offers no
    list (1,530 programmes nationally, which nobody picks from and which took 190 ms to draw;
    ``generic.offer_under``)."""
    ids = scope.authority_ids
    partnerships = PartnershipMember.objects.filter(authority__in=ids).values("partnership")
    return programmes.filter(Q(authority__in=ids) | Q(partnership__in=partnerships))


def savings_lines_by_year(
    lines,
    user,
    scope: Scope,
    counting: basis_rule.Counting | None = None,
    years: list[int] | None = None,
) -> dict:
    """The savings lines table's amounts: for each year any of ``lines`` has an amount in
    scope (``years``, when the page's totals already know them), each line's amount (the
    saving reached against the base, as the totals above the table count it: on the page's
    basis, ``savings.basis``) summed over the authorities in scope the user may read,
    annotated as ``amount_<year>`` (``None`` where the line has none that year). Returned as
    the table's keyword arguments (``data``, ``years``), so the database sums only the rows
    drawn and sorts by a year's amount itself."""
    counts = counting_of(user, counting).q()
    amounts = restrict(user, SavingsProfile.objects.filter(scope.q(), counts)).order_by()
    if years is None:
        in_lines = amounts.filter(line__in=lines.order_by().values("pk"))
        years = sorted(in_lines.values_list("year", flat=True).distinct())
    per_year = {
        f"amount_{year}": Subquery(
            amounts.filter(line=OuterRef("pk"), year=year)
            .values("line")
            .annotate(total=Sum("amount"))
            .values("total")
        )
        for year in years
    }
    return {"data": lines.annotate(**per_year), "years": years}


def assets_summary(user, scope: Scope, year: int, assets) -> dict:
    """What the assets page prints above its table: the filtered assets' money."""
    return {"totals": asset_totals(assets)}


@dataclass
class SavingsTotals:
    """The savings page's totals above its lines: by year, and by confidence, funding and
    authority across the years, with the chosen year's position."""

    years: list[int]
    by_year: dict[int, Decimal]
    groupings: list[tuple[str, str, list[tuple[str, list[Decimal | None]]]]]
    position: SavingsPosition
    counting: basis_rule.Counting
    programmes: list[str]
    #: Each authority's part (``AuthoritySavings``) in the order of the by-authority table,
    #: and what else they were read for (the key of their cached parts); ``None`` when the
    #: totals were added up from the cells.
    authorities: list[tuple[int, AuthoritySavings]] | None = None
    parts: tuple = ()


@dataclass(frozen=True)
class AuthoritySavings:
    """One authority's part of the savings page's totals, read from its summary rows only:
    its sums by each of ``TOTALLED_BY`` (``totalled``), the names of the programmes they come from,
    and its planned-and-delivered position in the page's year (``None``: none recorded)."""

    name: str
    sums: dict[tuple[str, ...], dict[tuple, Decimal]]
    programmes: frozenset[str]
    position: calc.Position | None


#: What the savings page totals its amounts by: each year, and each confidence, funding and
#: authority by year.
TOTALLED_BY = (("year",), ("confidence", "year"), ("funding", "year"), ("authority", "year"))


def totalled(cells: list[calc.Amount]) -> dict[tuple[str, ...], dict[tuple, Decimal]]:
    """``cells`` summed by each of ``TOTALLED_BY`` (``calc.totals``)."""
    return {keys: calc.totals(cells, *keys) for keys in TOTALLED_BY}


#: The savings page's filters the summary rows can answer (``SavingsLineFilterSet``); any
#: other (a line's wording, budget status or method) is answered from the cells.
SUMMARISED_FILTERS = frozenset({"programme", "confidence", "funding"})


def summary_rows(user, scope: Scope, counting: basis_rule.Counting, summarised: dict):
    """The summary rows (``savings.summaries``) with cells behind them that count in scope on
    the basis, for the savings page's ``summarised`` filters, as the user may read them."""
    return restrict(
        user,
        SavingsSummary.objects.filter(
            scope.q(), counting.q(programme="programme"), cells__gt=0, **summarised
        ),
    ).order_by()


def savings_totals(
    user,
    scope: Scope,
    year: int,
    lines,
    counting: basis_rule.Counting | None = None,
    summarised: dict | None = None,
) -> SavingsTotals:
    """The amounts of ``lines`` that count on the page's basis (``counting``) summed per
    (year, confidence, funding, authority); ``calc.totals`` adds those up as it would the
    cells. ``summarised``, the page's filters when all are in ``SUMMARISED_FILTERS``, reads
    them from the summary rows (``savings.summaries``) instead of adding up the cells, each
    authority's part on its own (``summarised_totals``)."""
    counting = counting_of(user, counting)
    if summarised is not None:
        return summarised_totals(user, scope, year, counting, summarised)
    counted = restrict(
        user,
        SavingsProfile.objects.filter(
            scope.q(), counting.q(), line__in=lines.order_by().values("pk")
        ),
    ).order_by()
    sums = counted.values(
        "year",
        confidence=F("line__confidence"),
        funding=F("line__funding"),
        name=F("authority__short_name"),
    ).annotate(total=Sum("amount"))
    cells = [_amount(row["name"], row) for row in sums]
    programme_names = counted.values_list("line__programme__name", flat=True).distinct()
    position = savings_position(user, scope, year, counting)
    return _totals(totalled(cells), position, counting, scope, programme_names)


def _amount(authority: str, row: dict) -> calc.Amount:
    """One grouped row of amounts (a year, a line confidence and funding) as a cell."""
    confidence = dict(SavingsLine.Confidence.choices)
    funding = dict(SavingsLine.Funding.choices)
    return calc.Amount(
        line="",
        authority=authority,
        year=row["year"],
        amount=row["total"],
        confidence=confidence.get(row["confidence"], row["confidence"]) or "Not stated",
        funding=funding.get(row["funding"], row["funding"]),
    )


def summarised_totals(
    user, scope: Scope, year: int, counting: basis_rule.Counting, summarised: dict
) -> SavingsTotals:
    """``savings_totals`` from the summary rows, added up from each authority's part
    (``AuthoritySavings``), each read and kept under its own authority's generation
    (``caching.cached_per_authority``): after an edit in one borough only its part is read
    again. The key names the counting basis's set-aside cells, so a change to the overlaps
    between programmes reads every part again."""
    authorities = Authority.objects.all()
    if scope.authority_ids is not None:
        authorities = authorities.filter(pk__in=scope.authority_ids)
    names = dict(authorities.values_list("pk", "short_name"))
    asked = sorted((name, getattr(value, "pk", value)) for name, value in summarised.items())
    parts = (scope.key, year, asked, counting.key())
    found = cached_per_authority(
        "savings-sums-of-authority",
        user,
        parts,
        names,
        lambda missing: savings_of_authorities(
            user, scope, year, counting, summarised, {pk: names[pk] for pk in missing}
        ),
    )
    authorities = sorted(found.items(), key=lambda item: item[1].name)
    by_authority = {
        part.name: part.position for _, part in authorities if part.position is not None
    }
    position = SavingsPosition(
        by_authority=by_authority,
        total=calc.combined(by_authority.values()) if by_authority else None,
    )
    sums = {keys: calc.added(part.sums[keys] for _, part in authorities) for keys in TOTALLED_BY}
    programmes = set().union(*(part.programmes for _, part in authorities))
    totals = _totals(sums, position, counting, scope, programmes)
    totals.authorities = authorities
    totals.parts = parts
    return totals


def savings_of_authorities(
    user,
    scope: Scope,
    year: int,
    counting: basis_rule.Counting,
    summarised: dict,
    names: dict[int, str],
) -> dict[int, AuthoritySavings]:
    """Each authority's part of the savings page's totals (``AuthoritySavings``; ``names``,
    their short names by id), from the summary rows in three grouped queries however many
    authorities are asked for."""
    counted = summary_rows(user, scope, counting, summarised).filter(authority__in=list(names))
    sums = counted.values("authority", "year", "confidence", "funding").annotate(
        total=Sum("amount")
    )
    cells = defaultdict(list)
    for row in sums:
        cells[row["authority"]].append(_amount(names[row["authority"]], row))
    programmes = defaultdict(set)
    for pk, name in counted.values_list("authority", "programme__name").distinct():
        programmes[pk].add(name)
    positions = savings_position(user, scope, year, counting, list(names)).by_authority
    return {
        pk: AuthoritySavings(
            name=name,
            sums=totalled(cells[pk]),
            programmes=frozenset(programmes[pk]),
            position=positions.get(name),
        )
        for pk, name in names.items()
    }


def _totals(
    sums: dict[tuple[str, ...], dict[tuple, Decimal]],
    position: SavingsPosition,
    counting: basis_rule.Counting,
    scope: Scope,
    programme_names,
) -> SavingsTotals:
    """The page's totals from its cells' sums (``totalled``: by year, then by confidence,
    funding and authority across the years), with the year's position and the names of the
    programmes counted."""
    by_year = sums[("year",)]
    years = sorted(year for (year,) in by_year)
    groupings = []
    for key, heading in (
        ("confidence", "By confidence"),
        ("funding", "By funding"),
        ("authority", "By authority"),
    ):
        grouped = sums[(key, "year")]
        names = sorted({k[0] for k in grouped})
        rows = [(name, [grouped.get((name, y)) for y in years]) for name in names]
        groupings.append((heading, key, rows))
    return SavingsTotals(
        years=years,
        by_year={y: by_year[(y,)] for y in years},
        groupings=groupings,
        position=position,
        counting=counting.within(scope.authority_ids),
        programmes=sorted(programme_names),
    )


@dataclass
class Renewals:
    """The renewals page: contracts falling due in the window by quarter, those past their
    date with no decision, those whose renewal is given only in words, and the candidates for
    joint procurement. Each heading counts every contract and lists the first ``listed``:
    their ids (``renewal_headings``), or what ``listing`` made of them (the contracts, their
    rows drawn). ``owners`` maps each listed id to its owner and ``readers`` each owner to
    the authorities whose generations count a change to its records."""

    quarters: list[tuple[str, int, list]]
    overdue: list
    overdue_count: int
    undated: list
    undated_count: int
    joint: list
    joint_count: int
    owners: dict[int, Owner] = field(default_factory=dict)
    readers: dict[Owner, frozenset[int]] = field(default_factory=dict)

    @property
    def quarter_counts(self) -> dict[str, int]:
        return {label: count for label, count, _contracts in self.quarters}

    def listed(self) -> list:
        """Every item listed, under whichever heading."""
        headings = [*(shown for _, _, shown in self.quarters), self.overdue, self.undated]
        return [item for heading in [*headings, self.joint] for item in heading]

    def listing(self, made: Callable) -> Renewals:
        """The same headings with each listed item ``x`` replaced by ``made(x)``."""
        return replace(
            self,
            quarters=[
                (label, count, list(map(made, shown))) for label, count, shown in self.quarters
            ],
            overdue=list(map(made, self.overdue)),
            undated=list(map(made, self.undated)),
            joint=list(map(made, self.joint)),
        )


#: How each heading's contracts are ordered: soonest first (ties by reference), or by reference.
BY_DATE = (RENEWAL_ON, "reference", "pk")
BY_REFERENCE = ("reference", "pk")


@dataclass(frozen=True)
class RenewalPart:
    """One owner's part of the renewals page (``renewal_parts``): each quarter of the window
    by (financial year, quarter), and the three headings past the window."""

    quarters: dict[tuple[int, int], Listed]
    overdue: Listed
    undated: Listed
    joint: Listed


def renewals(user, scope: Scope, on: dt.date, months: int, listed: int) -> Renewals:
    """``renewal_headings`` with the listed contracts themselves, read in one query with their
    forecasts and renewal dates."""
    found = renewal_headings(user, scope, on, months, listed)
    return found.listing(listed_contracts(user, scope, found.listed()).__getitem__)


def listed_contracts(user, scope: Scope, ids: list[int]) -> dict[int, Contract]:
    """The contracts of ``ids`` in scope as the renewals page lists them, by id: with their
    forecasts, and their renewal dates annotated so each reads its own back."""
    contracts = with_renewal_date(contracts_in_scope(user, scope))
    return contracts.prefetch_related("forecasts").in_bulk(ids)


def renewal_headings(user, scope: Scope, on: dt.date, months: int, listed: int) -> Renewals:
    """The contracts in scope the user may see as the renewals page shows them, by id: each
    heading counts them all and lists the first ``listed``.

    Put together from each owner's part (``renewal_parts``), each kept under the generations
    of the authorities that read it (``caching.cached_per_part``): after an edit in one borough
    only its part (and its partnerships') is read again, not the 76,000 contracts of the
    register. The first ``listed`` of a heading are among the first ``listed`` of each owner,
    and its count is the sum of theirs (``merged_first``)."""
    contracts = contracts_in_scope(user, scope)
    readers = scope.owners()
    parts = cached_per_part(
        "renewals-of-owner",
        user,
        (on, months, listed),
        readers,
        lambda missing: renewal_parts(contracts, missing, on, months, listed),
    )
    owners: dict[int, Owner] = {}

    def merged(headings: list[tuple[Owner, Listed]]) -> tuple[int, list[int]]:
        first = merged_first(headings, listed)
        owners.update(first.whose)
        return first.count, first.ids

    in_quarters: dict[tuple[int, int], list[tuple[Owner, Listed]]] = defaultdict(list)
    for owner, part in parts.items():
        for quarter, heading in part.quarters.items():
            in_quarters[quarter].append((owner, heading))
    quarters = {quarter: merged(in_quarters[quarter]) for quarter in sorted(in_quarters)}
    overdue, undated, joint = (
        merged([(owner, getattr(part, name)) for owner, part in parts.items()])
        for name in ("overdue", "undated", "joint")
    )
    return Renewals(
        quarters=[
            (f"{financial_years.label(year)} Q{number}", count, pks)
            for (year, number), (count, pks) in quarters.items()
        ],
        overdue=overdue[1],
        overdue_count=overdue[0],
        undated=undated[1],
        undated_count=undated[0],
        joint=joint[1],
        joint_count=joint[0],
        owners=owners,
        readers=readers,
    )


def renewal_parts(
    contracts, owners: list[Owner], on: dt.date, months: int, listed: int
) -> dict[Owner, RenewalPart]:
    """Each of ``owners``' part of the renewals page (``RenewalPart``), from ``contracts`` (a
    queryset in scope the user may see), in four queries however many owners are asked for:
    the database counts each owner's contracts under each heading (and each quarter) and
    numbers them in the heading's order, and only the first ``listed`` of each come back."""
    theirs = contracts.filter(owned_q(owners)).order_by()
    found: dict[str, dict[Owner, dict[tuple, Listed]]] = {}

    def first(name: str, rows, order: tuple[str, ...], *within: str) -> None:
        """The first ``listed`` of ``rows`` in ``order`` for each owner (and ``within``),
        with their count."""
        kept = found[name] = defaultdict(dict)
        each = ("authority", "partnership", *within)
        for (authority, partnership, *key), heading in first_of_each(
            rows, each, order, listed
        ).items():
            kept[owner_of(authority, partnership)][tuple(key)] = heading

    # A calendar quarter is a financial one (April to June is 2011/12 Q1, the calendar's Q2),
    # so the database partitions by calendar quarter and each key is named financially below.
    due = due_for_renewal_in(theirs, on, months).annotate(
        renewal_year=ExtractYear(RENEWAL_ON), renewal_quarter=ExtractQuarter(RENEWAL_ON)
    )
    first("due", due, BY_DATE, "renewal_year", "renewal_quarter")
    first("overdue", overdue_without_decision_in(theirs, on), BY_DATE)
    first("undated", undated_in(theirs), BY_REFERENCE)
    first("joint", joint_procurement_candidates_in(theirs), BY_REFERENCE)

    def listed_of(name: str, owner: Owner, key: tuple = ()) -> Listed:
        return found[name].get(owner, {}).get(key, Listed())

    def quarter_of(key: tuple) -> tuple[int, int]:
        day = key[0]  # the first listed contract's renewal date
        return financial_years.of_date(day), financial_years.quarter_of(day)

    return {
        owner: RenewalPart(
            quarters={
                quarter_of(heading.first[0]): heading
                for heading in (listed_of("due", owner, key) for key in found["due"].get(owner, {}))
            },
            overdue=listed_of("overdue", owner),
            undated=listed_of("undated", owner),
            joint=listed_of("joint", owner),
        )
        for owner in owners
    }


@dataclass
class Profile:
    """A savings line's profile: per authority (short name), its amount in each year."""

    years: list[int]
    rows: list[tuple[str, list[Decimal | None]]]


def line_profile(line: SavingsLine) -> Profile:
    """``line``'s amounts as a grid of authorities by years, in one query."""
    amounts = line.amounts.select_related("authority").order_by("authority__name", "year")
    grid: dict[str, dict[int, Decimal]] = defaultdict(dict)
    years: set[int] = set()
    for amount in amounts:
        grid[amount.authority.short_name][amount.year] = amount.amount
        years.add(amount.year)
    ordered = sorted(years)
    return Profile(
        years=ordered,
        rows=[(name, [cells.get(y) for y in ordered]) for name, cells in grid.items()],
    )


def share_by_authority(
    user, scope: Scope, authority_ids: list[int] | None = None
) -> list[tuple[Authority, list[ShareRow]]]:
    """``commissioned_share`` with each authority's record in place of its id."""
    shares = commissioned_share(user, scope, authority_ids)
    names = Authority.objects.in_bulk(list(shares))
    return [(names[authority_id], rows) for authority_id, rows in shares.items()]


@dataclass
class MilestoneGrid:
    """The year's milestones as rows of (authority, division) by quarter, and the overdue."""

    rows: list[tuple[str, str, list[list[Milestone]]]]
    overdue: set[int]
    overdue_earlier: list[Milestone]
    count: int
    #: Whose milestones these are, where the grid is one authority's (``milestone_grids``).
    authority: Authority | None = None

    def by_status(self) -> list[tuple[str, str, int]]:
        """``(status, label, count)`` of the year's milestones, for every status in the order
        the mandate's status choices give (none left out, so authorities line up)."""
        counts = Counter(m.status for _a, _d, cells in self.rows for cell in cells for m in cell)
        return [(status, label, counts[status]) for status, label in Milestone.Status.choices]


def milestone_grid(user, scope: Scope, year: int, today: dt.date) -> MilestoneGrid:
    """Milestones of each authority's latest mandate in scope: the year's in a grid of
    divisions by quarter with those overdue today marked, and those still overdue from
    earlier years."""
    mandates = current_mandate_ids(user, scope)
    return _grid(_milestones_shown(user, mandates, year, today), year, today)


def milestone_grids(
    user, mandates: list[int], year: int, today: dt.date
) -> dict[int, MilestoneGrid]:
    """``milestone_grid`` of each authority (by id) with a milestone shown in ``mandates``:
    the page draws and keeps each authority's part on its own."""
    by_authority: dict[int, list[Milestone]] = defaultdict(list)
    for milestone in _milestones_shown(user, mandates, year, today):
        by_authority[milestone.mandate.authority_id].append(milestone)
    return {
        pk: replace(_grid(every, year, today), authority=every[0].mandate.authority)
        for pk, every in by_authority.items()
    }


def _milestones_shown(user, mandates: list[int], year: int, today: dt.date) -> list[Milestone]:
    """The year's milestones of ``mandates`` and those of earlier years overdue ``today``, in
    the order the page lists them; not the later years' nor the earlier years' done (most of
    every mandate's milestones)."""
    shown = Q(year=year) | Q(year__lt=year, **{OVERDUE: True})
    return list(
        restrict(user, Milestone.objects.filter(mandate__in=mandates))
        .with_overdue(today)
        .filter(shown)
        .select_related("division__authority", "mandate__authority")
        .order_by("year", "quarter", "division__name", "position", "pk")
    )


def _grid(every: list[Milestone], year: int, today: dt.date) -> MilestoneGrid:
    milestones = [m for m in every if m.year == year]
    grid: dict[tuple[str, str], dict[int, list[Milestone]]] = defaultdict(lambda: defaultdict(list))
    for milestone in milestones:
        key = (milestone.division.authority.short_name, milestone.division.name)
        grid[key][milestone.quarter].append(milestone)
    return MilestoneGrid(
        rows=[
            (authority, division, [cells.get(q, []) for q in (1, 2, 3, 4)])
            for (authority, division), cells in sorted(grid.items())
        ],
        overdue={m.pk for m in milestones if m.is_overdue(today)},
        overdue_earlier=[m for m in every if m.year < year and m.is_overdue(today)],
        count=len(milestones),
    )


@dataclass
class Budgets:
    """The year's net budgets and FTE by division, and capital programme lines, with totals."""

    budgets: list[DivisionBudget]
    budget_total: Decimal | None
    fte_total: Decimal | None
    capital: list[CapitalProgrammeLine]
    capital_total: Decimal | None


def budgets(user, scope: Scope, year: int) -> Budgets:
    """Division budgets and capital lines in scope for ``year`` the user may see."""
    division_budgets = list(
        restrict(
            user, DivisionBudget.objects.filter(scope.q("division__authority"), year=year)
        ).select_related("division__authority")
    )
    capital = list(
        restrict(user, CapitalProgrammeLine.objects.filter(scope.q(), year=year)).select_related(
            "authority"
        )
    )
    return Budgets(
        budgets=division_budgets,
        budget_total=calc.column_total(b.net_budget for b in division_budgets),
        fte_total=calc.column_total(b.fte for b in division_budgets),
        capital=capital,
        capital_total=calc.column_total(c.amount for c in capital),
    )


def _planned(o: Overview) -> Decimal | None:
    return o.savings.total.planned if o.savings.total else None


def _delivered(o: Overview) -> Decimal | None:
    return o.savings.total.delivered if o.savings.total else None


def _shortfall(o: Overview) -> Decimal | None:
    return o.savings.total.shortfall if o.savings.total else None


def _undelivered(o: Overview) -> int:
    return o.savings.total.not_recorded if o.savings.total else 0


#: The measures set side by side on the comparison page: (label, how to read it, kind, what a
#: missing figure means). A figure nobody recorded reads ``None`` and is shown as not recorded
#: with that reason; the counts of what was left out stand beside the totals.
COMPARED = [
    ("Savings planned this year", _planned, "money", "no savings profile for the year"),
    ("Savings delivered this year", _delivered, "money", "no delivery recorded"),
    ("Savings shortfall against recorded delivery", _shortfall, "money", "no delivery recorded"),
    ("Savings with no delivery recorded", _undelivered, "count", ""),
    ("Success measures red", lambda o: o.rags[0][2], "count", ""),
    ("Success measures amber", lambda o: o.rags[1][2], "count", ""),
    ("Success measures green", lambda o: o.rags[2][2], "count", ""),
    ("Success measures with no status", lambda o: o.rags[3][2], "count", ""),
    ("Contracts renewing in the next 12 months", lambda o: o.renewals_count, "count", ""),
    ("Value of contracts renewing", lambda o: o.renewals_value, "money", "no value recorded"),
    ("Contracts renewing with no value recorded", lambda o: o.renewals_unvalued, "count", ""),
    ("Asset receipts to date", lambda o: o.assets.actual, "money", "no receipt recorded"),
    (
        "Asset receipts expected",
        lambda o: o.assets.expected,
        "money",
        "no expected receipt recorded",
    ),
    ("Milestones due this quarter", lambda o: o.milestones_due_count, "count", ""),
    ("Milestones overdue", lambda o: o.milestones_overdue_count, "count", ""),
]


def comparison(overviews: list[Overview]) -> list[tuple[str, str, str, list]]:
    """Each compared measure as (label, kind, reason when missing, one value per overview)."""
    return [
        (label, kind, reason, [read(o) for o in overviews])
        for label, read, kind, reason in COMPARED
    ]
