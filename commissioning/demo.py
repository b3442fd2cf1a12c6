"""Demo data for commissioning, transcribed from the seed papers (see fixtures/commissioning/).

Seed 000 (H&F mandate 2011): the top 15 contracts and Annexe A's commissioning plan and spend by
delivery model; seed 001 (H&F, 2016): the school meals and travel care contracts; seed 004
(Merton, 2016): its commissioning services and the contracts it names. The papers give money in
£000s; it is stored in pounds.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from childrens_services.demo import read_json, upsert
from childrens_services.formatting import from_paper
from commissioning.models import (
    Contract,
    ContractForecast,
    ContractLot,
    DeliveryModelSpend,
    Provider,
    Service,
    ServiceDeliveryModel,
    ServiceGroup,
    SpendCategory,
)
from governance.models import Authority

THOUSAND = Decimal(1000)


def _paper_date(text: str | None) -> dt.date | None:
    """The paper writes dd/mm/yy; the fixtures written for this system use ISO dates."""
    if not text:
        return None
    if "/" in text:
        return dt.datetime.strptime(text, "%d/%m/%y").date()
    return dt.date.fromisoformat(text)


def load_plan(groups: list[dict], authority: Authority, periods: list | None) -> None:
    for g_order, group_row in enumerate(groups, start=1):
        group = upsert(
            ServiceGroup,
            {"authority": authority, "name": group_row["name"]},
            {
                "objectives": group_row["objectives"],
                "metrics": group_row["metrics"],
                "order": g_order,
            },
        )
        for s_order, service_row in enumerate(group_row["services"], start=1):
            service = upsert(
                Service,
                {"group": group, "name": service_row["name"]},
                {"objectives": service_row["objectives"], "order": s_order},
            )
            for (start, end, planned), (model, qualifier) in zip(
                periods or [], service_row.get("models", []), strict=True
            ):
                upsert(
                    ServiceDeliveryModel,
                    {"service": service, "start_year": start},
                    {
                        "end_year": end,
                        "model": model,
                        "qualifier": qualifier,
                        "is_planned": planned,
                    },
                )


def load_contract(row: dict, authority: Authority, providers: dict[str, Provider]) -> Contract:
    values = {
        "title": row.get("title") or row["description"],
        "description": row.get("description", ""),
        "responsible_department": row.get("responsible_department", ""),
        "provider": providers.get(row.get("supplier", "")),
        "provider_text": row.get("supplier_text", ""),
        "total_value": from_paper(row.get("value"), THOUSAND),
        "start_date": _paper_date(row.get("start")),
        "end_date": _paper_date(row.get("renewal") or row.get("end")),
        "renewal_text": row.get("renewal_text", ""),
        "future_intention": row.get("intention", ""),
        "initial_term_years": row.get("initial_term_years"),
        "extension_years": row.get("extension_years"),
        "procurement_route": row.get("procurement_route", ""),
        "social_value": row.get("social_value", ""),
        "apprenticeships": row.get("apprenticeships"),
    }
    contract = upsert(
        Contract, {"authority": authority, "partnership": None, "reference": row["ref"]}, values
    )
    for lot in row.get("lots", []):
        upsert(
            ContractLot,
            {"contract": contract, "number": lot["number"]},
            {"title": lot["title"], "provider": providers[lot["provider"]]},
        )
    return contract


def load(stdout) -> None:
    contracts = read_json("commissioning", "contracts.json")
    plan = read_json("commissioning", "commissioning_plan.json")
    authorities = {a.dfe_code: a for a in Authority.objects.filter(dfe_code__in=["205", "315"])}
    providers = {
        row["name"]: upsert(
            Provider,
            {"name": row["name"]},
            {"kind": row["kind"], "is_vcse": row.get("is_vcse")},
        )
        for row in contracts["providers"]
    }
    procurement = contracts["procurement_hf_2011"]
    hf = authorities[procurement["authority"]]
    for row in procurement["rows"]:
        contract = load_contract(row, hf, providers)
        upsert(
            ContractForecast,
            {"contract": contract, "financial_year": procurement["forecast_year"]},
            {"amount": from_paper(row["forecast"], THOUSAND)},
        )
    for row in contracts["contracts_2016"] + contracts["merton_contracts"]:
        load_contract(row, authorities[row["authority"]], providers)

    load_plan(plan["groups"], authorities[plan["authority"]], plan["periods"])
    for row in plan["spend_thousands"]:
        for category in SpendCategory:
            upsert(
                DeliveryModelSpend,
                {"authority": hf, "start_year": row["start"], "category": category.value},
                {"end_year": row["end"], "amount": from_paper(row[category.value], THOUSAND)},
            )
    merton = plan["merton"]
    load_plan(merton["groups"], authorities[merton["authority"]], None)
    stdout.write(
        f"commissioning: {Contract.objects.count()} contracts, "
        f"{Service.objects.count()} services, {Provider.objects.count()} providers"
    )
