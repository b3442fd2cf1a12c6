"""The commissioned share of spend is computed, and reproduces seed 000's percentages."""

from __future__ import annotations

from decimal import Decimal

import pytest

from childrens_services.demo import read_json
from commissioning import demo
from commissioning.models import DeliveryModelSpend
from commissioning.spend import shares, shares_by_period
from governance import demo as governance_demo
from tests.commissioning.test_renewals import _Null


def test_shares_round_half_up_to_whole_percent():
    assert shares({"a": Decimal(1), "b": Decimal(7)}) == {"a": Decimal(13), "b": Decimal(88)}


def test_no_spend_is_no_share_rather_than_an_error():
    assert shares({"a": Decimal(0), "b": Decimal(0)}) == {"a": Decimal(0), "b": Decimal(0)}


def test_the_papers_figures_give_the_papers_percentages():
    for period in read_json("commissioning", "commissioning_plan.json")["spend_thousands"]:
        amounts = {key: Decimal(period[key]) for key in ("commissioned", "direct")}
        assert shares(amounts) == {
            key: Decimal(value) for key, value in period["paper_percent"].items()
        }


@pytest.mark.django_db
def test_the_loaded_spend_reproduces_0_5_and_6_percent_commissioned(world):
    governance_demo.load(stdout=_Null())
    demo.load(stdout=_Null())
    by_period = shares_by_period(DeliveryModelSpend.objects.filter(authority__dfe_code="205"))
    assert [(key, value["commissioned"]) for key, value in by_period.items()] == [
        ((2011, 2011), Decimal(0)),
        ((2012, 2012), Decimal(5)),
        ((2013, 2014), Decimal(6)),
    ]


@pytest.mark.django_db
def test_the_plan_puts_each_model_under_its_period_and_computes_the_shares(world):
    """The plan page's figures, asked without the page, of only what the user may see."""
    from commissioning.models import Service, ServiceDeliveryModel, ServiceGroup
    from commissioning.plans import plan_of

    group = ServiceGroup.objects.create(authority=world.hf, name="Schools Resources")
    service = Service.objects.create(group=group, name="Financial Services to Schools")
    ServiceDeliveryModel.objects.create(
        service=service, start_year=2013, end_year=2014, model="to_commission"
    )
    for category, amount in (("commissioned", "25"), ("direct", "75")):
        DeliveryModelSpend.objects.create(
            authority=world.hf, start_year=2011, end_year=2011, category=category,
            amount=Decimal(amount),
        )  # fmt: skip
    plan = plan_of(world.users["scrutiny"], world.hf)
    assert plan.periods == ["2011/12", "2013/15"]
    ((shown_group, services),) = plan.rows
    assert shown_group == group
    assert [(s, [m and m.model for m in models]) for s, models in services] == [
        (service, [None, "to_commission"])
    ]
    assert plan.spend_rows == [
        ("2011/12", [(Decimal("25"), Decimal("25")), (Decimal("75"), Decimal("75"))])
    ]
    hidden = plan_of(world.users["officer_rbkc"], world.hf)
    assert (hidden.rows, hidden.spend_rows) == ([], [])
