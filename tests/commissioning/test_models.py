"""Contract and plan records refuse bad input with a field-level error."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from commissioning.models import (
    Contract,
    DeliveryModelSpend,
    Service,
    ServiceDeliveryModel,
    ServiceGroup,
)

pytestmark = pytest.mark.django_db


def test_a_contract_needs_a_provider_or_various(world):
    contract = Contract(authority=world.hf, reference="A", title="Play service")
    with pytest.raises(ValidationError) as error:
        contract.full_clean()
    assert "provider" in error.value.message_dict


def test_a_contract_cannot_end_before_it_starts(world):
    contract = Contract(
        authority=world.hf,
        reference="A",
        title="Play service",
        provider_text="Various Schools",
        start_date=dt.date(2013, 3, 31),
        end_date=dt.date(2012, 3, 31),
    )
    with pytest.raises(ValidationError) as error:
        contract.full_clean()
    assert "end_date" in error.value.message_dict


def test_a_contract_belongs_to_an_authority_or_a_partnership_not_both(world):
    contract = Contract(
        authority=world.hf,
        partnership=world.triborough,
        reference="A",
        title="Transport",
        provider_text="Various",
    )
    with pytest.raises(ValidationError):
        contract.full_clean()


def test_recording_a_renewal_decision_needs_the_decision(world):
    contract = Contract.objects.create(
        authority=world.hf, reference="A", title="Connexions", provider_text="Various"
    )
    with pytest.raises(ValidationError):
        contract.record_renewal_decision("  ", dt.date(2012, 4, 1))
    contract.record_renewal_decision("Extended for a year", dt.date(2012, 4, 1))
    contract.refresh_from_db()
    assert contract.renewal_decision == "Extended for a year"
    assert contract.history.count() == 2


def test_a_period_of_several_years_is_labelled_as_the_paper_does(world):
    group = ServiceGroup.objects.create(authority=world.hf, name="Schools Resources")
    service = Service.objects.create(group=group, name="Financial Services to Schools")
    plan = ServiceDeliveryModel(service=service, start_year=2013, end_year=2014, model="direct")
    assert plan.period == "2013/15"
    plan.end_year = 2012
    with pytest.raises(ValidationError) as error:
        plan.full_clean()
    assert "end_year" in error.value.message_dict


def test_spend_cannot_be_negative(world):
    spend = DeliveryModelSpend(
        authority=world.hf, start_year=2011, end_year=2011, category="direct", amount=-1
    )
    with pytest.raises(ValidationError) as error:
        spend.full_clean()
    assert "amount" in error.value.message_dict
