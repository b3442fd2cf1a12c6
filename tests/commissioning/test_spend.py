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
