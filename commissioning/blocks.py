"""Commissioning's live blocks for committee report appendices (see childrens_services.blocks).

``contracts_register`` is an extract of an authority's register: its largest contracts by the
spend forecast for one financial year, as seed 000's "Procurement" table prints them. The
commissioning plan (Annexe A) and spend by delivery model are read here too, for the
``mandate`` block, so each app alone decides how its records become a paper's rows.
"""

from __future__ import annotations

import re
import uuid
from decimal import Decimal

from childrens_services import blocks, charts, financial_years
from childrens_services.formatting import MISSING, figure, percent
from childrens_services.permissions import restrict
from commissioning import spend
from commissioning.models import (
    Contract,
    ContractForecast,
    DeliveryModelSpend,
    FutureIntention,
    ServiceDeliveryModel,
    ServiceGroup,
    SpendCategory,
)
from governance.blocks import AUTHORITY

#: The paper's money unit for contract values and forecasts (£000s).
THOUSANDS = 1000
DATE_FORMAT = "%d/%m/%y"


def contract_rows(authority, year: int, limit: int) -> list[dict]:
    """The authority's contracts with a forecast for ``year``, largest forecast first."""
    forecasts = {
        forecast.contract_id: forecast.amount
        for forecast in ContractForecast.objects.filter(
            contract__authority=authority, financial_year=year
        )
    }
    contracts = (
        Contract.objects.filter(pk__in=forecasts)
        .exclude(status__in=[Contract.Status.CANCELLED])
        .select_related("provider")
    )
    ranked = sorted(contracts, key=lambda c: (-forecasts[c.pk], c.reference))[:limit]
    return [
        {
            "reference": contract.reference,
            "supplier": contract.supplier,
            "description": contract.title,
            "total_value": blocks.decimal_text(contract.total_value),
            "renewal": (
                f"{contract.end_date:{DATE_FORMAT}}" if contract.end_date else contract.renewal_text
            ),
            "forecast": str(forecasts[contract.pk]),
            "future_intention": contract.get_future_intention_display(),
        }
        for contract in ranked
    ]


def commissioning_plan(authority, start_year: int, end_year: int) -> dict:
    """Annexe A: service groups with their objectives and metrics, and each service's
    delivery model in each period that starts within the mandate's years."""
    groups = list(ServiceGroup.objects.filter(authority=authority).prefetch_related("services"))
    models = ServiceDeliveryModel.objects.filter(
        service__group__authority=authority,
        start_year__gte=start_year,
        start_year__lte=end_year,
    )
    by_service: dict[int, dict[int, ServiceDeliveryModel]] = {}
    periods: dict[int, tuple[int, int, bool]] = {}
    for model in models:
        by_service.setdefault(model.service_id, {})[model.start_year] = model
        periods[model.start_year] = (model.start_year, model.end_year, model.is_planned)
    columns = [periods[key] for key in sorted(periods)]
    return {
        "periods": [
            {
                "label": financial_years.period_label(start, end),
                "status": "Planned" if planned else "Current",
            }
            for start, end, planned in columns
        ],
        "groups": [
            {
                "name": group.name,
                "objectives": _lines(group.objectives),
                "metrics": _lines(group.metrics),
                "services": [
                    {
                        "name": service.name,
                        "objectives": service.objectives,
                        "models": [
                            _delivery_model(by_service.get(service.pk, {}).get(start))
                            for start, _, _ in columns
                        ],
                    }
                    for service in group.services.all()
                ],
            }
            for group in groups
        ],
    }


def _lines(text: str) -> list[str]:
    return [line.strip(" •-\t") for line in text.splitlines() if line.strip(" •-\t")]


def _delivery_model(model) -> str:
    if model is None:
        return ""
    label = model.get_model_display()
    return f"{label} ({model.qualifier})" if model.qualifier else label


def delivery_model_spend(authority, start_year: int, end_year: int) -> dict:
    """Spend by delivery model per period, with each category's share and the total."""
    rows = list(
        DeliveryModelSpend.objects.filter(
            authority=authority, start_year__gte=start_year, start_year__lte=end_year
        )
    )
    shares = spend.shares_by_period(rows)
    amounts: dict[tuple[int, int], dict[str, Decimal]] = {}
    for row in rows:
        amounts.setdefault((row.start_year, row.end_year), {})[row.category] = row.amount
    periods = sorted(amounts)
    categories = [
        (value, label)
        for value, label in SpendCategory.choices
        if any(value in amounts[period] for period in periods)
    ]
    return {
        "periods": [financial_years.period_label(start, end) for start, end in periods],
        "rows": [
            {
                "category": label,
                "cells": [
                    {
                        "amount": blocks.decimal_text(amounts[period].get(value)),
                        "share": blocks.decimal_text(shares[period].get(value)),
                    }
                    for period in periods
                ],
            }
            for value, label in categories
        ],
        "totals": [str(sum(amounts[period].values(), Decimal(0))) for period in periods],
    }


def spend_context(data: dict, title: str) -> dict:
    """Spend in £k with shares, and the bar chart drawn (as SVG) from the same figures, its
    value axis in £k or £m (``charts.bar_chart(pounds=True)``)."""
    rows = [
        {
            "category": row["category"],
            "cells": [
                {
                    "amount": figure(cell["amount"], scale=THOUSANDS, blank=MISSING),
                    "share": percent(cell["share"]) or MISSING,
                }
                for cell in row["cells"]
            ],
        }
        for row in data["rows"]
    ]
    chart = ""
    if data["periods"]:
        chart = charts.bar_chart(
            title,
            data["periods"],
            {
                row["category"]: [
                    None if cell["amount"] is None else Decimal(cell["amount"])
                    for cell in row["cells"]
                ]
                for row in data["rows"]
            },
            y_title="Spend",
            pounds=True,
        )
        chart = _unique_series_ids(chart)
    return {
        "periods": data["periods"],
        "rows": rows,
        "totals": [
            {
                "amount": figure(total, scale=THOUSANDS),
                "share": f"{figure(spend.shares({'all': Decimal(total)})['all'])}%",
            }
            for total in data["totals"]
        ],
        "chart": chart,
        "unrecorded": any(cell["amount"] is None for row in data["rows"] for cell in row["cells"]),
    }


def _unique_series_ids(svg: str) -> str:
    """pygal names its legend anchors ``activate-serie-0``... in every chart; a pack with two
    mandates would define the same anchor twice, which WeasyPrint warns about."""
    prefix = f"serie-{uuid.uuid4().hex[:8]}"
    return re.sub(r'id="activate-serie-(\d+)"', rf'id="{prefix}-\1"', svg)


def contracts_context(data: dict) -> dict:
    """Contract values and forecasts in £000s, as the paper prints them."""
    rows = [
        row
        | {
            "total_value_shown": figure(row["total_value"], scale=THOUSANDS, blank=MISSING),
            "forecast_shown": figure(row["forecast"], scale=THOUSANDS),
        }
        for row in data["rows"]
    ]
    short = data["year_label"][2:] if data["year_label"].startswith("20") else data["year_label"]
    unvalued = any(row["total_value"] is None for row in rows)
    return data | {"rows": rows, "short_year": short, "unvalued": unvalued}


class ContractsRegister(blocks.Block):
    """An extract of an authority's register: its largest contracts by one year's forecast."""

    code = "contracts_register"
    name = "Contracts register extract"
    template = "commissioning/blocks/contracts_register.html"
    model = Contract
    params = {
        "authority": AUTHORITY,
        "year": blocks.Year(label="Forecast for the financial year"),
        "limit": blocks.WholeNumber(
            1, 500, required=False, default=15, label="How many contracts, largest first"
        ),
    }

    def years_offered(self, user) -> list[int]:
        """The years the contracts the clerk may see have a forecast for."""
        contracts = restrict(user, Contract.objects.all())
        years = (
            ContractForecast.objects.filter(contract__in=contracts)
            .order_by()
            .values_list("financial_year", flat=True)
            .distinct()
        )
        return sorted(set(years)) or super().years_offered(user)

    def snapshot(self, params: dict) -> dict:
        authority = AUTHORITY.clean(params["authority"])
        return {
            "authority": authority.name,
            "year": params["year"],
            "year_label": financial_years.label(params["year"]),
            "rows": contract_rows(authority, params["year"], params["limit"]),
        }

    def context(self, snapshot: dict) -> dict:
        return contracts_context(snapshot)


def future_intention_labels() -> list[str]:
    """The key to a contracts table's "future intention" column, as the mandate prints it."""
    return [label for _, label in FutureIntention.choices]
