"""The overview's figures come from the records, through each app's own computations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from childrens_services.rag import Rag
from dashboards import figures
from dashboards.pickers import pickers
from dashboards.scope import Scope
from tests.dashboards.conftest import YEAR

pytestmark = pytest.mark.django_db

ON = dt.date(2012, 4, 1)


def test_one_authority_overview_counts_its_own_records(data):
    scrutiny = data.users["scrutiny"]
    overview = figures.overview(scrutiny, Scope(authority=data.hf), YEAR, ON, ON)
    assert [(rag, count) for rag, _label, count in overview.rags] == [
        ("red", 0), ("amber", 0), ("green", 1), ("none", 0),
    ]  # fmt: skip
    assert [c.title for c in overview.renewals] == ["Fostering framework 0"]
    assert overview.renewals_count == 1
    assert overview.renewals_value == Decimal("500000")
    assert overview.receipts_actual == Decimal("1000000")
    assert overview.receipts_expected == Decimal("250000")
    assert overview.milestones_due_count == 1
    assert [m.text for m in overview.milestones_overdue] == ["Agree the admissions code 0"]
    assert overview.milestones_overdue_count == 1
    assert overview.savings.total.planned == Decimal("100000")
    assert overview.savings.total.delivered == Decimal("95000")
    assert overview.savings.total.rag == Rag.AMBER


def test_everything_overview_adds_up_the_three_boroughs(data):
    overview = figures.overview(data.users["scrutiny"], Scope(), YEAR, ON, ON)
    assert [count for _rag, _label, count in overview.rags] == [1, 1, 1, 0]
    assert {row.measure.mandate.authority.short_name for row in overview.off_target} == {
        "RBKC",
        "WCC",
    }
    assert overview.savings.total.planned == Decimal("300000")
    assert sorted(overview.savings.by_authority) == ["H&F", "RBKC", "WCC"]


def test_an_officer_sees_their_own_mandates_and_the_partnerships_shared_savings(data):
    overview = figures.overview(data.users["officer_rbkc"], Scope(), YEAR, ON, ON)
    assert [count for _rag, _label, count in overview.rags] == [0, 1, 0, 0]
    assert [c.authority for c in overview.renewals] == [data.rbkc]
    # The Tri-borough programme is the partnership's: every member's officers read it.
    assert sorted(overview.savings.by_authority) == ["H&F", "RBKC", "WCC"]


def test_only_the_latest_mandate_of_an_authority_counts(data):
    from mandates.models import Mandate

    older = Mandate.objects.get(authority=data.hf)
    newer = Mandate.objects.create(
        authority=data.hf, title="H&F mandate 2012", start_year=2012, end_year=2015,
        previous_mandate=older,
    )  # fmt: skip
    ids = figures.current_mandate_ids(data.users["scrutiny"], Scope(authority=data.hf))
    assert ids == [newer.pk]


def test_commissioned_share_is_computed_from_spend(data):
    shares = figures.commissioned_share(data.users["scrutiny"], Scope(authority=data.wcc))
    (row,) = shares[data.wcc.pk]
    assert (row.label, row.commissioned_share, row.direct_share) == (
        "2011/12",
        Decimal("60"),
        Decimal("40"),
    )


def _share(label: str, commissioned: str | None) -> figures.ShareRow:
    share = None if commissioned is None else Decimal(commissioned)
    return figures.ShareRow(label, None, None, share, None)


def test_an_authoritys_line_of_the_comparison_runs_from_its_first_period_to_its_latest():
    line = figures.ShareCompared.of(
        [_share("2011/12", "40"), _share("2012/13", None), _share("2013/14", "35")]
    )
    assert (line.first.label, line.latest.label, line.periods) == ("2011/12", "2013/14", 3)
    assert line.change == Decimal("-5")


def test_no_change_is_given_for_one_period_or_a_share_not_recorded():
    assert figures.ShareCompared.of([_share("2011/12", "40")]).change is None
    unrecorded = [_share("2011/12", None), _share("2012/13", "35")]
    assert figures.ShareCompared.of(unrecorded).change is None


def test_years_with_figures_come_from_the_records(data):
    assert pickers(data.users["scrutiny"]).years == [2011, 2012, 2013, 2014]


def test_a_savings_programmes_years_are_years_with_figures(data):
    from savings.models import SavingsProgramme

    SavingsProgramme.objects.create(
        authority=data.hf, name="Later savings", first_year=2015, last_year=2016
    )
    assert pickers(data.users["scrutiny"]).years == [2011, 2012, 2013, 2014, 2015, 2016]
    # An officer of another borough cannot see it, so is not offered its years.
    assert pickers(data.users["officer_rbkc"]).years == [2011, 2012, 2013, 2014]


def test_renewals_count_every_contract_and_list_the_first_of_each_heading(world):
    """The renewals page's figures, asked without the page."""
    from commissioning.models import Contract
    from tests.dashboards.conftest import build

    build(world, 3)  # three fostering frameworks a borough end on 30 September 2012
    Contract.objects.create(
        authority=world.hf, reference="W-1", title="Advocacy", provider_text="Various",
        renewal_text="Annual review",
    )  # fmt: skip
    Contract.objects.create(
        authority=world.hf, reference="J-1", title="Transport", provider_text="Various",
        future_intention="tri_borough", end_date=dt.date(2012, 5, 31),
    )  # fmt: skip
    scrutiny, hf = world.users["scrutiny"], Scope(authority=world.hf)
    found = figures.renewals(scrutiny, hf, ON, 12, listed=2)
    assert [(label, count) for label, count, _listed in found.quarters] == [
        ("2012/13 Q1", 1),
        ("2012/13 Q2", 3),
    ]
    assert [c.reference for _l, _n, listed in found.quarters for c in listed] == [
        "J-1", "C-0", "C-1",
    ]  # fmt: skip
    assert found.quarter_counts == {"2012/13 Q1": 1, "2012/13 Q2": 3}
    assert (found.undated_count, [c.reference for c in found.undated]) == (1, ["W-1"])
    assert (found.joint_count, [c.reference for c in found.joint]) == (1, ["J-1"])
    later = figures.renewals(scrutiny, hf, dt.date(2012, 10, 1), 3, listed=2)
    assert later.overdue_count == 4  # J-1 and the three frameworks, none decided
    assert [c.reference for c in later.overdue] == ["J-1", "C-0"]


def test_savings_totals_add_up_the_lines_by_year_and_grouping(data):
    from savings.models import SavingsLine

    lines = SavingsLine.objects.all()
    totals = figures.savings_totals(data.users["scrutiny"], Scope(), YEAR, lines)
    assert totals.years == [YEAR]
    assert totals.by_year == {YEAR: Decimal("300000")}
    by_authority = dict(totals.groupings[2][2])
    assert by_authority == {
        "H&F": [Decimal("100000")], "RBKC": [Decimal("100000")], "WCC": [Decimal("100000")],
    }  # fmt: skip
    hf = figures.savings_totals(data.users["scrutiny"], Scope(authority=data.hf), YEAR, lines)
    assert hf.by_year == {YEAR: Decimal("100000")}
    assert hf.position.total.planned == Decimal("100000")


def test_the_milestone_grid_places_each_milestone_by_division_and_quarter(data):
    grid = figures.milestone_grid(data.users["scrutiny"], Scope(authority=data.hf), YEAR, ON)
    assert [(a, d, [len(cell) for cell in cells]) for a, d, cells in grid.rows] == [
        ("H&F", "Education", [1, 0, 0, 0]),
    ]
    assert grid.count == 1
    assert [m.text for m in grid.overdue_earlier] == ["Agree the admissions code 0"]


def test_overdue_is_counted_to_today_whichever_year_is_shown(data):
    """2012/13 as at its first day, read in 2026: the milestone due in 2012/13 Q1 and never
    done is overdue now, though it was not yet due on 1 April 2012."""
    today = dt.date(2026, 12, 6)
    hf = Scope(authority=data.hf)
    overview = figures.overview(data.users["scrutiny"], hf, YEAR, ON, today)
    assert overview.milestones_due_count == 1  # due in the quarter of the year's first day
    assert [m.text for m in overview.milestones_overdue] == [
        "Agree the admissions code 0",
        "Open the new school 0",
    ]
    grid = figures.milestone_grid(data.users["scrutiny"], hf, YEAR, today)
    assert len(grid.overdue) == 1


def test_budgets_total_the_divisions_and_the_capital_lines(data):
    found = figures.budgets(data.users["scrutiny"], Scope(), YEAR)
    assert found.budget_total == Decimal("6000000")
    assert found.fte_total == Decimal("120")
    assert found.capital_total == Decimal("900000")


def test_a_line_profile_is_a_grid_of_authorities_by_year(data):
    from savings.models import SavingsLine, SavingsProfile

    line = SavingsLine.objects.filter(amounts__authority=data.hf).first()
    SavingsProfile.objects.create(line=line, authority=data.hf, year=YEAR + 1, amount=7)
    profile = figures.line_profile(line)
    assert profile.years == [YEAR, YEAR + 1]
    assert profile.rows == [("H&F", [Decimal("100000"), Decimal("7")])]
