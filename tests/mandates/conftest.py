"""Mandates with a row in every section, for the lifecycle, compare and admin tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from governance.models import Division
from mandates.models import (
    Asset,
    KeyFact,
    Mandate,
    MeasureActual,
    Milestone,
    Objective,
    PerformanceArrangement,
    Risk,
    ServiceChallenge,
    StatutoryResponsibility,
    StrategicPriority,
    SuccessMeasure,
)


@pytest.fixture(autouse=True)
def quick_passwords(settings):
    """The demo users' passwords need not resist brute force in these tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_mandate(authority, start_year: int = 2011, **values) -> Mandate:
    """A draft mandate with a row in every section (two milestones)."""
    mandate = Mandate.objects.create(
        authority=authority,
        title=f"{authority.short_name} Mandate for Children's Services {start_year}",
        start_year=start_year,
        end_year=start_year + 3,
        vision="A ladder of opportunity.",
        **values,
    )
    division, _ = Division.objects.get_or_create(authority=authority, name="Education")
    KeyFact.objects.create(
        mandate=mandate,
        label="Number of looked after children",
        value=Decimal("225"),
        unit="children",
        as_at=dt.date(2011, 10, 23),
        source="As at 23rd October 2011",
    )
    StrategicPriority.objects.create(mandate=mandate, number=1, text="Protect children")
    Objective.objects.create(mandate=mandate, area="education", text="Expand popular schools")
    PerformanceArrangement.objects.create(mandate=mandate, text="Monthly management information")
    measure = SuccessMeasure.objects.create(
        mandate=mandate,
        theme="Improved academic achievement",
        indicator="Pupils achieving 5 A*-C at GCSE including English and Maths",
        unit="percent",
        polarity="higher",
        baseline_value=Decimal("68.4"),
        baseline_period="2010",
        target_kind="value",
        target_value=Decimal("75"),
    )
    MeasureActual.objects.create(
        measure=measure, period="2011", as_at=dt.date(2011, 8, 31), value=Decimal("70.8")
    )
    Risk.objects.create(mandate=mandate, description="Economic downturn raises demand")
    Milestone.objects.create(
        mandate=mandate, division=division, year=2012, quarter=1, text="Integration", scope="3BW"
    )
    Milestone.objects.create(
        mandate=mandate, division=division, year=2012, quarter=2, text="Begin procurement"
    )
    Asset.objects.create(
        mandate=mandate, asset_list="realisation", name="Castle Club", status="sold"
    )
    StatutoryResponsibility.objects.create(mandate=mandate, text="Safeguarding children at risk")
    ServiceChallenge.objects.create(mandate=mandate, text="Recruit and retain social workers")
    return mandate


@pytest.fixture
def hf_mandate(world) -> Mandate:
    return make_mandate(world.hf)


@pytest.fixture
def rbkc_mandate(world) -> Mandate:
    return make_mandate(world.rbkc)


@pytest.fixture
def published(hf_mandate, world) -> Mandate:
    officer = world.users["officer_hf"]
    hf_mandate.submit(officer)
    hf_mandate.approve(officer)
    hf_mandate.publish(officer)
    return hf_mandate
