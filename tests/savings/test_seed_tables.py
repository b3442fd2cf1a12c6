"""Each seed paper's savings table is reproduced by computation from its line items."""

from __future__ import annotations

from decimal import Decimal

import pytest

from savings import computations as calc
from savings import figures
from savings.models import (
    CapitalProgrammeLine,
    DivisionBudget,
    ReportedFigure,
    SavingsLine,
    SavingsProfile,
)

pytestmark = pytest.mark.django_db


def in_thousands(value: Decimal) -> Decimal:
    return calc.in_unit(value, 1000)


def in_millions(value: Decimal, places: int = 2) -> Decimal:
    return calc.in_unit(value, 1_000_000, places)


def test_the_hf_totals_row_is_the_sum_of_its_fourteen_lines(seeded):
    table = figures.programme_table(seeded["hf"])
    assert len(table.rows) == 14
    shown = [in_thousands(table.total.by_year[year]) for year in table.years]
    assert shown == [Decimal(1075), Decimal(1550), Decimal(4283), Decimal(5297)]


def test_the_hf_mtfs_split_gives_2227_and_2460_after_the_computed_dsg_exclusion(seeded):
    split = figures.split_of(seeded["hf"])
    assert in_thousands(split.mtfs) == 2227
    assert in_thousands(split.dsg_exclusion) == 620
    assert in_thousands(split.additional) == 2460


def test_the_dsg_exclusion_is_the_sum_of_the_additional_dsg_lines(seeded):
    dsg_lines = SavingsLine.objects.filter(
        programme=seeded["hf"], funding="DSG", budget_status="additional"
    )
    full_year = sum(
        SavingsProfile.objects.get(line=line, year=seeded["hf"].last_year).amount
        for line in dsg_lines
    )
    assert dsg_lines.count() == 2
    assert figures.split_of(seeded["hf"]).dsg_exclusion == full_year


def test_changing_one_line_changes_the_hf_totals(seeded):
    before = figures.programme_table(seeded["hf"]).total.by_year[2014]
    cell = SavingsProfile.objects.get(
        line__programme=seeded["hf"], line__description="Finance Staff", year=2014
    )
    cell.amount += Decimal("1000")
    cell.save()
    after = figures.programme_table(seeded["hf"]).total.by_year[2014]
    assert after - before == Decimal("1000")


def test_the_tri_borough_assured_total_is_7_68m_with_hf_3_90m(seeded):
    table = figures.programme_table(seeded["tri"], confidence="assured")
    assert len(table.rows) == 8
    assert in_millions(table.total.full_year) == Decimal("7.68")
    assert in_millions(table.total.by_authority["H&F"]) == Decimal("3.90")


def test_the_tri_borough_lines_carry_their_attribution_letters(seeded):
    methods = dict(
        SavingsLine.objects.filter(programme=seeded["tri"]).values_list(
            "description", "attribution_method"
        )
    )
    assert methods["Single management team"] == "C"
    assert methods["Education Services (GF)"] == "D"
    assert methods["Finance Staff"] == "B"
    assert methods["Commissioning Staff"] == "A"
    counts = {
        level: SavingsLine.objects.filter(programme=seeded["tri"], confidence=level).count()
        for level in ("assured", "projected", "possible")
    }
    assert counts == {"assured": 8, "projected": 3, "possible": 4}


def test_the_harrow_table_is_printed_incrementally_and_negative(seeded):
    table = figures.programme_table(seeded["harrow"])
    shown = [in_thousands(table.total.by_year[year]) for year in table.years]
    assert shown == [Decimal(0), Decimal(-914), Decimal(-345)]
    assert in_thousands(table.total.full_year) == Decimal(-1259)
    staffing = next(row for row in table.rows if row.label == "Staffing Restructure")
    assert in_thousands(staffing.full_year) == Decimal(-452)


def test_harrow_amounts_are_stored_cumulative_and_positive(seeded):
    stored = dict(
        SavingsProfile.objects.filter(
            line__programme=seeded["harrow"], line__description="Staffing Restructure"
        ).values_list("year", "amount")
    )
    assert stored[2012] > 0
    assert stored[2013] - stored[2012] == Decimal("140000")


def test_the_merton_savings_targets_total_5_392m(seeded):
    total = sum(target.amount for target in seeded["merton"].targets.all())
    assert seeded["merton"].targets.count() == 4
    assert in_millions(total, 3) == Decimal("5.392")


def test_the_merton_capital_totals_per_year_match_the_paper(seeded):
    reported = ReportedFigure.objects.filter(kind=ReportedFigure.Kind.CAPITAL_TOTAL)
    assert reported.count() == 4
    for figure in reported:
        lines = CapitalProgrammeLine.objects.filter(year=figure.year, authority=figure.authority)
        assert lines.count() == 4
        assert sum(line.amount for line in lines) == figure.value


def test_the_merton_division_budgets_add_to_the_printed_totals(seeded):
    budgets = DivisionBudget.objects.filter(division__authority__dfe_code="315", year=2016)
    assert budgets.count() == 4
    for figure in ReportedFigure.objects.filter(kind__in=["budget_total", "fte_total"]):
        assert figures.check(figure).agreement == calc.Agreement.AGREES


def test_restructure_additionality_is_start_minus_close(seeded):
    restructure = seeded["tri"].restructures.get(service="Single Youth Offending Team")
    hf = restructure.positions.get(authority__short_name="H&F")
    assert calc.additionality(hf.starting_budget, hf.closing_budget) == Decimal("275000")
    assert calc.additionality(hf.starting_fte, hf.closing_fte) == Decimal("5.4")


def test_a_method_a_line_is_apportioned_by_its_restructures_staffing_budgets(seeded):
    line = SavingsLine.objects.get(
        programme=seeded["tri"], description="Single Youth Offending Team (reduced staffing)"
    )
    budgets = {
        p.authority.short_name: p.starting_budget
        for p in line.basis_restructure.positions.exclude(authority=None)
    }
    parts = figures.apportioned(line)
    full_year = sum(a.amount for a in line.amounts.all())
    assert sum(parts.values()) == full_year
    for borough, budget in budgets.items():
        exact = full_year * budget / sum(budgets.values())
        assert abs(parts[borough] - exact) <= calc.PENNY


def test_a_basis_missing_a_borough_is_refused(seeded):
    line = SavingsLine.objects.get(programme=seeded["tri"], description="Commissioning Staff")
    line.basis_restructure.positions.get(authority__short_name="RBKC").delete()
    with pytest.raises(calc.ApportionmentError, match="every authority"):
        figures.apportioned(line)
