"""Comparisons: the neighbour mean, the region, London and England, ranks, and the trend."""

from __future__ import annotations

from decimal import Decimal

import pytest

from benchmarks import comparisons
from benchmarks.imports import import_measures, import_values
from benchmarks.models import Area, Measure, NeighbourModel, Period

#: Real rows of lait_values.csv.gz: CPPlans2yrs (lower is better), 2025, for H&F, its 2025
#: neighbours (RBKC suppressed), two London boroughs that are not its neighbours, England and
#: London. By hand: the nine neighbours with a value sum to 61.2, so their mean is 6.8.
CPP_2YRS_2025 = [
    ("302", "5.5"),
    ("202", "3.6"),
    ("306", "9.6999999999999993"),
    ("205", "-"),
    ("309", "4.7"),
    ("310", "7.4"),
    ("206", "5.3"),
    ("207", "-"),
    ("208", "6.7"),
    ("209", "8.6"),
    ("210", "1.5"),
    ("212", "15.6"),
    ("213", "-"),
    ("970", "4.4000000000000004"),
    ("986", "5.5"),
    ("987", "4.2"),
    ("988", "6.2"),
]
#: H&F's 2025 statistical neighbours as the DfE lists them (README of the data), closest first.
HF_NEIGHBOURS_2025 = ["208", "207", "209", "210", "212", "202", "302", "309", "306", "206"]


@pytest.fixture
def loaded(reference, measures_file, values_file):
    import_measures(measures_file)
    rows = [("CPPlans2yrs", "2025", code, value) for code, value in CPP_2YRS_2025]
    import_values(values_file(rows))
    areas, models = reference
    return areas, models


def test_the_neighbour_mean_is_the_mean_of_exactly_the_2025_neighbours_with_a_value(loaded):
    areas, models = loaded
    hf = areas["205"]
    listed = hf_neighbour_codes(hf, models[2025])
    assert listed == HF_NEIGHBOURS_2025

    comparison = comparisons.compare(
        hf, Measure.objects.get(short_name="CPPlans2yrs"), Period.objects.get(label="2025"),
        models[2025],
    )  # fmt: skip

    published = {code: Decimal(v) for code, v in CPP_2YRS_2025 if v != "-"}
    with_value = [published[code] for code in listed if code in published]
    expected = sum(with_value) / len(with_value)
    assert comparison.neighbours_with_value == len(with_value) == 9
    assert comparison.neighbours_listed == 10
    assert comparison.neighbours_mean.quantize(Decimal("0.0001")) == expected.quantize(
        Decimal("0.0001")
    )
    assert expected.quantize(Decimal("0.01")) == Decimal("6.80")  # the hand computation
    assert comparison.neighbour_model.year == 2025


def test_the_comparison_names_region_london_part_and_england(loaded):
    areas, models = loaded
    comparison = comparisons.compare(
        areas["205"], Measure.objects.get(short_name="CPPlans2yrs"),
        Period.objects.get(label="2025"), models[2025],
    )  # fmt: skip
    assert comparison.value is None
    assert comparison.marker == "-"
    assert comparison.rank is None
    assert comparison.region_value == Decimal("5.5")
    assert comparison.london_part_value == Decimal("4.2")
    assert comparison.england_value == Decimal("4.4")


def test_a_different_model_gives_a_different_neighbour_list(loaded):
    areas, models = loaded
    hf = areas["205"]
    assert hf_neighbour_codes(hf, models[2021]) != hf_neighbour_codes(hf, models[2025])
    old = comparisons.compare(
        hf, Measure.objects.get(short_name="CPPlans2yrs"), Period.objects.get(label="2025"),
        models[2021],
    )  # fmt: skip
    assert old.neighbour_model.year == 2021


def hf_neighbour_codes(area: Area, model: NeighbourModel) -> list[str]:
    return list(
        model.neighbours.filter(area=area)
        .order_by("rank")
        .values_list("neighbour__code", flat=True)
    )


def test_ranks_count_from_the_better_end_for_the_polarity(reference, measures_file, values_file):
    import_measures(measures_file)
    figures = {"202": "10", "205": "20", "206": "20", "207": "30", "208": "-", "970": "1"}
    rows = [
        (short, "2025", code, value)
        for short in ("CPPlans2yrs", "KS2RWM_Expected_STD", "LAC")
        for code, value in figures.items()
    ]
    import_values(values_file(rows))
    areas, models = reference

    def ranks(short_name: str) -> dict[str, tuple]:
        measure = Measure.objects.get(short_name=short_name)
        period = Period.objects.get(label="2025")
        found = {}
        for code in figures:
            c = comparisons.compare(areas[code], measure, period, models[2025])
            found[code] = (c.rank, c.ranked_out_of)
        return found

    lower_is_better = ranks("CPPlans2yrs")
    assert lower_is_better["202"] == (1, 4)
    assert lower_is_better["205"] == lower_is_better["206"] == (2, 4)  # equal values share
    assert lower_is_better["207"] == (4, 4)
    assert lower_is_better["208"][0] is None  # missing is not ranked
    higher_is_better = ranks("KS2RWM_Expected_STD")
    assert higher_is_better["207"] == (1, 4)
    assert higher_is_better["202"] == (4, 4)
    assert {rank for rank, _ in ranks("LAC").values()} == {None}  # no better direction


def test_england_and_regions_are_not_ranked_among_las(reference, measures_file, values_file):
    import_measures(measures_file)
    import_values(
        values_file([("CPPlans2yrs", "2025", "202", "10"), ("CPPlans2yrs", "2025", "970", "1")])
    )
    areas, models = reference
    measure, period = Measure.objects.get(short_name="CPPlans2yrs"), Period.objects.get()
    assert comparisons.compare(areas["202"], measure, period, models[2025]).rank == 1


def test_the_trend_lists_every_period_in_order(reference, measures_file, values_file):
    import_measures(measures_file)
    periods = ["2024-25 (OT)", "2016", "2015-16", "2016-17"]
    rows = [("KS2RWM_Expected_STD", p, code, str(i + 60)) for i, p in enumerate(periods)
            for code in ("205", "208", "970")]  # fmt: skip
    import_values(values_file(rows))
    areas, models = reference
    trend = comparisons.trend(
        areas["205"], Measure.objects.get(short_name="KS2RWM_Expected_STD"), models[2025]
    )
    assert [c.period.label for c in trend] == ["2015-16", "2016", "2016-17", "2024-25 (OT)"]
    assert [c.neighbours_with_value for c in trend] == [1, 1, 1, 1]  # Lambeth only
    assert [c.england_value for c in trend] == [c.value for c in trend]


def test_latest_takes_each_measures_most_recent_period(reference, measures_file, values_file):
    import_measures(measures_file)
    import_values(
        values_file(
            [
                ("CPPlans2yrs", "2024", "205", "3"),
                ("CPPlans2yrs", "2025", "205", "4"),
                ("KS2RWM_Expected_STD", "2023-24", "205", "70"),
            ]
        )
    )
    areas, models = reference
    latest = {
        c.measure.short_name: c.period.label for c in comparisons.latest(areas["205"], models[2025])
    }
    assert latest == {"CPPlans2yrs": "2025", "KS2RWM_Expected_STD": "2023-24"}


def test_the_comparison_is_a_fixed_number_of_queries(
    reference, measures_file, values_file, django_assert_max_num_queries
):
    import_measures(measures_file)
    rows = [(short, "2025", code, "5") for short in ("CPPlans2yrs", "KS2RWM_Expected_STD", "LAC")
            for code in HF_NEIGHBOURS_2025 + ["205", "970"]]  # fmt: skip
    import_values(values_file(rows))
    areas, models = reference
    with django_assert_max_num_queries(2):
        rows = comparisons.latest(areas["205"], models[2025])
    assert len(rows) == 3
