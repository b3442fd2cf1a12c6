"""Helpers for the API tests: a client per user, and a record of each kind per authority."""

from __future__ import annotations

import itertools
from decimal import Decimal

from rest_framework.test import APIClient

from commissioning.models import Contract, ContractForecast, ServiceGroup
from mandates.models import KeyFact, Mandate
from savings.models import CapitalProgrammeLine, SavingsLine, SavingsProfile, SavingsProgramme


def client_for(user) -> APIClient:
    """A client signed in as ``user`` (``None`` for an anonymous one)."""
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def etag_of(record) -> str:
    """The ETag the API gives ``record`` as stored now."""
    record.refresh_from_db()
    return f'"{record._meta.label_lower}.{record.pk}.v{record.version}"'


def make_mandate(authority, start_year: int = 2011, **values) -> Mandate:
    return Mandate.objects.create(
        authority=authority,
        title=values.pop("title", f"{authority.short_name} mandate {start_year}"),
        start_year=start_year,
        end_year=start_year + 3,
        **values,
    )


def make_programme(authority, name: str = "MTFS") -> SavingsProgramme:
    return SavingsProgramme.objects.create(
        authority=authority, name=f"{authority.short_name} {name}", first_year=2011, last_year=2013
    )


def make_line(authority, description: str = "Restructure") -> SavingsLine:
    programme = SavingsProgramme.objects.filter(authority=authority).first() or make_programme(
        authority
    )
    return SavingsLine.objects.create(programme=programme, description=description)


_references = itertools.count(1)
_years = itertools.count(1)


def make_contract(authority, reference: str = "", **values) -> Contract:
    return Contract.objects.create(
        authority=authority,
        reference=reference or f"C-{next(_references)}",
        title=values.pop("title", "Fostering framework"),
        total_value=values.pop("total_value", Decimal("250000")),
        provider_text=values.pop("provider_text", "Various"),
        **values,
    )


#: For each resource: its URL, how to make a record for an authority, a change to PATCH, and
#: the body of a new record (with ``{authority}`` and ``{parent}`` filled in by the test).
RESOURCES = {
    "mandates": (
        lambda a: make_mandate(a),
        {"vision": "Every child safe"},
        lambda a: {"authority": a.pk, "title": "New", "start_year": 2030, "end_year": 2031},
    ),
    "key-facts": (
        lambda a: KeyFact.objects.create(
            mandate=make_mandate(a), label="Children in care", value=Decimal("235")
        ),
        {"label": "Children looked after"},
        lambda a: {"mandate": make_mandate(a, 2040).pk, "label": "CP plans", "value": "12"},
    ),
    "savings-programmes": (
        lambda a: make_programme(a),
        {"description": "Phase 1"},
        lambda a: {"authority": a.pk, "name": "New", "first_year": 2014, "last_year": 2015},
    ),
    "savings-lines": (
        lambda a: make_line(a),
        {"description": "Merge teams"},
        lambda a: {"programme": make_programme(a, "Other").pk, "description": "Share YOS"},
    ),
    "savings-profiles": (
        lambda a: SavingsProfile.objects.create(
            line=make_line(a), authority=a, year=2011, amount=Decimal("70000")
        ),
        {"amount": "80000.00"},
        lambda a: {"line": make_line(a, "L2").pk, "authority": a.pk, "year": 2012, "amount": "5"},
    ),
    "capital-programme-lines": (
        lambda a: CapitalProgrammeLine.objects.create(
            authority=a,
            programme_name="Schools",
            category="Primary",
            year=2000 + next(_years),
            amount=1000,
        ),
        {"amount": "2000.00"},
        lambda a: {
            "authority": a.pk,
            "programme_name": "Schools",
            "category": "SEN",
            "year": 2013,
            "amount": "10.00",
        },  # fmt: skip
    ),
    "contracts": (
        lambda a: make_contract(a),
        {"title": "Fostering framework 2"},
        lambda a: {
            "authority": a.pk,
            "reference": "NEW-1",
            "title": "Advocacy",
            "provider_text": "Various",
        },
    ),
    "contract-forecasts": (
        lambda a: ContractForecast.objects.create(
            contract=make_contract(a), financial_year=2012, amount=1000
        ),
        {"amount": "1200.00"},
        lambda a: {
            "contract": make_contract(a).pk,
            "financial_year": 2013,
            "amount": "5.00",
        },  # fmt: skip
    ),
    "service-groups": (
        lambda a: ServiceGroup.objects.create(authority=a, name=f"Group {next(_references)}"),
        {"objectives": "Keep children safe"},
        lambda a: {"authority": a.pk, "name": "Early help"},
    ),
}
