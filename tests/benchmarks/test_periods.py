"""Period labels and value cells, as LAIT writes them (no database)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from benchmarks.periods import ParsedPeriod, PeriodError, parse_period, parse_value


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("2016", ParsedPeriod("2016", 2016, 2016)),
        ("2015-16", ParsedPeriod("2015-16", 2015, 2016)),
        ("2015/16", ParsedPeriod("2015/16", 2015, 2016)),
        ("2014-16", ParsedPeriod("2014-16", 2014, 2016)),
        ("2013/14-15/16", ParsedPeriod("2013/14-15/16", 2013, 2016)),
        ("2024-25 (OT)", ParsedPeriod("2024-25 (OT)", 2024, 2025, "OT")),
        ("2025 (prov)", ParsedPeriod("2025 (prov)", 2025, 2025, "prov")),
        ("2099-00", ParsedPeriod("2099-00", 2099, 2100)),
    ],
)
def test_a_published_period_is_parsed_and_keeps_its_label(label, expected):
    assert parse_period(label) == expected


@pytest.mark.parametrize(
    "label",
    ["0", "16", "2016-15", "2015/17", "20166", "2016 Q1", "2010-19", "", "1999-00", "2100-01"],
)
def test_a_malformed_period_is_refused(label):
    with pytest.raises(PeriodError):
        parse_period(label)


def test_periods_sort_by_the_years_they_cover():
    labels = ["2016-17 (OT)", "2016", "2015-16", "2014-16", "2016-17"]
    ordered = sorted(
        (parse_period(label) for label in labels),
        key=lambda p: (p.end_year, p.start_year, p.qualifier),
    )
    assert [p.label for p in ordered] == ["2014-16", "2015-16", "2016", "2016-17", "2016-17 (OT)"]


@pytest.mark.parametrize("cell", ["-", "x", "c", "", "  ", "X", "C"])
def test_a_suppressed_or_missing_cell_is_missing_not_zero(cell):
    number, marker = parse_value(cell)
    assert number is None
    assert marker == cell.strip()


def test_floating_point_noise_is_rounded_to_six_places():
    assert parse_value("7.0000000000000007E-2") == (Decimal("0.070000"), "")
    assert parse_value("-21.74") == (Decimal("-21.740000"), "")


@pytest.mark.parametrize("cell", ["n.a.", "12,5", "1e20", "NaN"])
def test_a_cell_that_is_neither_a_number_nor_a_mark_is_refused(cell):
    with pytest.raises(ValueError):
        parse_value(cell)
