"""Demo data for mandates: the complete H&F Mandate for Children's Services 2011 (seed 000),
Merton's statutory responsibilities and service challenges for 2016-17 (seed 004), and the H&F
Ofsted judgements reported in June 2016 (seed 001).

Reads ``fixtures/mandates/*.json`` (provenance in ``fixtures/mandates/README.md``). Every
row goes through ``upsert`` (``full_clean`` then save only when a value differs), so a second
run writes nothing. The mandate's status is set only when it is first created: a demo user who
has since moved it through its lifecycle keeps what they did.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from childrens_services.demo import read_json, upsert
from governance.models import Authority
from mandates.models import (
    Asset,
    KeyFact,
    Mandate,
    Milestone,
    Objective,
    OfstedJudgement,
    PerformanceArrangement,
    Risk,
    ServiceChallenge,
    StatutoryResponsibility,
    StrategicPriority,
    SuccessMeasure,
)

DECIMAL_FIELDS = ("value", "baseline_value", "comparator_value", "target_value")
DATE_FIELDS = ("as_at", "target_date", "previous_inspected", "new_inspected")
MANDATE_FIXTURES = ["hf_2011.json", "merton_2016.json"]


def _typed(row: dict) -> dict:
    """A fixture row with its numbers as ``Decimal`` and its dates as ``date``."""
    values = dict(row)
    for name in DECIMAL_FIELDS:
        if values.get(name) is not None:
            values[name] = Decimal(values[name])
    for name in DATE_FIELDS:
        if values.get(name):
            values[name] = dt.date.fromisoformat(values[name])
    return values


def load_mandate(data: dict) -> Mandate:
    heading = dict(data["mandate"])
    authority = Authority.objects.get(dfe_code=heading.pop("authority"))
    status = heading.pop("status")
    lookup = {"authority": authority, "start_year": heading.pop("start_year")}
    if not Mandate.objects.filter(**lookup).exists():
        heading["status"] = status
    mandate = upsert(Mandate, lookup, heading)
    if mandate.frozen_reason():
        return mandate

    for position, row in enumerate(data.get("key_facts", []), start=1):
        values = _typed(row)
        upsert(
            KeyFact,
            {"mandate": mandate, "area": values.pop("area"), "label": values.pop("label")},
            {"position": position, **values},
        )
    for number, text in enumerate(data.get("priorities", []), start=1):
        upsert(StrategicPriority, {"mandate": mandate, "number": number}, {"text": text})
    for area, texts in data.get("objectives", {}).items():
        for position, text in enumerate(texts, start=1):
            upsert(
                Objective, {"mandate": mandate, "area": area, "position": position}, {"text": text}
            )
    for asset_list, rows in data.get("assets", {}).items():
        for position, (name, status_code, detail) in enumerate(rows, start=1):
            upsert(
                Asset,
                {"mandate": mandate, "asset_list": asset_list, "name": name},
                {"position": position, "status": status_code, "status_detail": detail},
            )
    for position, text in enumerate(data.get("performance_arrangements", []), start=1):
        upsert(PerformanceArrangement, {"mandate": mandate, "position": position}, {"text": text})
    for position, row in enumerate(data.get("success_measures", []), start=1):
        values = _typed(row)
        upsert(
            SuccessMeasure,
            {"mandate": mandate, "indicator": values.pop("indicator")},
            {"position": position, **values},
        )
    for position, text in enumerate(data.get("risks", []), start=1):
        upsert(Risk, {"mandate": mandate, "position": position}, {"description": text})
    divisions = {division.name: division for division in authority.divisions.all()}
    for position, row in enumerate(data.get("milestones", []), start=1):
        upsert(
            Milestone,
            {"mandate": mandate, "division": divisions[row["division"]], "text": row["text"]},
            {
                "year": row["year"],
                "quarter": row["quarter"],
                "position": position,
                "scope": row.get("scope", Milestone.Scope.BOROUGH),
            },
        )
    for position, text in enumerate(data.get("statutory_responsibilities", []), start=1):
        upsert(StatutoryResponsibility, {"mandate": mandate, "text": text}, {"position": position})
    for kind, texts in data.get("service_challenges", {}).items():
        for position, text in enumerate(texts, start=1):
            upsert(
                ServiceChallenge,
                {"mandate": mandate, "kind": kind, "text": text},
                {"position": position},
            )
    return mandate


def load_ofsted_judgements(data: dict) -> int:
    authority = Authority.objects.get(dfe_code=data["authority"])
    reported_on = dt.date.fromisoformat(data["reported_on"])
    for row in data["judgements"]:
        values = _typed(row)
        upsert(
            OfstedJudgement,
            {"authority": authority, "school": values.pop("school"), "reported_on": reported_on},
            values,
        )
    return len(data["judgements"])


def load(stdout) -> None:
    for name in MANDATE_FIXTURES:
        mandate = load_mandate(read_json("mandates", name))
        stdout.write(f"mandates: {mandate} ({_counts(mandate)})")
    judgements = load_ofsted_judgements(read_json("mandates", "hf_ofsted_2016.json"))
    stdout.write(f"mandates: {judgements} Ofsted judgements")


def _counts(mandate: Mandate) -> str:
    return ", ".join(
        f"{getattr(mandate, name).count()} {label}"
        for name, label in [
            ("key_facts", "key facts"),
            ("priorities", "priorities"),
            ("objectives", "objectives"),
            ("assets", "assets"),
            ("success_measures", "success measures"),
            ("risks", "risks"),
            ("milestones", "milestones"),
            ("statutory_responsibilities", "statutory responsibilities"),
            ("service_challenges", "service challenges"),
        ]
        if getattr(mandate, name).exists()
    )
