"""Savings' live blocks for committee report appendices (see childrens_services.blocks).

Every figure is computed from the stored lines by ``savings.computations`` (totals, the
cumulative/incremental forms, the full-year saving, the MTFS split with its DSG exclusion,
additionality), through ``savings.figures`` where it already reads what is needed; nothing
here sums a column the paper printed. Snapshots hold the figures in the table's unit as
strings of ``Decimal``; ``context`` only formats them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from childrens_services import blocks, financial_years
from commissioning.blocks import authority_by_code
from savings import computations as calc
from savings import figures

#: Units a table may be printed in: label -> (pounds per unit, decimal places).
UNITS: dict[str, tuple[int, int]] = {"£": (1, 0), "£000": (1000, 0), "£m": (1_000_000, 3)}
UNIT_OF_PAPER = {"1": "£", "1000": "£000", "1000000": "£m"}
FORMS = ("cumulative", "incremental")
CONFIDENCE_ORDER = ("assured", "projected", "possible", "")


def _object(params: Any) -> dict:
    if not isinstance(params, dict):
        raise ValidationError({"params": "Parameters must be a JSON object."})
    return params


def _programme(value: Any):
    """A programme by its exact name (case aside), the form the demo fixtures use, or its id."""
    from savings.models import SavingsProgramme

    programmes = SavingsProgramme.objects.select_related("authority", "partnership")
    found = None
    if isinstance(value, int):
        found = programmes.filter(pk=value).first()
    elif isinstance(value, str) and value.strip():
        found = programmes.filter(name__iexact=value.strip()).first()
    if found is None:
        raise ValidationError(
            {"params": 'Name a savings programme exactly, e.g. {"programme": "…"}.'}
        )
    return found


def _years(value: Any, allowed: list[int], name: str = "years") -> list[int]:
    if value is None:
        return list(allowed)
    if not isinstance(value, list) or not value or not all(isinstance(year, int) for year in value):
        raise ValidationError({"params": f'Give "{name}" as a list of start years, e.g. [2011].'})
    outside = [year for year in value if year not in allowed]
    if outside:
        raise ValidationError(
            {
                "params": f"{', '.join(financial_years.label(y) for y in outside)} "
                "is outside the years the data covers."
            }
        )
    return sorted(set(value))


def negatives_of(programme) -> str:
    """Harrow prints savings as negative figures with a minus; the others use brackets."""
    return "minus" if programme.savings_shown_negative else "brackets"


def shown(value: Decimal, unit: str) -> str:
    scale, places = UNITS[unit]
    return str(calc.in_unit(value, scale, places))


def format_figure(value: str | None, unit: str, negatives: str = "brackets") -> str:
    """A figure in its unit; £m keeps two decimals unless the third is significant (0.065)."""
    places = UNITS[unit][1]
    text = blocks.figure(value, places=places, negatives=negatives)
    if places == 3 and text:
        core = text.rstrip(")")
        if core.endswith("0"):
            text = core[:-1] + text[len(core) :]
    return text


# savings_table ----------------------------------------------------------------------------


def validate_savings_table(params: dict) -> dict:
    params = _object(params)
    programme = _programme(params.get("programme"))
    members = programme.participating_authorities()
    authority = None
    if params.get("authority") not in (None, ""):
        authority = authority_by_code(params["authority"])
        if authority not in members:
            raise ValidationError(
                {"params": f"{authority.short_name} takes no part in “{programme.name}”."}
            )
    unit = params.get("unit") or UNIT_OF_PAPER[programme.paper_unit]
    if unit not in UNITS:
        raise ValidationError({"params": f'"unit" is one of {", ".join(UNITS)}.'})
    form = params.get("form") or programme.paper_form
    if form not in FORMS:
        raise ValidationError({"params": '"form" is "cumulative" or "incremental".'})
    split = params.get("split")
    if split is None:
        split = form == "cumulative" and has_mtfs_split(programme)
    if not isinstance(split, bool):
        raise ValidationError({"params": '"split" is true or false.'})
    return {
        "programme": programme.name,
        "authority": authority.dfe_code if authority else None,
        "years": _years(params.get("years"), programme.years),
        "unit": unit,
        "form": form,
        "split": split,
    }


def has_mtfs_split(programme) -> bool:
    """Whether the lines are of both kinds, "existing MTFS" and "additional", so a table can
    split them into two columns as seed 000 does (Harrow's incremental table never does: the
    default applies the split to cumulative tables only)."""
    statuses = set(programme.lines.values_list("budget_status", flat=True))
    return bool(statuses & calc.MTFS_STATUSES) and bool(statuses & calc.ADDITIONAL_STATUSES)


def savings_table(params: dict) -> dict:
    """A programme's lines by year (or by authority for a one-year shared programme)."""
    from governance.models import Authority

    programme = _programme(params["programme"])
    unit, form = params["unit"], params["form"]
    years = params["years"]
    members = [a.short_name for a in programme.participating_authorities()]
    authority = (
        Authority.objects.get(dfe_code=params["authority"]) if params.get("authority") else None
    )
    columns = [authority.short_name] if authority else members
    cells = [c for c in figures.amounts_of(programme) if c.authority in columns]
    by_line_year = calc.totals(cells, "line", "year")
    last = years[-1]
    by_line_authority = calc.totals([c for c in cells if c.year == last], "line", "authority")
    sign = figures.sign_of(programme)
    keyed = {c.line for c in cells}
    lines = [line for line in programme.lines.all() if str(line.pk) in keyed]
    whole_programme = authority is None or len(members) == 1

    rows, split_lines = [], []
    for line in lines:
        key = str(line.pk)
        profile = {y: by_line_year.get((key, y), calc.ZERO) for y in programme.years}
        in_form = calc.incremental(profile, programme.years) if form == "incremental" else profile
        full = calc.full_year(profile, years)
        split_line = calc.SplitLine(
            line.description,
            line.budget_status,
            line.funding,
            full,
            line.split_amount_as_reported if whole_programme else None,
        )
        split_lines.append(split_line)
        rows.append(
            {
                "label": line.description,
                "confidence": line.confidence,
                "method": line.attribution_method,
                "by_year": [sign * in_form[y] for y in years],
                "full_year": sign * full,
                "by_authority": [
                    sign * by_line_authority.get((key, a), calc.ZERO) for a in columns
                ],
                "mtfs": sign * split_line.in_column if line.is_mtfs else None,
                "additional": (
                    sign * split_line.in_column
                    if line.budget_status in calc.ADDITIONAL_STATUSES
                    else None
                ),
            }
        )
    split = calc.mtfs_split(split_lines)
    has_split = params.get("split", False)
    layout = "by_authority" if len(columns) > 1 and len(years) == 1 else "by_year"

    def total(selected: list[dict]) -> dict:
        return {
            "by_year": [
                sum((r["by_year"][i] for r in selected), calc.ZERO) for i in range(len(years))
            ],
            "full_year": sum((r["full_year"] for r in selected), calc.ZERO),
            "by_authority": [
                sum((r["by_authority"][i] for r in selected), calc.ZERO)
                for i in range(len(columns))
            ],
        }

    def as_text(row: dict) -> dict:
        return row | {
            "by_year": [shown(v, unit) for v in row["by_year"]],
            "full_year": shown(row["full_year"], unit),
            "by_authority": [shown(v, unit) for v in row["by_authority"]],
            **{
                name: None if row.get(name) is None else shown(row[name], unit)
                for name in ("mtfs", "additional")
            },
        }

    groups = []
    if layout == "by_authority":
        for confidence in CONFIDENCE_ORDER:
            selected = [r for r in rows if r["confidence"] == confidence]
            if selected:
                groups.append(
                    {
                        "label": confidence.capitalize() + " savings" if confidence else "",
                        "rows": [as_text(r) for r in selected],
                        "subtotal": as_text(total(selected)),
                    }
                )
    else:
        groups.append({"label": "", "rows": [as_text(r) for r in rows], "subtotal": None})
    grand = as_text(total(rows))
    if has_split:
        grand |= {
            "mtfs": shown(sign * split.mtfs, unit),
            "additional": shown(sign * split.additional, unit),
        }
    return {
        "programme": programme.name,
        "owner": str(programme.owner or ""),
        "authority": authority.short_name if authority else "",
        "unit": unit,
        "form": form,
        "negatives": negatives_of(programme),
        "layout": layout,
        "years": [financial_years.label(y) for y in years],
        "columns": columns,
        "groups": groups,
        "total": grand,
        "has_split": has_split,
        "dsg_exclusion": (
            shown(-sign * split.dsg_exclusion, unit) if has_split and split.dsg_exclusion else None
        ),
        "has_methods": any(r["method"] for r in rows),
    }


def _format_row(row: dict, unit: str, negatives: str, blank_zero: bool = False) -> dict:
    """A row's figures as printed; a line's zero cells stay blank as in the papers."""

    def fmt(value):
        if blank_zero and value is not None and Decimal(value) == 0:
            return ""
        return format_figure(value, unit, negatives)

    return row | {
        "by_year": [fmt(v) for v in row["by_year"]],
        "full_year": fmt(row["full_year"]),
        "by_authority": [fmt(v) for v in row["by_authority"]],
        "mtfs": fmt(row.get("mtfs")),
        "additional": fmt(row.get("additional")),
    }


def savings_context(data: dict) -> dict:
    unit, negatives = data["unit"], data["negatives"]
    groups = [
        group
        | {
            "rows": [_format_row(row, unit, negatives, blank_zero=True) for row in group["rows"]],
            "subtotal": group["subtotal"] and _format_row(group["subtotal"], unit, negatives),
        }
        for group in data["groups"]
    ]
    return data | {
        "groups": groups,
        "total": _format_row(data["total"], unit, negatives),
        "dsg_exclusion": format_figure(data["dsg_exclusion"], unit, negatives),
        "unit_label": {"£": "£", "£000": "£000's", "£m": "£m"}[unit],
        "group_colspan": len(data["columns"]) + 2 + int(data["has_methods"]),
    }


# restructure_table ------------------------------------------------------------------------


def validate_programme_only(params: dict) -> dict:
    params = _object(params)
    return {"programme": _programme(params.get("programme")).name}


def restructure_table(params: dict) -> dict:
    """Each restructure's starting and closing budget and FTE per authority, and the saving."""
    programme = _programme(params["programme"])
    restructures = programme.restructures.prefetch_related("positions__authority")
    tables = []
    for restructure in restructures:
        positions = list(restructure.positions.all())
        positions.sort(key=lambda p: (p.authority is None, p.authority_id or 0))

        def row(label: str, chosen: list) -> dict:
            start_budget = calc.column_total(p.starting_budget for p in chosen)
            close_budget = calc.column_total(p.closing_budget for p in chosen)
            start_fte = calc.column_total(p.starting_fte for p in chosen)
            close_fte = calc.column_total(p.closing_fte for p in chosen)
            values = {
                "starting_budget": start_budget,
                "closing_budget": close_budget,
                "budget_saving": calc.additionality(start_budget, close_budget),
                "starting_fte": start_fte,
                "closing_fte": close_fte,
                "fte_reduction": calc.additionality(start_fte, close_fte),
            }
            return {"label": label} | {
                name: None if value is None else str(value) for name, value in values.items()
            }

        tables.append(
            {
                "service": restructure.service,
                "budget_label": restructure.budget_label,
                "attribution": restructure.attribution,
                "rows": [
                    row(p.authority.short_name if p.authority else "All authorities", [p])
                    for p in positions
                ],
                "total": row("Total", positions),
            }
        )
    return {"programme": programme.name, "restructures": tables}


def restructure_context(data: dict) -> dict:
    def fmt(row: dict) -> dict:
        return row | {
            **{
                name: blocks.figure(row[name], scale=1000)
                for name in ("starting_budget", "closing_budget", "budget_saving")
            },
            **{
                name: blocks.figure(row[name], places=2)
                for name in ("starting_fte", "closing_fte", "fte_reduction")
            },
        }

    return data | {
        "restructures": [
            table | {"rows": [fmt(r) for r in table["rows"]], "total": fmt(table["total"])}
            for table in data["restructures"]
        ]
    }


# budget_table, savings_targets, capital_programme ------------------------------------------


def validate_authority_year(params: dict) -> dict:
    params = _object(params)
    authority = authority_by_code(params.get("authority"))
    year = params.get("start_year")
    if not isinstance(year, int):
        raise ValidationError({"params": 'Give "start_year" as a start year, e.g. 2016.'})
    from savings.models import DivisionBudget

    if not DivisionBudget.objects.filter(division__authority=authority, year=year).exists():
        raise ValidationError(
            {
                "params": f"No division budgets of {authority.short_name} are recorded for "
                f"{financial_years.label(year)}."
            }
        )
    return {"authority": authority.dfe_code, "start_year": year}


def budget_table(params: dict) -> dict:
    """Net budget and FTE by division for one year, with the computed totals and the notes."""
    from savings.models import DivisionBudget

    budgets = list(
        DivisionBudget.objects.filter(
            division__authority__dfe_code=params["authority"], year=params["start_year"]
        )
        .select_related("division")
        .order_by("division_id")
    )
    notes: list[str] = []
    for budget in budgets:
        for note in (n.strip() for n in budget.notes.split(". ") if n.strip()):
            note = note.rstrip(".") + "."
            if note not in notes:
                notes.append(note)
    return {
        "year": financial_years.label(params["start_year"]),
        "rows": [
            {"division": b.division.name, "budget": str(b.net_budget), "fte": str(b.fte)}
            for b in budgets
        ],
        "total_budget": _text(calc.column_total(b.net_budget for b in budgets)),
        "total_fte": _text(calc.column_total(b.fte for b in budgets)),
        "notes": notes,
    }


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _million(value: str | None) -> str:
    text = blocks.figure(value, places=3, scale=1_000_000)
    return f"£{text} million" if text else ""


def budget_context(data: dict) -> dict:
    return data | {
        "rows": [
            row | {"budget": _million(row["budget"]), "fte": blocks.figure(row["fte"], places=1)}
            for row in data["rows"]
        ],
        "total_budget": _million(data["total_budget"]),
        "total_fte": blocks.figure(data["total_fte"], places=1),
    }


def _authority_years(params: dict) -> dict:
    params = _object(params)
    authority = authority_by_code(params.get("authority"))
    years = params.get("years")
    if not isinstance(years, list) or not years or not all(isinstance(year, int) for year in years):
        raise ValidationError({"params": 'Give "years" as a list of start years, e.g. [2016].'})
    return {"authority": authority.dfe_code, "years": sorted(set(years))}


def _requiring(model, lookup: str, what: str):
    """A validator of authority and years that refuses years with nothing recorded."""

    def validate(params: dict) -> dict:
        cleaned = _authority_years(params)
        filters = {lookup: cleaned["authority"], "year__in": cleaned["years"]}
        if not model.objects.filter(**filters).exists():
            raise ValidationError(
                {"params": f"No {what} are recorded for that authority in those years."}
            )
        return cleaned

    return validate


def validate_targets(params: dict) -> dict:
    from savings.models import SavingsTarget

    return _requiring(SavingsTarget, "programme__authority__dfe_code", "savings targets")(params)


def validate_capital(params: dict) -> dict:
    from savings.models import CapitalProgrammeLine

    return _requiring(CapitalProgrammeLine, "authority__dfe_code", "capital budgets")(params)


def savings_targets(params: dict) -> dict:
    """The authority's savings targets for the years, and their computed total."""
    from savings.models import SavingsTarget

    targets = list(
        SavingsTarget.objects.filter(
            programme__authority__dfe_code=params["authority"], year__in=params["years"]
        ).select_related("programme")
    )
    return {
        "programmes": sorted({t.programme.name for t in targets}),
        "rows": [
            {"year": financial_years.label(t.year), "amount": str(t.amount), "notes": t.notes}
            for t in targets
        ],
        "total": _text(calc.column_total(t.amount for t in targets)),
    }


def targets_context(data: dict) -> dict:
    return data | {
        "rows": [row | {"amount": _million(row["amount"])} for row in data["rows"]],
        "total": _million(data["total"]),
    }


def capital_programme(params: dict) -> dict:
    """Capital budget by category (rows, in the order entered) and year, with year totals."""
    from savings.models import CapitalProgrammeLine

    lines = list(
        CapitalProgrammeLine.objects.filter(
            authority__dfe_code=params["authority"], year__in=params["years"]
        ).order_by("pk")
    )
    years = params["years"]
    categories: dict[tuple[str, str], dict[int, Decimal]] = {}
    for line in lines:
        categories.setdefault((line.programme_name, line.category), {})[line.year] = line.amount
    return {
        "programmes": list(dict.fromkeys(name for name, _ in categories)),
        "years": [financial_years.label(y) for y in years],
        "rows": [
            {"category": category, "amounts": [_text(by_year.get(y)) for y in years]}
            for (_, category), by_year in categories.items()
        ],
        "totals": [
            _text(calc.column_total(line.amount for line in lines if line.year == y)) for y in years
        ],
    }


def capital_context(data: dict) -> dict:
    return data | {
        "rows": [
            row | {"amounts": [blocks.figure(v) for v in row["amounts"]]} for row in data["rows"]
        ],
        "totals": [blocks.figure(v) for v in data["totals"]],
    }


blocks.register(
    name="savings_table",
    label="Savings table",
    snapshot=savings_table,
    template="savings/blocks/savings_table.html",
    validate=validate_savings_table,
    context=savings_context,
)
blocks.register(
    name="restructure_table",
    label="Staffing restructures",
    snapshot=restructure_table,
    template="savings/blocks/restructure_table.html",
    validate=validate_programme_only,
    context=restructure_context,
)
blocks.register(
    name="budget_table",
    label="Budget and staffing by division",
    snapshot=budget_table,
    template="savings/blocks/budget_table.html",
    validate=validate_authority_year,
    context=budget_context,
)
blocks.register(
    name="savings_targets",
    label="Savings targets",
    snapshot=savings_targets,
    template="savings/blocks/savings_targets.html",
    validate=validate_targets,
    context=targets_context,
)
blocks.register(
    name="capital_programme",
    label="Capital programme",
    snapshot=capital_programme,
    template="savings/blocks/capital_programme.html",
    validate=validate_capital,
    context=capital_context,
)
