"""Fixtures for the savings tests: the seed papers' savings loaded as ``load_demo`` loads them."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from childrens_services.permissions import ADMINISTRATOR
from governance import demo as governance_demo
from savings import demo as savings_demo
from savings.models import SavingsProgramme
from tests.conftest import make_user, rolled_back_afterwards


def pytest_collection_modifyitems(items):
    """Run each savings module's tests that do not use the seed papers first.

    The seed papers stay loaded from a module's first ``seeded`` test to its end (see
    ``seed_papers``), and they hold the same authorities and users as ``world``, so a ``world``
    test after them would clash. The sort is stable: otherwise the order is the file's.
    """
    here = Path(__file__).parent
    ours = [i for i, item in enumerate(items) if item.path.is_relative_to(here)]
    ordered = sorted((items[i] for i in ours), key=lambda item: (
        str(item.path), "seeded" in getattr(item, "fixturenames", ())
    ))  # fmt: skip
    for index, item in zip(ours, ordered, strict=True):
        items[index] = item


@pytest.fixture(scope="module")
def seed_papers(django_db_setup, django_db_blocker):
    """Governance and savings demo data, loaded once per module (about 2 s a load) and rolled
    back when the module ends; each test's changes are rolled back after it."""
    with rolled_back_afterwards(django_db_blocker):
        governance_demo.load(io.StringIO())
        savings_demo.load(io.StringIO())
        yield


@pytest.fixture
def seeded(seed_papers, db):
    """The seed papers' programmes by a short key."""
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
