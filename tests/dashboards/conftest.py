"""Dashboard data for H&F, RBKC and WCC: a mandate each with measures, milestones and assets,
contracts, a shared savings programme, budgets, capital and spend. ``build(world, size)`` makes
``size`` times as many rows, so query-count tests can compare two data sizes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from commissioning.models import Contract, DeliveryModelSpend
from governance.models import Division
from mandates.models import Asset, Mandate, MeasureActual, Milestone, SuccessMeasure
from savings.models import (
    CapitalProgrammeLine,
    DeliveryRecord,
    DivisionBudget,
    SavingsLine,
    SavingsProfile,
    SavingsProgramme,
)

#: Figures the dashboards are judged in 2012/13, as at 1 April 2012 (a past year).
YEAR = 2012


def build(world, size: int = 1) -> None:
    programme = SavingsProgramme.objects.create(
        partnership=world.triborough, name="Tri-borough business case", first_year=2011,
        last_year=2014,
    )  # fmt: skip
    for index, authority in enumerate((world.hf, world.rbkc, world.wcc)):
        mandate = Mandate.objects.create(
            authority=authority,
            title=f"{authority.short_name} mandate",
            start_year=2011,
            end_year=2014,
        )
        division = Division.objects.create(authority=authority, name="Education")
        DivisionBudget.objects.create(
            division=division, year=YEAR, net_budget=Decimal("2000000"), fte=Decimal("40")
        )
        for n in range(size):
            measure = SuccessMeasure.objects.create(
                mandate=mandate,
                theme="Achievement",
                indicator=f"GCSE measure {n}",
                unit="percent",
                polarity="higher",
                target_kind="value",
                target_value=Decimal("60"),
            )
            # H&F's measure is green (62 >= 60), RBKC's amber (55), WCC's red (40).
            value = (Decimal("62"), Decimal("55"), Decimal("40"))[index]
            MeasureActual.objects.create(
                measure=measure, period="2011/12", as_at=dt.date(2012, 3, 31), value=value
            )
            Milestone.objects.create(
                mandate=mandate, division=division, year=YEAR, quarter=1,
                text=f"Open the new school {n}", status="on_track",
            )  # fmt: skip
            Milestone.objects.create(
                mandate=mandate, division=division, year=2011, quarter=3,
                text=f"Agree the admissions code {n}", status="slipped",
            )  # fmt: skip
            Asset.objects.create(
                mandate=mandate, asset_list="realisation", name=f"Old depot {n}",
                status="sold", actual_receipt=Decimal("1000000"),
            )  # fmt: skip
            Asset.objects.create(
                mandate=mandate, asset_list="office", name=f"Town hall annexe {n}",
                status="negotiating", expected_receipt=Decimal("250000"),
                running_cost_saving=Decimal("40000"),
            )  # fmt: skip
            Contract.objects.create(
                authority=authority, reference=f"C-{n}", title=f"Fostering framework {n}",
                provider_text="Various", total_value=Decimal("500000"),
                end_date=dt.date(2012, 9, 30), status="active",
            )  # fmt: skip
            Contract.objects.create(
                authority=authority, reference=f"L-{n}", title=f"=Transport {n}",
                provider_text="Various", total_value=Decimal("100000"),
                end_date=dt.date(2015, 3, 31), status="active",
            )  # fmt: skip
            line = SavingsLine.objects.create(
                programme=programme, description=f"Single management team {n} {index}",
                confidence="assured", funding="GF",
            )  # fmt: skip
            SavingsProfile.objects.create(
                line=line, authority=authority, year=YEAR, amount=Decimal("100000")
            )
            DeliveryRecord.objects.create(
                line=line, authority=authority, year=YEAR, achieved=Decimal("95000")
            )
            CapitalProgrammeLine.objects.create(
                authority=authority, category=f"Schools {n}", year=YEAR, amount=Decimal("300000")
            )
        DeliveryModelSpend.objects.create(
            authority=authority, start_year=2011, end_year=2011, category="commissioned",
            amount=Decimal("600"),
        )  # fmt: skip
        DeliveryModelSpend.objects.create(
            authority=authority, start_year=2011, end_year=2011, category="direct",
            amount=Decimal("400"),
        )  # fmt: skip


@pytest.fixture
def data(world):
    build(world)
    return world
