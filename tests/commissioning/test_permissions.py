"""Who may read and write commissioning records, through the one rule set."""

from __future__ import annotations

import pytest

from childrens_services.permissions import restrict
from commissioning.models import Contract, Provider, Service, ServiceGroup
from tests.permission_matrix import assert_matrix

ALL = {"view", "add", "change", "delete"}
READ = {"view"}
NONE: set[str] = set()

pytestmark = pytest.mark.django_db


def contract(**owner) -> Contract:
    return Contract.objects.create(
        reference="C-1", title="Fostering", provider_text="Various", **owner
    )


def test_contracts_are_written_only_by_officers_of_their_authority(world):
    hf, rbkc = contract(authority=world.hf), contract(authority=world.rbkc)
    own = {"officer_hf": hf, "officer_rbkc": rbkc}
    other = {"officer_hf": rbkc, "officer_rbkc": hf}
    for role in ("scrutiny", "clerk", "admin", "nobody"):
        own[role], other[role] = hf, rbkc
    assert_matrix(
        Contract,
        world.users,
        own,
        other,
        {
            "officer_hf": {"own": ALL, "other": NONE},
            "officer_rbkc": {"own": ALL, "other": NONE},
            "scrutiny": {"own": READ, "other": READ},
            "clerk": {"own": READ, "other": READ},
            "admin": {"own": ALL, "other": ALL},
            "nobody": {"own": NONE, "other": NONE},
        },
    )


def test_a_tri_borough_contract_is_written_by_the_lead_authoritys_officers(world):
    joint = contract(partnership=world.triborough)
    assert world.users["officer_hf"].has_perm("commissioning.change_contract", joint)
    assert not world.users["officer_rbkc"].has_perm("commissioning.change_contract", joint)
    assert list(restrict(world.users["officer_rbkc"], Contract.objects.all(), "change")) == []
    assert list(restrict(world.users["officer_hf"], Contract.objects.all())) == [joint]


def test_services_follow_their_group_s_authority(world):
    group = ServiceGroup.objects.create(authority=world.hf, name="Schools Resources")
    service = Service.objects.create(group=group, name="IT Services to Schools")
    assert world.users["officer_hf"].has_perm("commissioning.change_service", service)
    assert not world.users["officer_rbkc"].has_perm("commissioning.change_service", service)
    assert list(restrict(world.users["officer_rbkc"], Service.objects.all())) == []


def test_officers_add_and_correct_providers_but_only_administrators_delete_them(world):
    provider = Provider.objects.create(name="CT Plus")
    expected = {
        "officer_hf": {"view", "add", "change"},
        "officer_rbkc": {"view", "add", "change"},
        "scrutiny": READ,
        "clerk": READ,
        "admin": ALL,
        "nobody": NONE,
    }
    same = dict.fromkeys(expected, provider)
    assert_matrix(
        Provider,
        world.users,
        same,
        same,
        {role: {"own": a, "other": a} for role, a in expected.items()},
    )
