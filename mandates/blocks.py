"""Mandates' live blocks for committee report appendices (see childrens_services.blocks).

``mandate`` is a whole mandate as seed 000 prints it: key facts, priorities, objectives, the
procurement table (commissioning's ``contracts_register``), the savings table with its MTFS
split and DSG exclusion (savings' ``savings_table``), assets, workforce, performance, success
measures, risks, the milestones grid and Annexe A (commissioning plan and spend by delivery
model). The other apps' parts are read by their own blocks' functions, so a figure is only
ever computed in one place. ``milestones``, ``assets`` and ``success_measures`` are the same
sections on their own.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from childrens_services import blocks, financial_years
from commissioning import blocks as commissioning_blocks
from mandates import status
from savings import blocks as savings_blocks

QUARTERS = (1, 2, 3, 4)
#: How many of the largest contracts the procurement section lists (seed 000 lists 15).
TOP_CONTRACTS = 15


def _mandate(params: Any):
    """The mandate a block names: ``{"mandate": id}`` or ``{"authority": "205", "start_year":
    2011}`` (the demo fixtures' form, stable across databases)."""
    from mandates.models import Mandate

    if not isinstance(params, dict):
        raise ValidationError({"params": "Parameters must be a JSON object."})
    mandates = Mandate.objects.select_related("authority")
    found = None
    if isinstance(params.get("mandate"), int):
        found = mandates.filter(pk=params["mandate"]).first()
    elif params.get("authority") and isinstance(params.get("start_year"), int):
        found = (
            mandates.filter(
                authority__dfe_code=str(params["authority"]), start_year=params["start_year"]
            )
            .order_by("-pk")
            .first()
        )
    if found is None:
        raise ValidationError(
            {
                "params": 'Name an existing mandate: {"mandate": 1}, or '
                '{"authority": "205", "start_year": 2011}.'
            }
        )
    return found


def validate_mandate(params: dict) -> dict:
    mandate = _mandate(params)
    if "mandate" in params:
        return {"mandate": mandate.pk}
    return {"authority": mandate.authority.dfe_code, "start_year": mandate.start_year}


def _number(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _paragraphs(text: str) -> list[str]:
    return [part.strip() for part in text.split("\n\n") if part.strip()]


def key_facts(mandate) -> list[dict]:
    from mandates.models import Area

    labels = dict(Area.choices)
    return [
        {
            "area": fact.area,
            "area_label": labels[fact.area],
            "label": fact.label,
            "value": fact.display_value,
            "when": f"{fact.as_at:%-d %B %Y}" if fact.as_at else fact.period,
            "source": fact.source,
        }
        for fact in mandate.key_facts.all()
    ]


def assets(mandate) -> list[dict]:
    from mandates.models import Asset

    lists = []
    for value, label in Asset.AssetList.choices:
        rows = [
            {
                "name": asset.name,
                "status": asset.status_detail or asset.get_status_display(),
                "receipt": _money(asset.actual_receipt or asset.expected_receipt),
                "saving": _money(asset.running_cost_saving),
            }
            for asset in mandate.assets.all()
            if asset.asset_list == value
        ]
        if rows:
            lists.append({"label": label, "rows": rows})
    return lists


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _measure_value(value: Decimal | None, unit: str) -> str:
    text = _number(value)
    return f"{text}%" if text and unit == "percent" else text


def success_measures(mandate) -> list[dict]:
    """Measures grouped by theme in the paper's order, with baseline, target and RAG."""
    themes: dict[str, list[dict]] = {}
    for measure in mandate.success_measures.prefetch_related("actuals"):
        baseline = _measure_value(measure.baseline_value, measure.unit)
        if measure.comparator_value is not None:
            baseline += (
                f" compared with {_number(measure.comparator_value)} "
                f"({measure.get_comparator_display().lower()})"
            )
        if measure.baseline_period:
            baseline = (
                f"{baseline} ({measure.baseline_period})" if baseline else measure.baseline_period
            )
        target = measure.target_text or _measure_value(measure.target_value, measure.unit)
        actuals = sorted(measure.actuals.all(), key=lambda a: (a.as_at, a.pk))
        latest = actuals[-1] if actuals else None
        rag = (
            status.rag(
                latest.value,
                polarity=measure.polarity,
                target_kind=measure.target_kind,
                target_value=measure.target_value,
                comparator_value=(
                    latest.comparator_value
                    if latest.comparator_value is not None
                    else measure.comparator_value
                ),
            )
            if latest
            else None
        )
        themes.setdefault(measure.theme, []).append(
            {
                "indicator": measure.indicator,
                "baseline": baseline or "To be confirmed",
                "target": target or "To be confirmed",
                "latest": (
                    f"{_measure_value(latest.value, measure.unit)} ({latest.period})"
                    if latest
                    else ""
                ),
                "rag": rag.value.capitalize() if rag else "",
            }
        )
    return [{"theme": theme, "measures": rows} for theme, rows in themes.items()]


def milestones(mandate) -> list[dict]:
    """One grid per financial year: a row per division, a cell per quarter (seed 000 §10)."""
    rows = list(mandate.milestones.select_related("division"))
    years = sorted({m.year for m in rows})
    divisions = sorted({(m.division_id, m.division.name) for m in rows})
    grids = []
    for year in years:
        grid = []
        for division_id, name in divisions:
            cells = [
                [
                    m.text + (" (3BW)" if m.scope == "3BW" else "")
                    for m in rows
                    if m.year == year and m.quarter == quarter and m.division_id == division_id
                ]
                for quarter in QUARTERS
            ]
            grid.append({"division": name, "quarters": cells})
        grids.append({"year": financial_years.label(year).replace("/", "-"), "rows": grid})
    return grids


def _savings_programme(mandate):
    from savings.models import SavingsProgramme

    return (
        SavingsProgramme.objects.filter(
            authority=mandate.authority,
            first_year__lte=mandate.end_year,
            last_year__gte=mandate.start_year,
        )
        .order_by("first_year", "pk")
        .first()
    )


def mandate_snapshot(params: dict) -> dict:
    """Every section of the mandate, with the other apps' tables read by their blocks."""
    mandate = _mandate(params)
    authority = mandate.authority
    programme = _savings_programme(mandate)
    savings = None
    if programme is not None:
        savings = savings_blocks.savings_table(
            savings_blocks.validate_savings_table({"programme": programme.pk})
        )
    return {
        "title": mandate.title,
        "authority": authority.name,
        "period": mandate.period_label,
        "status": mandate.get_status_display(),
        "vision": _paragraphs(mandate.vision),
        "introduction": _paragraphs(mandate.introduction),
        "commitments": _lines(mandate.commitments),
        "key_facts": key_facts(mandate),
        "priorities": [{"number": p.number, "text": p.text} for p in mandate.priorities.all()],
        "objectives": [
            {"area": o.area, "area_label": o.get_area_display(), "text": o.text}
            for o in mandate.objectives.all()
        ],
        "procurement": {
            "authority": authority.name,
            "year": mandate.start_year,
            "year_label": financial_years.label(mandate.start_year),
            "rows": commissioning_blocks.contract_rows(
                authority, mandate.start_year, TOP_CONTRACTS
            ),
        },
        "savings": savings,
        "assets": assets(mandate),
        "workforce": _paragraphs(mandate.workforce),
        "performance_summary": _paragraphs(mandate.performance_summary),
        "performance": [p.text for p in mandate.performance_arrangements.all()],
        "success_summary": _paragraphs(mandate.success_summary),
        "success_measures": success_measures(mandate),
        "risks_summary": _paragraphs(mandate.risks_summary),
        "risks": [r.description for r in mandate.risks.all()],
        "milestones": milestones(mandate),
        "plan": commissioning_blocks.commissioning_plan(
            authority, mandate.start_year, mandate.end_year
        ),
        "spend": commissioning_blocks.delivery_model_spend(
            authority, mandate.start_year, mandate.end_year
        ),
    }


def _areas(rows: list[dict]) -> list[dict]:
    """Rows grouped by area in the paper's order (social care, early intervention, education)."""
    from mandates.models import Area

    order = {value: index for index, value in enumerate(Area.values)}
    grouped: dict[str, dict] = {}
    for row in sorted(rows, key=lambda row: order.get(row["area"], len(order))):
        grouped.setdefault(row["area"], {"label": row["area_label"], "rows": []})["rows"].append(
            row
        )
    return list(grouped.values())


def _asset_context(lists: list[dict]) -> list[dict]:
    return [
        group
        | {
            "rows": [
                row
                | {
                    "receipt": blocks.figure(row["receipt"], scale=1000),
                    "saving": blocks.figure(row["saving"], scale=1000),
                }
                for row in group["rows"]
            ],
            "has_money": any(row["receipt"] or row["saving"] for row in group["rows"]),
        }
        for group in lists
    ]


def mandate_context(data: dict) -> dict:
    """Figures formatted as the paper prints them; the chart drawn from the frozen spend."""
    return data | {
        "background_facts": [f for f in data["key_facts"] if f["area"] == "background"],
        "objective_areas": _areas(
            [
                o | {"facts": [f for f in data["key_facts"] if f["area"] == o["area"]]}
                for o in data["objectives"]
            ]
        ),
        "procurement": commissioning_blocks.contracts_context(data["procurement"]),
        "savings": data["savings"] and savings_blocks.savings_context(data["savings"]),
        "assets": _asset_context(data["assets"]),
        "spend": commissioning_blocks.spend_context(
            data["spend"], f"{data['authority']}: spend by service delivery model (£k)"
        ),
    }


def _section(name: str):
    """A block that is one section of a mandate (``milestones``, ``assets``...)."""
    functions = {"milestones": milestones, "assets": assets, "success_measures": success_measures}

    def snapshot(params: dict) -> dict:
        mandate = _mandate(params)
        return {
            "title": mandate.title,
            "authority": mandate.authority.name,
            "period": mandate.period_label,
            name: functions[name](mandate),
        }

    return snapshot


def section_context(data: dict) -> dict:
    return data | ({"assets": _asset_context(data["assets"])} if "assets" in data else {})


blocks.register(
    name="mandate",
    label="Mandate (whole)",
    snapshot=mandate_snapshot,
    template="mandates/blocks/mandate.html",
    validate=validate_mandate,
    context=mandate_context,
)
for _name, _label in (
    ("milestones", "Mandate milestones"),
    ("assets", "Mandate assets"),
    ("success_measures", "Mandate success measures"),
):
    blocks.register(
        name=_name,
        label=_label,
        snapshot=_section(_name),
        template=f"mandates/blocks/{_name}.html",
        validate=validate_mandate,
        context=section_context,
    )
