"""Exporting the contracts register: Transparency Code CSV and an OCDS 1.1 release package.

The CSV has the Transparency Code 2015 columns first, then this system's commissioning columns
and a forecast column per financial year, so an export re-imports unchanged. Every text cell
beginning with ``=``, ``+``, ``-`` or ``@`` is prefixed with ``'`` so a spreadsheet shows it as
text rather than running it as a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from childrens_services.financial_years import label
from commissioning.columns import EXTRA_KEYS, TRANSPARENCY_KEYS, header_for
from commissioning.models import Contract
from governance.models import Authority, Partnership

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

#: Placeholder OCID prefix until the council registers its own with the Open Contracting
#: Partnership (``ocds-`` and six characters, as the standard requires).
OCID_PREFIX = "ocds-chsvcs"
OCDS_VERSION = "1.1"
OCDS_CONTRACT_STATUS = {
    "planned": "pending",
    "active": "active",
    "ended": "terminated",
    "cancelled": "cancelled",
}


def neutralise(value: Any) -> str:
    """A cell as text, with a leading ``'`` if a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def contracts_of(owner: Authority | Partnership) -> QuerySet[Contract]:
    """An authority's own contracts, or a partnership's (not its members' own)."""
    condition = Q(partnership=owner) if isinstance(owner, Partnership) else Q(authority=owner)
    return (
        Contract.objects.filter(condition)
        .select_related("provider", "authority", "partnership")
        .prefetch_related("forecasts")
        .order_by("reference")
    )


def _cell(contract: Contract, key: str) -> Any:
    provider = contract.provider
    if key == "supplier":
        return contract.supplier
    if key == "supplier_registration":
        return provider.registration_number if provider else ""
    if key in ("sme", "vcse"):
        flag = getattr(provider, f"is_{key}", None) if provider else None
        return "" if flag is None else ("Yes" if flag else "No")
    if key == "future_intention":
        return contract.get_future_intention_display() if contract.future_intention else ""
    if key == "status":
        return contract.get_status_display()
    value = getattr(contract, key)
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else value


def register_rows(contracts: Iterable[Contract]) -> tuple[list[str], list[list[str]]]:
    """Headers and neutralised rows of the register, with a column per forecast year."""
    contracts = list(contracts)
    years = sorted({f.financial_year for c in contracts for f in c.forecasts.all()})
    keys = [*TRANSPARENCY_KEYS, *EXTRA_KEYS]
    headers = [header_for(key) for key in keys] + [f"Forecast {label(y)}" for y in years]
    rows = []
    for contract in contracts:
        forecasts = {f.financial_year: f.amount for f in contract.forecasts.all()}
        cells = [_cell(contract, key) for key in keys] + [forecasts.get(y, "") for y in years]
        rows.append([neutralise(cell) for cell in cells])
    return headers, rows


def register_csv(contracts: Iterable[Contract]) -> str:
    headers, rows = register_rows(contracts)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue()


def _amount(value: Decimal | None) -> dict[str, Any] | None:
    return None if value is None else {"amount": float(value), "currency": "GBP"}


def _party_id(prefix: str, key: Any) -> str:
    return f"{prefix}-{key}"


def ocds_release_package(
    owner: Authority | Partnership,
    contracts: Iterable[Contract],
    published: dt.datetime,
    uri: str = "",
) -> dict[str, Any]:
    """An OCDS 1.1 release package with one ``contract`` release per register entry."""
    buyer_id = (
        _party_id("GB-LAE", owner.dfe_code)
        if isinstance(owner, Authority)
        else _party_id("GB-PARTNERSHIP", owner.pk)
    )
    buyer = {"id": buyer_id, "name": owner.name}
    stamp = published.isoformat()
    releases = []
    for contract in contracts:
        ocid = f"{OCID_PREFIX}-{buyer_id}-{contract.reference}"
        parties = [{**buyer, "roles": ["buyer", "procuringEntity"]}]
        suppliers = []
        if contract.provider is not None:
            supplier = {
                "id": _party_id("provider", contract.provider.pk),
                "name": contract.supplier,
            }
            registration = contract.provider.registration_number
            if registration:
                scheme = "GB-COH" if contract.provider.companies_house_number else "GB-CHC"
                supplier_party = {**supplier, "identifier": {"scheme": scheme, "id": registration}}
            else:
                supplier_party = dict(supplier)
            parties.append({**supplier_party, "roles": ["supplier"]})
            suppliers.append(supplier)
        elif contract.provider_text:
            supplier = {"id": _party_id("various", contract.pk), "name": contract.provider_text}
            parties.append({**supplier, "roles": ["supplier"]})
            suppliers.append(supplier)
        period = {
            key: dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC).isoformat()
            for key, day in (("startDate", contract.start_date), ("endDate", contract.end_date))
            if day is not None
        }
        award = {"id": f"{contract.reference}-award", "status": "active", "suppliers": suppliers}
        entry: dict[str, Any] = {
            "id": contract.reference,
            "awardID": award["id"],
            "title": contract.title,
            "status": OCDS_CONTRACT_STATUS[contract.status],
        }
        if contract.description:
            entry["description"] = contract.description
        if contract.total_value is not None:
            award["value"] = entry["value"] = _amount(contract.total_value)
        if period:
            award["contractPeriod"] = entry["period"] = period
        releases.append(
            {
                "ocid": ocid,
                "id": f"{ocid}-{contract.version}",
                "date": stamp,
                "tag": ["contract"],
                "initiationType": "tender",
                "language": "en",
                "parties": parties,
                "buyer": buyer,
                "awards": [award],
                "contracts": [entry],
            }
        )
    return {
        "uri": uri or f"urn:childrens-services:contracts:{buyer_id}",
        "version": OCDS_VERSION,
        "publishedDate": stamp,
        "publisher": {"name": owner.name},
        "license": "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
        "publicationPolicy": "https://www.gov.uk/government/publications/local-government-transparency-code-2015",
        "releases": releases,
    }
