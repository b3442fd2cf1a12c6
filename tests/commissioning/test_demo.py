"""The commissioning demo data reproduces the seed papers."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.apps import apps
from django.test.utils import override_settings

from commissioning import demo
from commissioning.models import Contract, ContractForecast, Service, ServiceDeliveryModel
from governance import demo as governance_demo
from tests.commissioning.test_renewals import _Null
from tests.conftest import FAST_HASHERS, build_world, rolled_back_afterwards

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seed_contracts(django_db_setup, django_db_blocker):
    """The world and the governance and commissioning demo data, loaded once for the module
    (see ``rolled_back_afterwards``); each test's changes are rolled back after it."""
    with (
        rolled_back_afterwards(django_db_blocker),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
    ):
        world = build_world()
        governance_demo.load(stdout=_Null())
        demo.load(stdout=_Null())
        yield world


@pytest.fixture
def loaded(seed_contracts, db):
    return seed_contracts


def test_seed_000s_fifteen_procurement_rows_are_loaded(loaded):
    rows = Contract.objects.filter(reference__startswith="HF-PROC-2011-")
    assert rows.count() == 15
    forecasts = ContractForecast.objects.filter(contract__in=rows, financial_year=2011)
    assert forecasts.count() == 15
    eden = rows.get(provider__name="Eden Food Services Ltd")
    assert eden.total_value == Decimal("19365000")
    assert eden.end_date.isoformat() == "2012-11-04"
    assert rows.get(description="P&V Placements for DCT").renewal_text == "52 week placements"


def test_every_annexe_a_service_has_a_delivery_model_in_each_period(loaded):
    services = Service.objects.filter(group__authority__dfe_code="205")
    assert services.count() == 17
    for service in services:
        periods = [m.period for m in service.delivery_models.all()]
        assert periods == ["2011/12", "2012/13", "2013/15"]
    financial = ServiceDeliveryModel.objects.get(
        service__name="Financial Services to Schools", start_year=2012
    )
    assert (financial.model, financial.qualifier) == ("to_commission", "through Mutual")


def test_seed_001s_school_meals_and_travel_care_contracts(loaded):
    meals = Contract.objects.get(reference="HF-2016-SCHOOL-MEALS")
    assert [(lot.number, lot.provider.name) for lot in meals.lots.all()] == [
        (1, "Eden Food Services Ltd"),
        (2, "Caterlink"),
    ]
    assert (meals.extension_options, meals.apprenticeships) == ("3 + 2 years", 22)
    travel = Contract.objects.get(reference="HF-2016-TRAVEL-CARE-JT")
    assert travel.provider.name == "CT Plus"
    assert travel.procurement_route == "Reserved to social enterprises"


def test_merton_has_its_commissioning_services_and_contracts(loaded):
    assert Service.objects.filter(group__authority__dfe_code="315").count() == 3
    assert Contract.objects.filter(authority__dfe_code="315").count() == 3


def test_loading_the_demo_again_changes_nothing(loaded):
    models = list(apps.get_app_config("commissioning").get_models())
    before = {m._meta.label: m._default_manager.count() for m in models}
    demo.load(stdout=_Null())
    assert {m._meta.label: m._default_manager.count() for m in models} == before


def test_the_plan_page_shows_each_period_and_the_computed_shares(loaded, login):
    from django.urls import reverse

    response = login(loaded.users["scrutiny"]).get(reverse("commissioning:plan", args=["205"]))
    assert response.context["periods"] == ["2011/12", "2012/13", "2013/15"]
    commissioned = [cells[0][1] for _label, cells in response.context["spend_rows"]]
    assert commissioned == [Decimal(0), Decimal(5), Decimal(6)]
    assert "Services to be Commissioned" not in response.content.decode()
    assert "To be commissioned (through Mutual)" in response.content.decode()
