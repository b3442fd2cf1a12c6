"""Commissioning's live block (contracts register extract) and the mandate's Annexe A parts."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from childrens_services import blocks
from commissioning import blocks as commissioning_blocks
from commissioning.models import (
    Contract,
    ContractForecast,
    DeliveryModelSpend,
    Service,
    ServiceDeliveryModel,
    ServiceGroup,
)

pytestmark = pytest.mark.django_db


def contract(authority, reference, forecast, **values) -> Contract:
    made = Contract.objects.create(
        authority=authority, reference=reference, provider_text="Various", **values
    )
    ContractForecast.objects.create(contract=made, financial_year=2011, amount=Decimal(forecast))
    return made


def register(params: dict) -> dict:
    block = blocks.get("contracts_register")
    return block.context(block.snapshot(block.clean(params)))


def test_the_extract_lists_the_largest_forecasts_first_in_thousands(world):
    contract(
        world.hf,
        "HF-1",
        "3873000",
        title="Catering Management services for schools",
        total_value=Decimal("19365000"),
        end_date=dt.date(2012, 11, 4),
        future_intention="renewal",
    )
    contract(world.hf, "HF-2", "2647000", title="PVI Special School Placements")
    contract(world.hf, "HF-3", "803000", title="P&V Placements", renewal_text="52 week placements")
    contract(world.rbkc, "RBKC-1", "9999000", title="Another borough's contract")

    data = register({"authority": "205", "year": 2011, "limit": 2})
    assert [row["reference"] for row in data["rows"]] == ["HF-1", "HF-2"]
    first = data["rows"][0]
    assert (first["total_value_shown"], first["renewal"], first["forecast_shown"]) == (
        "19,365",
        "04/11/12",
        "3,873",
    )
    assert first["future_intention"].startswith("Contract renewal")
    assert data["short_year"] == "11/12"
    assert register({"authority": "205", "year": 2011})["rows"][2]["renewal"] == (
        "52 week placements"
    )


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"authority": "205"}, "start year"),
        ({"authority": "205", "year": 2011, "limit": 0}, '"limit"'),
        ({"year": 2011}, "DfE code"),
    ],
)
def test_bad_register_parameters_are_refused(world, params, message):
    with pytest.raises(ValidationError, match=message):
        blocks.get("contracts_register").clean(params)


def test_annexe_a_gives_each_services_delivery_model_per_period(world):
    group = ServiceGroup.objects.create(
        authority=world.hf, name="Schools Resources", metrics="- Take up\n- Satisfaction"
    )
    service = Service.objects.create(group=group, name="Financial Services to Schools")
    ServiceDeliveryModel.objects.create(
        service=service, start_year=2011, end_year=2011, model="direct", is_planned=False
    )
    ServiceDeliveryModel.objects.create(
        service=service,
        start_year=2013,
        end_year=2014,
        model="to_commission",
        qualifier="through Mutual",
    )
    plan = commissioning_blocks.commissioning_plan(world.hf, 2011, 2014)
    assert plan["periods"] == [
        {"label": "2011/12", "status": "Current"},
        {"label": "2013/15", "status": "Planned"},
    ]
    (row,) = plan["groups"][0]["services"]
    assert row["models"] == ["Directly provided", "To be commissioned (through Mutual)"]
    assert plan["groups"][0]["metrics"] == ["Take up", "Satisfaction"]


def test_spend_by_delivery_model_shares_are_computed_and_charted(world):
    for start, end, commissioned, direct in [
        (2011, 2011, "0", "61962000"),
        (2013, 2014, "3526000", "51602000"),
    ]:
        DeliveryModelSpend.objects.create(
            authority=world.hf,
            start_year=start,
            end_year=end,
            category="commissioned",
            amount=Decimal(commissioned),
        )
        DeliveryModelSpend.objects.create(
            authority=world.hf,
            start_year=start,
            end_year=end,
            category="direct",
            amount=Decimal(direct),
        )
    data = commissioning_blocks.delivery_model_spend(world.hf, 2011, 2014)
    shown = commissioning_blocks.spend_context(data, "Spend by delivery model")
    assert shown["periods"] == ["2011/12", "2013/15"]
    assert shown["rows"][0]["cells"][1] == {"amount": "3,526", "share": "6%"}
    assert shown["totals"][1] == {"amount": "55,128", "share": "100%"}
    assert shown["chart"].count("<svg") == 1 and 'role="img"' in shown["chart"]
    labels = re.findall(r'<g class="guides"><path[^>]*/><text[^>]*>([^<]*)</text>', shown["chart"])
    axis = [label for label in labels if label not in shown["periods"]]
    assert axis == ["£0", "£10m", "£20m", "£30m", "£40m", "£50m", "£60m", "£70m"], (
        "the value axis is labelled in £m at round steps, not 55128 or 55,128,000"
    )
    assert 'id="activate-serie-0"' not in shown["chart"], "anchors made unique per chart"
