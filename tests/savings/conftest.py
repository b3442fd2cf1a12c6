"""Fixtures for the savings tests: the seed papers' savings loaded as ``load_demo`` loads them."""

from __future__ import annotations

import io

import pytest

from childrens_services.permissions import ADMINISTRATOR
from governance import demo as governance_demo
from savings import demo as savings_demo
from savings.models import SavingsProgramme
from tests.conftest import make_user


@pytest.fixture
def seeded(db):
    """Governance and savings demo data; returns the programmes by a short key."""
    governance_demo.load(io.StringIO())
    savings_demo.load(io.StringIO())
    return {
        "hf": SavingsProgramme.objects.get(authority__dfe_code="205"),
        "tri": SavingsProgramme.objects.get(partnership__short_name="Tri-borough"),
        "harrow": SavingsProgramme.objects.get(authority__dfe_code="310"),
        "merton": SavingsProgramme.objects.get(authority__dfe_code="315"),
    }


@pytest.fixture
def world_admin(db):
    """An administrator for tests that load the seed authorities rather than the world."""

    return make_user("savings_admin", ADMINISTRATOR)
