"""How an authority compares on a LAIT measure, computed in SQL.

For each (measure, period) row of an area: its value; the mean of its statistical neighbours'
values that exist (and how many of the ten had one) in a named neighbour model; its region,
inner/outer London and England; and its rank among every LA with a value, counting from the
better end for the measure's polarity (1 = best; equal values share a rank). Measures with no
better direction are not ranked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Avg,
    Case,
    Count,
    DecimalField,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    When,
)
from django.db.models import (
    Value as V,
)
from django.db.models.functions import Coalesce

from benchmarks.imports import ENGLAND
from benchmarks.models import Area, Measure, Neighbour, NeighbourModel, Period, Value

FIGURE = DecimalField(max_digits=22, decimal_places=6)
NEIGHBOURS_LISTED = 10


@dataclass(frozen=True)
class Comparison:
    """One measure and period for one area, beside its comparators."""

    measure: Measure
    period: Period
    area: Area
    neighbour_model: NeighbourModel
    value: Decimal | None
    marker: str
    neighbours_mean: Decimal | None
    neighbours_with_value: int
    neighbours_listed: int
    region_value: Decimal | None
    london_part_value: Decimal | None
    england_value: Decimal | None
    rank: int | None
    ranked_out_of: int


def _same_figure(**area_filter) -> QuerySet:
    """Values of the outer row's measure and period, narrowed to some areas."""
    return Value.objects.filter(
        measure=OuterRef("measure"), period=OuterRef("period"), **area_filter
    ).order_by()


def annotated(area: Area, model: NeighbourModel) -> QuerySet:
    """``area``'s values annotated with every comparator (one SQL statement when evaluated)."""
    neighbour_ids = Neighbour.objects.filter(model=model, area=area).values("neighbour_id")
    neighbours = _same_figure(area__in=neighbour_ids, value__isnull=False)
    las = _same_figure(area__kind=Area.Kind.LOCAL_AUTHORITY, value__isnull=False)

    def area_value(area_filter: dict) -> Subquery:
        return Subquery(_same_figure(**area_filter).values("value")[:1], output_field=FIGURE)

    def count(queryset: QuerySet) -> Coalesce:
        counted = Subquery(
            queryset.values("measure").annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        )
        return Coalesce(counted, V(0))

    better_low = count(las.filter(value__lt=OuterRef("value")))
    better_high = count(las.filter(value__gt=OuterRef("value")))
    return (
        Value.objects.filter(area=area)
        .select_related("measure", "period")
        .annotate(
            neighbours_mean=Subquery(
                neighbours.values("measure").annotate(m=Avg("value")).values("m")[:1],
                output_field=FIGURE,
            ),
            neighbours_with_value=count(neighbours),
            region_value=area_value({"area": area.region_id}),
            london_part_value=area_value({"area": area.london_part_id}),
            england_value=area_value({"area__code": ENGLAND}),
            ranked_out_of=count(las),
            rank=Case(
                When(value__isnull=True, then=None),
                When(measure__polarity=Measure.Polarity.LOW, then=better_low + 1),
                When(measure__polarity=Measure.Polarity.HIGH, then=better_high + 1),
                default=None,
                output_field=IntegerField(),
            ),
        )
    )


def _figure(number: Decimal | float | None) -> Decimal | None:
    """A figure to six places whatever the database returned (SQLite averages in floats)."""
    if number is None:
        return None
    return Decimal(str(number)).quantize(Decimal("0.000001"))


def _comparison(row: Value, area: Area, model: NeighbourModel, listed: int) -> Comparison:
    return Comparison(
        measure=row.measure,
        period=row.period,
        area=area,
        neighbour_model=model,
        value=_figure(row.value),
        marker=row.marker,
        neighbours_mean=_figure(row.neighbours_mean),
        neighbours_with_value=row.neighbours_with_value,
        neighbours_listed=listed,
        region_value=_figure(row.region_value) if area.region_id else None,
        london_part_value=_figure(row.london_part_value) if area.london_part_id else None,
        england_value=_figure(row.england_value),
        rank=row.rank,
        ranked_out_of=row.ranked_out_of,
    )


def _listed(area: Area, model: NeighbourModel) -> int:
    return Neighbour.objects.filter(model=model, area=area).count()


def compare(
    area: Area, measure: Measure, period: Period, model: NeighbourModel
) -> Comparison | None:
    """``area`` on ``measure`` in ``period``, or ``None`` when nothing was published for it."""
    row = annotated(area, model).filter(measure=measure, period=period).first()
    return _comparison(row, area, model, _listed(area, model)) if row else None


def latest(
    area: Area, model: NeighbourModel, measures: Iterable[Measure] | None = None
) -> list[Comparison]:
    """Each measure's most recent published period for ``area`` (its value may be missing)."""
    latest_period = Subquery(
        Value.objects.filter(area=area, measure=OuterRef("measure"))
        .order_by("-period__end_year", "-period__start_year", "-period__qualifier")
        .values("period")[:1]
    )
    rows = annotated(area, model).filter(period=latest_period)
    if measures is not None:
        rows = rows.filter(measure__in=list(measures))
    listed = _listed(area, model)
    ordered = rows.order_by("measure__topic", "measure__chart_title")
    return [_comparison(row, area, model, listed) for row in ordered]


def trend(area: Area, measure: Measure, model: NeighbourModel) -> list[Comparison]:
    """``area`` against its comparators in every period ``measure`` was published for it."""
    rows = (
        annotated(area, model)
        .filter(measure=measure)
        .order_by(F("period__end_year"), "period__start_year", "period__qualifier")
    )
    listed = _listed(area, model)
    return [_comparison(row, area, model, listed) for row in rows]


def side_by_side(measure: Measure, areas: list[Area]) -> tuple[list[Period], dict]:
    """Every period of ``measure`` and each chosen area's value in it (missing is ``None``).

    Returns the periods in order and ``{(period_id, area_id): Value}``: one query.
    """
    values = Value.objects.filter(measure=measure, area__in=areas).select_related("period")
    table = {(v.period_id, v.area_id): v for v in values}
    periods = sorted(
        {v.period for v in table.values()}, key=lambda p: (p.end_year, p.start_year, p.qualifier)
    )
    return periods, table
