"""The savings arithmetic, on plain data (no database)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from childrens_services.rag import Rag
from savings import computations as calc

D = Decimal
BOROUGHS = ["H&F", "RBKC", "WCC"]


def test_method_b_splits_one_pound_into_33_34_33_summing_exactly():
    parts = calc.apportion(D("1.00"), "B", BOROUGHS)
    assert list(parts.values()) == [D("0.33"), D("0.34"), D("0.33")]
    assert sum(parts.values()) == D("1.00")


@pytest.mark.parametrize("amount", [D("0.01"), D("0.02"), D("1.00"), D("0.57"), D("11818000.00")])
@pytest.mark.parametrize("method", ["B", "C"])
def test_equal_splits_always_sum_to_the_whole_and_differ_by_at_most_a_penny(amount, method):
    parts = calc.apportion(amount, method, BOROUGHS)
    assert sum(parts.values()) == amount
    assert max(parts.values()) - min(parts.values()) <= calc.PENNY


def test_method_a_follows_the_staffing_budget_basis():
    staffing = {"H&F": D("1218000"), "RBKC": D("711000"), "WCC": D("906000")}
    amount = D("567000.00")
    parts = calc.apportion(amount, "A", BOROUGHS, staffing)
    whole = sum(staffing.values())
    assert sum(parts.values()) == amount
    for borough in BOROUGHS:
        exact = amount * staffing[borough] / whole
        assert abs(parts[borough] - exact) <= calc.PENNY
    assert parts["H&F"] > parts["WCC"] > parts["RBKC"]


def test_method_d_puts_the_saving_where_the_fte_reductions_fall():
    reductions = {"H&F": D("21.6"), "RBKC": D("18.7"), "WCC": D("0")}
    parts = calc.apportion(D("100.00"), "D", BOROUGHS, reductions)
    assert parts["WCC"] == 0
    assert parts["H&F"] + parts["RBKC"] == D("100.00")


@pytest.mark.parametrize("method", ["A", "B", "C", "D"])
def test_every_method_refuses_a_basis_that_leaves_out_a_partner(method):
    basis = {"H&F": D("1"), "RBKC": D("1")}
    with pytest.raises(calc.ApportionmentError, match="every authority"):
        calc.apportion(D("1.00"), method, BOROUGHS, basis)


@pytest.mark.parametrize("method", ["A", "B", "C", "D"])
def test_every_method_refuses_a_basis_naming_a_non_member(method):
    basis = {"H&F": D("1"), "RBKC": D("1"), "WCC": D("1"), "Harrow": D("1")}
    with pytest.raises(calc.ApportionmentError):
        calc.apportion(D("1.00"), method, BOROUGHS, basis)


@pytest.mark.parametrize("method", ["A", "D"])
def test_weighted_methods_need_a_basis(method):
    with pytest.raises(calc.ApportionmentError):
        calc.apportion(D("1.00"), method, BOROUGHS)


def test_an_unknown_method_is_refused():
    with pytest.raises(calc.ApportionmentError):
        calc.apportion(D("1.00"), "E", BOROUGHS)


def test_cumulative_and_incremental_views_are_inverse():
    years = [2011, 2012, 2013, 2014]
    reached = {2011: D("70"), 2012: D("340"), 2013: D("680"), 2014: D("680")}
    added = calc.incremental(reached, years)
    assert added == {2011: D("70"), 2012: D("270"), 2013: D("340"), 2014: D("0")}
    assert calc.cumulative(added, years) == reached
    assert calc.full_year(reached, years) == sum(added.values())


def test_parts_totals_added_are_the_totals_of_all_their_amounts():
    def cell(authority, year, amount, confidence="assured"):
        return calc.Amount("", authority, year, D(amount), confidence=confidence)

    hf = [cell("H&F", 2011, "10.50"), cell("H&F", 2012, "5"), cell("H&F", 2012, "1", "at_risk")]
    rbkc = [cell("RBKC", 2012, "7.25", "at_risk"), cell("RBKC", 2013, "-2")]
    for keys in [("year",), ("confidence", "year"), ()]:
        parts = [calc.totals(hf, *keys), calc.totals(rbkc, *keys), {}]
        assert calc.added(parts) == calc.totals(hf + rbkc, *keys)
    assert calc.added([calc.totals(hf, "year"), calc.totals(rbkc, "year")]) == {
        (2011,): D("10.50"), (2012,): D("13.25"), (2013,): D("-2"),
    }  # fmt: skip


def test_totals_group_by_any_attribute():
    cells = [
        calc.Amount("a", "H&F", 2014, D("10"), confidence="assured"),
        calc.Amount("b", "H&F", 2014, D("5"), confidence="possible"),
        calc.Amount("a", "RBKC", 2014, D("7"), confidence="assured"),
    ]
    assert calc.totals(cells, "authority") == {("H&F",): D("15"), ("RBKC",): D("7")}
    assert calc.totals(cells, "confidence", "authority")[("assured", "H&F")] == D("10")
    assert calc.totals(cells) == {(): D("22")}


def test_the_mtfs_split_excludes_dsg_only_from_the_additional_total():
    lines = [
        calc.SplitLine("mtfs", "in_mtfs", "GF", D("100")),
        calc.SplitLine("mtfs dsg", "in_mtfs", "DSG", D("40")),
        calc.SplitLine("extra", "additional", "GF", D("30")),
        calc.SplitLine("extra dsg", "additional", "DSG", D("20")),
        calc.SplitLine("printed differently", "in_mtfs", "GF", D("10"), column_amount=D("12")),
    ]
    split = calc.mtfs_split(lines)
    assert split.mtfs == D("152")
    assert split.dsg_exclusion == D("20")
    assert split.additional == D("30")


def test_additionality_is_start_minus_close_and_unknown_without_both():
    assert calc.additionality(D("1.122"), D("0.438")) == D("0.684")
    assert calc.additionality(D("33"), None) is None


@pytest.mark.parametrize(
    ("forecast", "achieved", "expected"),
    [
        (None, None, Rag.NOT_REPORTED),
        (D("100"), None, Rag.GREEN),
        (D("95"), None, Rag.AMBER),
        (D("100"), D("80"), Rag.RED),
        (D("50"), D("120"), Rag.GREEN),
    ],
)
def test_rag_judges_achieved_else_forecast_against_the_plan(forecast, achieved, expected):
    assert calc.rag(D("100"), forecast, achieved) == expected


def test_the_shortfall_is_planned_minus_delivered():
    assert calc.shortfall(D("100"), D("90"), None) == D("10")
    assert calc.shortfall(D("100"), D("90"), D("60")) == D("40")
    assert calc.shortfall(D("100"), None, None) is None


def test_the_delivery_position_adds_cells_per_authority():
    cells = [
        calc.DeliveryCell("H&F", D("100"), None, D("100")),
        calc.DeliveryCell("H&F", D("50"), D("20"), None),
        calc.DeliveryCell("RBKC", D("10"), None, None),
    ]
    position = calc.delivery_position(cells)
    assert position["H&F"].planned == D("150")
    assert position["H&F"].delivered == D("120")
    assert position["H&F"].shortfall == D("30")
    assert position["H&F"].rag == Rag.RED
    assert position["H&F"].not_recorded == 0


def test_with_no_delivery_recorded_there_is_no_delivered_figure_shortfall_or_rag():
    cells = [
        calc.DeliveryCell("RBKC", D("10"), None, None),
        calc.DeliveryCell("RBKC", D("90"), None, None),
    ]
    position = calc.delivery_position(cells)["RBKC"]
    assert position.planned == D("100"), "the plan still counts"
    assert position.delivered is None, "not a delivery of nothing"
    assert position.shortfall is None, "not a 100% shortfall"
    assert position.rag == Rag.NOT_REPORTED, "not red"
    assert position.not_recorded == 2


def test_the_shortfall_is_only_against_the_savings_whose_delivery_is_recorded():
    cells = [
        calc.DeliveryCell("H&F", D("100"), None, D("100")),
        calc.DeliveryCell("H&F", D("400"), None, None),
    ]
    position = calc.delivery_position(cells)["H&F"]
    assert position.planned == D("500")
    assert position.planned_reported == D("100")
    assert position.delivered == D("100")
    assert position.shortfall == D("0"), "the unreported 400 is not short, only unreported"
    assert position.rag == Rag.GREEN
    assert position.not_recorded == 1, "the total says what it leaves out"


def test_a_total_counts_every_saving_its_parts_left_out():
    reported = calc.position(D("100"), D("100"), D("80"), 2)
    unreported = calc.position(D("50"), D("0"), None, 3)
    total = calc.combined([reported, unreported])
    assert (total.planned, total.delivered, total.shortfall) == (D("150"), D("80"), D("20"))
    assert total.rag == Rag.RED
    assert total.not_recorded == 5
    nothing = calc.combined([unreported, calc.position(D("7"), D("0"), None, 1)])
    assert (nothing.delivered, nothing.shortfall, nothing.rag) == (None, None, Rag.NOT_REPORTED)
    assert nothing.not_recorded == 4


def test_compare_tells_rounding_from_a_real_difference():
    assert calc.compare(D("7680000"), D("7676000"), D("10000")) == calc.Agreement.ROUNDING
    assert calc.compare(D("2500000"), D("2508000"), D("10000")) == calc.Agreement.DIFFERS
    assert calc.compare(D("5297000"), D("5297000"), D("1000")) == calc.Agreement.AGREES
    assert calc.compare(D("1"), None, D("1")) == calc.Agreement.NOT_COMPUTABLE
