"""Savings records follow the owned-record rules: the owner's officers write, others read."""

from __future__ import annotations

from decimal import Decimal

import pytest

from childrens_services.permissions import restrict
from governance.models import Division
from savings.models import (
    DeliveryRecord,
    DivisionBudget,
    RestructurePosition,
    SavingsLine,
    SavingsProfile,
    SavingsProgramme,
    StaffingRestructure,
)
from tests.permission_matrix import assert_matrix
from tests.savings.factories import amount_for, line_for, programme_for

pytestmark = pytest.mark.django_db

ALL = {"view", "add", "change", "delete"}
EXPECTED = {
    "officer_hf": {"own": ALL, "other": set()},
    "officer_rbkc": {"own": ALL, "other": set()},
    "scrutiny": {"own": {"view"}, "other": {"view"}},
    "clerk": {"own": {"view"}, "other": {"view"}},
    "admin": {"own": ALL, "other": ALL},
    "nobody": {"own": set(), "other": set()},
}


def records(world, build):
    """One record owned by H&F and one by RBKC, handed to each role as "own" and "other"."""
    hf, rbkc = build(world.hf), build(world.rbkc)
    own = {role: (rbkc if role == "officer_rbkc" else hf) for role in EXPECTED}
    other = {role: (hf if role == "officer_rbkc" else rbkc) for role in EXPECTED}
    return own, other


@pytest.mark.parametrize(
    ("model", "build"),
    [
        (SavingsProgramme, lambda a: programme_for(a)),
        (SavingsLine, lambda a: line_for(programme_for(a))),
        (SavingsProfile, lambda a: amount_for(line_for(programme_for(a)), a, 2012, "70")),
        (
            RestructurePosition,
            lambda a: RestructurePosition.objects.create(
                restructure=StaffingRestructure.objects.create(
                    programme=programme_for(a), service="Finance"
                ),
                authority=a,
                starting_fte=Decimal("9"),
            ),
        ),
        (
            DeliveryRecord,
            lambda a: DeliveryRecord.objects.create(
                line=line_for(programme_for(a)), authority=a, year=2012, forecast=Decimal("1")
            ),
        ),
        (
            DivisionBudget,
            lambda a: DivisionBudget.objects.create(
                division=Division.objects.create(authority=a, name="Education"),
                year=2016,
                net_budget=Decimal("10776000"),
                fte=Decimal("269"),
            ),
        ),
    ],
)
def test_the_owned_record_matrix_holds_for_savings_records(world, model, build):
    own, other = records(world, build)
    assert_matrix(model, world.users, own, other, EXPECTED)


def test_a_tri_borough_programme_is_written_by_the_lead_authoritys_officers_only(world):
    line = line_for(programme_for(world.triborough))
    assert world.users["officer_hf"].has_perm("savings.change_savingsline", line)
    assert not world.users["officer_rbkc"].has_perm("savings.change_savingsline", line)
    assert not restrict(world.users["officer_rbkc"], SavingsLine.objects.all(), "change").exists()
    assert restrict(world.users["scrutiny"], SavingsLine.objects.all()).get() == line
    assert restrict(world.users["officer_hf"], SavingsLine.objects.all(), "change").get() == line
