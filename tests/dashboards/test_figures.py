"""The overview's figures come from the records, through each app's own computations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from dashboards import figures
from dashboards.scope import Scope
from savings.computations import Rag
from tests.dashboards.conftest import YEAR

pytestmark = pytest.mark.django_db

ON = dt.date(2012, 4, 1)


def test_one_authority_overview_counts_its_own_records(data):
    scrutiny = data.users["scrutiny"]
    overview = figures.overview(scrutiny, Scope(authority=data.hf), YEAR, ON)
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
    overview = figures.overview(data.users["scrutiny"], Scope(), YEAR, ON)
    assert [count for _rag, _label, count in overview.rags] == [1, 1, 1, 0]
    assert {row.measure.mandate.authority.short_name for row in overview.off_target} == {
        "RBKC",
        "WCC",
    }
    assert overview.savings.total.planned == Decimal("300000")
    assert sorted(overview.savings.by_authority) == ["H&F", "RBKC", "WCC"]


def test_an_officer_sees_their_own_mandates_and_the_partnerships_shared_savings(data):
    overview = figures.overview(data.users["officer_rbkc"], Scope(), YEAR, ON)
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


def test_years_with_figures_come_from_the_records(data):
    assert figures.available_years(data.users["scrutiny"]) == [2011, 2012, 2013, 2014]


def test_a_savings_programmes_years_are_years_with_figures(data):
    from savings.models import SavingsProgramme

    SavingsProgramme.objects.create(
        authority=data.hf, name="Later savings", first_year=2015, last_year=2016
    )
    assert figures.available_years(data.users["scrutiny"]) == [2011, 2012, 2013, 2014, 2015, 2016]
    # An officer of another borough cannot see it, so is not offered its years.
    assert figures.available_years(data.users["officer_rbkc"]) == [2011, 2012, 2013, 2014]
