"""Mandates' live blocks for committee report appendices (see childrens_services.blocks).

``mandate`` is a whole mandate as seed 000 prints it: key facts, priorities, objectives, the
procurement table (commissioning's ``contracts_register``), the savings table with its MTFS
split and DSG exclusion (savings' ``savings_table``), assets, workforce, performance, success
measures, risks, the milestones grid and Annexe A (commissioning plan and spend by delivery
model). The other apps' parts are read by their own blocks' functions, so a figure is only
ever computed in one place. ``milestones``, ``assets`` and ``success_measures`` are the same
sections on their own. ``ofsted_judgements`` is the table of schools' previous and new Ofsted
outcomes a paper reports (seed 001).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Max

from childrens_services import blocks, financial_years
from childrens_services.formatting import (
    MISSING,
    count,
    figure,
    note_mark,
    or_not_recorded,
    percent,
)
from childrens_services.permissions import restrict
from commissioning import blocks as commissioning_blocks
from governance.blocks import AUTHORITY
from mandates import status
from mandates.models import Area, Asset, Mandate, OfstedJudgement, SuccessMeasure
from savings.blocks import FIGURES, SavingsTable
from savings.models import SavingsProgramme

QUARTERS = (1, 2, 3, 4)
#: How many of the largest contracts the procurement section lists (seed 000 lists 15).
TOP_CONTRACTS = 15
#: Section 1 numbers its paragraphs after its two headed parts, 1.1 (background, the key
#: facts) and 1.2 (the strategic priorities): the introduction's first paragraph is 1.3.
INTRODUCTION_FIRST_PARAGRAPH = 3
#: A baseline compared with a comparator, in the paper's words ("529.1 compared with 596.5
#: average for statistical neighbours").
COMPARED_WITH = {
    SuccessMeasure.Comparator.STATISTICAL_NEIGHBOURS: "average for statistical neighbours",
    SuccessMeasure.Comparator.NATIONAL: "national average",
    SuccessMeasure.Comparator.LONDON: "London average",
}
#: A mandate's status as its printed cover says it.
STATUS_LABELS = {
    Mandate.Status.DRAFT: "Draft",
    Mandate.Status.SUBMITTED: "Submitted for approval",
    Mandate.Status.APPROVED: "Approved",
    Mandate.Status.PUBLISHED: "Published",
}


class MandateParams(blocks.Param):
    """The mandate a block names: ``{"mandate": id}`` or ``{"authority": "205", "start_year":
    2011}`` (the demo fixtures' form, stable across databases). Unlike other parameters it is
    read from the whole object, so the block's ``clean`` calls it on the parameters at once."""

    message = (
        'Name an existing mandate: {"mandate": 1}, or {"authority": "205", "start_year": 2011}.'
    )

    def read(self, value: dict, name: str) -> Mandate:
        mandates = Mandate.objects.select_related("authority")
        found = None
        if isinstance(value.get("mandate"), int):
            found = mandates.filter(pk=value["mandate"]).first()
        elif value.get("authority") and isinstance(value.get("start_year"), int):
            found = (
                mandates.filter(
                    authority__dfe_code=str(value["authority"]), start_year=value["start_year"]
                )
                .order_by("-pk")
                .first()
            )
        if found is None:
            raise blocks.refuse(self.message)
        return found


MANDATE = MandateParams()

#: How a clerk picks the mandate in the composer: from the mandates they may see, stored by id.
MANDATE_PICKED = blocks.Record(Mandate, label="Mandate", message=MandateParams.message)


class MandateBlock(blocks.Block):
    """A block drawn from one mandate; it keeps the parameters in the form they were given."""

    model = Mandate

    def clean(self, params: Any) -> dict:
        super().clean(params)  # the "JSON object" check and the declared parameters
        mandate = MANDATE.clean(params)
        named = (
            {"mandate": mandate.pk}
            if "mandate" in params
            else {"authority": mandate.authority.dfe_code, "start_year": mandate.start_year}
        )
        if params.get("figures"):
            named["figures"] = params["figures"]
        return named

    def mandate(self, params: dict) -> Mandate:
        return MANDATE.clean(params)

    def form_params(self) -> dict[str, blocks.Param]:
        """The mandate is read from the parameters as a whole (either form); a clerk picks it
        from a list, and the pick is stored by id."""
        return {"mandate": MANDATE_PICKED}

    def form_initial(self, params: dict) -> dict:
        try:
            return {"mandate": MANDATE.clean(params).pk}
        except ValidationError:
            return {"mandate": None}

    def describe(self, params: dict) -> list[tuple[str, str]]:
        try:
            return [("Mandate", str(MANDATE.clean(params)))]
        except ValidationError as refused:
            return [("Mandate", " ".join(refused.messages))]

    def cover(self, params: dict) -> dict:
        """The mandate as a paper of its own: its council, title, period and where it stands
        (dated by the step that put it there, or by its last change when none is recorded)."""
        mandate = self.mandate(params)
        stages = Mandate.Status
        stepped = {
            stages.SUBMITTED: mandate.submitted_at,
            stages.APPROVED: mandate.approved_at,
            stages.PUBLISHED: mandate.published_at,
        }.get(mandate.status)
        if stepped is None:
            last = mandate.history.order_by("-history_date").first()
            stepped = last.history_date if last is not None else None
        return {
            "title": mandate.title,
            "council": mandate.authority.name,
            "period": mandate.period_label,
            "status": STATUS_LABELS.get(mandate.status, mandate.get_status_display()),
            "date": stepped.date() if stepped is not None else None,
            "published": mandate.status == stages.PUBLISHED,
        }


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _paragraphs(text: str) -> list[str]:
    return [part.strip() for part in text.split("\n\n") if part.strip()]


def key_facts(mandate) -> list[dict]:
    """Each fact as the paper states it, with its source; ``footnote`` is the paper's note the
    fact cites, so that two facts citing one note share it when printed."""
    labels = dict(Area.choices)
    return [
        {
            "area": fact.area,
            "area_label": labels[fact.area],
            "label": fact.label,
            "statement": fact.statement,
            "value": fact.display_value,
            "when": f"{fact.as_at:%-d %B %Y}" if fact.as_at else fact.period,
            "source": fact.source,
            "footnote": fact.footnote,
        }
        for fact in mandate.key_facts.all()
    ]


def assets(mandate) -> list[dict]:
    lists = []
    for value, label in Asset.AssetList.choices:
        rows = [
            {
                "name": asset.name,
                "status": asset.status_detail or asset.get_status_display(),
                "receipt": blocks.decimal_text(
                    asset.expected_receipt if asset.actual_receipt is None else asset.actual_receipt
                ),
                "saving": blocks.decimal_text(asset.running_cost_saving),
            }
            for asset in mandate.assets.all()
            if asset.asset_list == value
        ]
        if rows:
            lists.append({"label": label, "rows": rows})
    return lists


def _measure_value(value, unit: str) -> str:
    return percent(value) if unit == "percent" else count(value)


def success_measures(mandate) -> list[dict]:
    """Measures grouped by theme in the paper's order, with baseline, target and RAG."""
    themes: dict[str, list[dict]] = {}
    for measure in mandate.success_measures.prefetch_related("actuals"):
        baseline = _measure_value(measure.baseline_value, measure.unit)
        if measure.comparator_value is not None:
            baseline += (
                f" compared with {count(measure.comparator_value)} "
                f"{COMPARED_WITH[measure.comparator]}"
            )
        if measure.baseline_period:
            baseline = (
                f"{baseline} ({measure.baseline_period})" if baseline else measure.baseline_period
            )
        target = measure.target_text or (
            _measure_value(measure.target_value, measure.unit)
            if measure.target_kind == status.TARGET_VALUE
            else measure.get_target_kind_display()
        )
        actuals = sorted(measure.actuals.all(), key=lambda a: (a.as_at, a.pk))
        latest = actuals[-1] if actuals else None
        value = latest.value if latest else None
        judged = {
            "target_kind": measure.target_kind,
            "target_value": measure.target_value,
            "comparator_value": (
                latest.comparator_value
                if latest and latest.comparator_value is not None
                else measure.comparator_value
            ),
        }
        rag = status.rag(value, polarity=measure.polarity, **judged)
        themes.setdefault(measure.theme, []).append(
            {
                "indicator": measure.indicator,
                "baseline": or_not_recorded(baseline),
                "target": or_not_recorded(target),
                "latest": or_not_recorded(
                    f"{_measure_value(latest.value, measure.unit)} ({latest.period})"
                    if latest
                    else "",
                    "no actual yet",
                ),
                "rag": (
                    rag.value.capitalize()
                    if rag
                    else f"No status ({status.why_no_status(value, **judged)})"
                ),
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
    return (
        SavingsProgramme.objects.filter(
            authority=mandate.authority,
            first_year__lte=mandate.end_year,
            last_year__gte=mandate.start_year,
        )
        .order_by("first_year", "pk")
        .first()
    )


def mandate_snapshot(mandate, figures: str | None = None) -> dict:
    """Every section of the mandate, with the other apps' tables read by their blocks."""
    authority = mandate.authority
    programme = _savings_programme(mandate)
    savings = None
    if programme is not None:
        table = SavingsTable()
        savings = table.snapshot(table.clean({"programme": programme.pk, "figures": figures}))
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
        "objectives_summary": _paragraphs(mandate.objectives_summary),
        "objectives": [
            {"area": o.area, "area_label": o.get_area_display(), "text": o.text}
            for o in mandate.objectives.all()
        ],
        "commissioning_summary": _paragraphs(mandate.commissioning_summary),
        "procurement_summary": _paragraphs(mandate.procurement_summary),
        "procurement": {
            "authority": authority.name,
            "year": mandate.start_year,
            "year_label": financial_years.label(mandate.start_year),
            "rows": commissioning_blocks.contract_rows(
                authority, mandate.start_year, TOP_CONTRACTS
            ),
        },
        "future_intentions": commissioning_blocks.future_intention_labels(),
        "procurement_note": _paragraphs(mandate.procurement_note),
        "savings_summary": _paragraphs(mandate.savings_summary),
        "savings": savings,
        "assets_summary": _paragraphs(mandate.assets_summary),
        "assets": assets(mandate),
        "workforce": _paragraphs(mandate.workforce),
        "performance_summary": _paragraphs(mandate.performance_summary),
        "performance": [p.text for p in mandate.performance_arrangements.all()],
        "success_summary": _paragraphs(mandate.success_summary),
        "success_measures": success_measures(mandate),
        "risks_summary": _paragraphs(mandate.risks_summary),
        "risks": [r.description for r in mandate.risks.all()],
        "risks_note": _paragraphs(mandate.risks_note),
        "milestones": milestones(mandate),
        "commissioning_vision": _paragraphs(mandate.commissioning_vision),
        "plan": commissioning_blocks.commissioning_plan(
            authority, mandate.start_year, mandate.end_year
        ),
        "spend": commissioning_blocks.delivery_model_spend(
            authority, mandate.start_year, mandate.end_year
        ),
    }


def _numbered(section: int, paragraphs: list[str], first: int = 1) -> list[dict]:
    """Paragraphs with the paper's numbers, ``section.first`` onwards (1.3, 1.4 ...)."""
    return [
        {"number": f"{section}.{first + index}", "text": text}
        for index, text in enumerate(paragraphs)
    ]


def _facts_by_area(facts: list[dict]) -> dict[str, dict]:
    """Each area's facts as printed ("label: value" and a note mark) and the notes under them.

    Note marks are numbered through the mandate in the order the areas print (background,
    then each objective area); facts citing the same note of the paper share one mark. A fact
    without a source is printed without a note. Snapshots taken before facts carried their
    ``statement`` and ``footnote`` print "label: value", one note per sourced fact."""
    order = {value: index for index, value in enumerate(Area.values)}
    areas: dict[str, dict] = {}
    marks: dict[object, int] = {}
    for index, fact in sorted(
        enumerate(facts), key=lambda item: (order.get(item[1]["area"], len(order)), item[0])
    ):
        area = areas.setdefault(fact["area"], {"facts": [], "notes": []})
        note = fact["source"] or fact["when"]
        mark = ""
        if note:
            cited = fact.get("footnote") or ("fact", index)
            if cited not in marks:
                marks[cited] = len(marks) + 1
                area["notes"].append({"mark": note_mark(marks[cited]), "text": note})
            mark = note_mark(marks[cited])
        statement = fact.get("statement") or f"{fact['label']}: {fact['value']}"
        area["facts"].append({"statement": statement, "mark": mark})
    return areas


def _objective_areas(data: dict, facts: dict[str, dict], first: int) -> list[dict]:
    """Section 2's areas in the paper's order, each numbered (2.3 Social care ...), with its
    key facts, their notes and its objectives."""
    objectives: dict[str, list[str]] = {}
    labels = dict(Area.choices)
    for objective in data["objectives"]:
        objectives.setdefault(objective["area"], []).append(objective["text"])
    present = [a for a in Area.values if a != Area.BACKGROUND and (a in facts or a in objectives)]
    return [
        {
            "number": f"2.{first + index}",
            "label": labels[area],
            "facts": facts.get(area, {}).get("facts", []),
            "notes": facts.get(area, {}).get("notes", []),
            "objectives": objectives.get(area, []),
        }
        for index, area in enumerate(present)
    ]


def _asset_context(lists: list[dict]) -> list[dict]:
    return [
        group
        | {
            "rows": [
                row
                | {
                    "receipt": figure(row["receipt"], scale=1000, blank=MISSING),
                    "saving": figure(row["saving"], scale=1000, blank=MISSING),
                }
                for row in group["rows"]
            ],
            "has_money": any(
                row["receipt"] is not None or row["saving"] is not None for row in group["rows"]
            ),
            "unrecorded": any(
                row["receipt"] is None or row["saving"] is None for row in group["rows"]
            ),
        }
        for group in lists
    ]


def mandate_context(data: dict) -> dict:
    """Figures formatted as the paper prints them, paragraphs numbered as the paper numbers
    them (sections 1 and 2 throughout; section 3's first paragraph, which the rest continue);
    the chart drawn from the frozen spend. Snapshots taken before a part of the narrative was
    recorded simply lack it."""
    facts = _facts_by_area(data["key_facts"])
    objectives_intro = _numbered(2, [*data["vision"], *data.get("objectives_summary", [])])
    commissioning = data.get("commissioning_summary", [])
    return data | {
        "background": facts.get(Area.BACKGROUND, {"facts": [], "notes": []}),
        "introduction_numbered": _numbered(1, data["introduction"], INTRODUCTION_FIRST_PARAGRAPH),
        "objectives_numbered": objectives_intro,
        "objective_areas": _objective_areas(data, facts, len(objectives_intro) + 1),
        "commissioning_numbered": [
            *_numbered(3, commissioning[:1]),
            *({"number": "", "text": text} for text in commissioning[1:]),
        ],
        "procurement": commissioning_blocks.contracts_context(data["procurement"]),
        "savings": data["savings"] and SavingsTable().context(data["savings"]),
        "assets": _asset_context(data["assets"]),
        "spend": commissioning_blocks.spend_context(
            data["spend"], f"{data['authority']}: spend by service delivery model"
        ),
    }


class WholeMandate(MandateBlock):
    """A whole mandate as seed 000 prints it."""

    code = "mandate"
    name = "Mandate (whole)"
    template = "mandates/blocks/mandate.html"
    #: Its savings table's figures: the paper's where it printed its own, or the computed ones
    #: (``savings.paper_figures``).
    params = {"figures": FIGURES}

    def snapshot(self, params: dict) -> dict:
        return mandate_snapshot(self.mandate(params), figures=params.get("figures"))

    def form_params(self) -> dict[str, blocks.Param]:
        """The mandate, picked from a list, and which figures its savings table prints."""
        return super().form_params() | self.params

    def form_initial(self, params: dict) -> dict:
        stored = params.get("figures") if isinstance(params, dict) else None
        return super().form_initial(params) | {"figures": FIGURES.initial(stored)}

    def describe(self, params: dict) -> list[tuple[str, str]]:
        stored = params.get("figures") if isinstance(params, dict) else None
        figures = FIGURES
        return [*super().describe(params), (figures.label_for("figures"), figures.shown(stored))]

    def context(self, snapshot: dict) -> dict:
        return mandate_context(snapshot)


class MandateSectionBlock(MandateBlock):
    """One section of a mandate on its own, headed by the mandate's title and period."""

    def section(self, mandate) -> list[dict]:
        raise NotImplementedError

    def snapshot(self, params: dict) -> dict:
        mandate = self.mandate(params)
        return {
            "title": mandate.title,
            "authority": mandate.authority.name,
            "period": mandate.period_label,
            self.code: self.section(mandate),
        }


class Milestones(MandateSectionBlock):
    code = "milestones"
    name = "Mandate milestones"
    template = "mandates/blocks/milestones.html"

    def section(self, mandate) -> list[dict]:
        return milestones(mandate)


class Assets(MandateSectionBlock):
    code = "assets"
    name = "Mandate assets"
    template = "mandates/blocks/assets.html"

    def section(self, mandate) -> list[dict]:
        return assets(mandate)

    def context(self, snapshot: dict) -> dict:
        return snapshot | {"assets": _asset_context(snapshot["assets"])}


class SuccessMeasures(MandateSectionBlock):
    code = "success_measures"
    name = "Mandate success measures"
    template = "mandates/blocks/success_measures.html"

    def section(self, mandate) -> list[dict]:
        return success_measures(mandate)


# ofsted_judgements ------------------------------------------------------------------------


class ReportedOn(blocks.Param):
    """The date of the paper that reported the judgements, as ``"2016-06-13"``."""

    message = 'Give "{name}" as the date of the paper that reported them, e.g. "2016-06-13".'

    def read(self, value: Any, name: str) -> dt.date:
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise blocks.refuse(blocks.say(self.message, name=name)) from None

    def stored(self, value: dt.date | None) -> str | None:
        return value.isoformat() if value else None


def _inspected(outcome: str, month: dt.date | None) -> str:
    """An outcome with the month of its inspection, as the papers print it: "Good (May 2016)"."""
    return f"{outcome} ({month:%B %Y})" if month else outcome


class OfstedJudgements(blocks.Block):
    """An authority's schools' previous and new Ofsted outcomes, as one paper reported them
    (seed 001's table after paragraph 4.2); a new outcome not yet published is "tbc"."""

    code = "ofsted_judgements"
    name = "Ofsted judgements on schools"
    template = "mandates/blocks/ofsted_judgements.html"
    model = OfstedJudgement
    params = {
        "authority": AUTHORITY,
        "reported_on": ReportedOn(
            required=False, label="As reported on", default_label="The latest paper"
        ),
    }

    def values_offered(self, name: str, user) -> list | None:
        """The dates of the papers that reported judgements the clerk may see."""
        if name != "reported_on":
            return None
        dates = restrict(user, OfstedJudgement.objects.all()).order_by("-reported_on")
        found = dict.fromkeys(dates.values_list("reported_on", flat=True))
        return [(day.isoformat(), f"{day:%-d %B %Y}") for day in found if day]

    def clean_together(self, values: dict) -> dict:
        """The paper's date defaults to the latest one recorded for the authority."""
        judgements = OfstedJudgement.objects.filter(authority=values["authority"])
        reported_on = values["reported_on"] or judgements.aggregate(last=Max("reported_on"))["last"]
        if reported_on is None or not judgements.filter(reported_on=reported_on).exists():
            raise blocks.refuse(
                f"No Ofsted judgements of {values['authority'].short_name} are recorded"
                + (f" as reported on {reported_on:%-d %B %Y}." if reported_on else ".")
            )
        return values | {"reported_on": reported_on}

    def snapshot(self, params: dict) -> dict:
        judgements = OfstedJudgement.objects.filter(
            authority__dfe_code=params["authority"], reported_on=params["reported_on"]
        ).order_by("school")
        notes: list[str] = []
        rows = []
        for judgement in judgements:
            marker = ""
            if judgement.previous_note:
                notes.append(judgement.previous_note)
                marker = "*" * len(notes)
            rows.append(
                {
                    "school": judgement.school,
                    "previous": _inspected(
                        judgement.get_previous_outcome_display(), judgement.previous_inspected
                    )
                    + marker,
                    "new": _inspected(judgement.get_new_outcome_display(), judgement.new_inspected)
                    if judgement.new_outcome
                    else "tbc",
                }
            )
        return {
            "reported_on": params["reported_on"],
            "rows": rows,
            "notes": [f"{'*' * number} {note}" for number, note in enumerate(notes, start=1)],
        }
