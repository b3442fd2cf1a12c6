"""Savings' live blocks for committee report appendices (see childrens_services.blocks).

Every figure is computed from the stored lines by ``savings.computations`` (totals, the
cumulative/incremental forms, the full-year saving, the MTFS split with its DSG exclusion,
additionality), through ``savings.figures`` where it already reads what is needed; nothing
here sums a column the paper printed. Snapshots hold the figures in the table's unit as
strings of ``Decimal``; ``context`` only formats them, through ``childrens_services.formatting``.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from childrens_services import blocks, financial_years
from childrens_services.formatting import count, figure, millions, money
from childrens_services.permissions import restrict
from governance.blocks import AUTHORITY, AuthorityCode
from savings import computations as calc
from savings import figures, paper_figures
from savings.models import (
    CapitalProgrammeLine,
    DivisionBudget,
    ReportedFigure,
    SavingsLine,
    SavingsProgramme,
    SavingsTarget,
    StaffingRestructure,
)

#: Units a table may be printed in: label -> (pounds per unit, decimal places).
UNITS: dict[str, tuple[int, int]] = {"£": (1, 0), "£000": (1000, 0), "£m": (1_000_000, 3)}
UNIT_OF_PAPER = {"1": "£", "1000": "£000", "1000000": "£m"}
UNIT_LABELS = {"£": "£", "£000": "£000's", "£m": "£m"}
FORMS = ("cumulative", "incremental")
CONFIDENCE_ORDER = ("assured", "projected", "possible", "")
#: The savings table's optional filters: one service's lines, lines of one confidence.
FILTERS = ("service", "confidence")


class ProgrammeName(blocks.Record):
    """A programme by its exact name (case aside), the form the demo fixtures use, or its id;
    stored by name."""

    message = 'Name a savings programme exactly, e.g. {"programme": "…"}.'

    def __init__(self, **options):
        options.setdefault("label", "Savings programme")
        super().__init__(SavingsProgramme, "name", **options)

    def queryset(self):
        return SavingsProgramme.objects.select_related("authority", "partnership")

    def lookup(self, queryset, value: Any):
        if isinstance(value, int) and not isinstance(value, bool):
            return queryset.filter(pk=value).first()
        if isinstance(value, str) and value.strip():
            return queryset.filter(name__iexact=value.strip()).first()
        return None


PROGRAMME = ProgrammeName()

#: Which figures a table prints where the paper's and the lines' differ; the mandate's block
#: reads it here, through the named crossing to savings' blocks.
FIGURES = paper_figures.FIGURES


def services_of(records) -> list[str]:
    """The services ``records`` name (lines or restructures), once each, in order."""
    found = records.exclude(service="").order_by().values_list("service", flat=True).distinct()
    return sorted(set(found), key=str.lower)


def negatives_of(programme) -> str:
    """Harrow prints savings as negative figures with a minus; the others use brackets."""
    return "minus" if programme.savings_shown_negative else "brackets"


def in_unit(value: Decimal, unit: str) -> str:
    """Pounds as the snapshot keeps them: in the table's unit, rounded as the paper rounds."""
    scale, places = UNITS[unit]
    return str(calc.in_unit(value, scale, places))


def table_places(values: Iterable[str | None], unit: str) -> int:
    """Decimal places every figure of one table is printed with, so a column lines up and
    reads alike (never 0.07 above 0.065): the unit's own (0 for £ and £000s, 3 for £m), or
    two for a £m table none of whose figures has a significant third decimal (0.95, 3.90)."""
    places = UNITS[unit][1]
    if places != 3:
        return places
    for value in values:
        if value not in (None, ""):
            thousandths = Decimal(value).quantize(Decimal("0.001"))
            if thousandths != thousandths.quantize(Decimal("0.01")):
                return 3
    return 2


def in_paper(
    value: str | None, unit: str, negatives: str = "brackets", places: int | None = None
) -> str:
    """A snapshot figure (already in ``unit``) as the paper prints it, with its table's
    ``places`` (``table_places``; the unit's own if not given)."""
    places = UNITS[unit][1] if places is None else places
    return figure(value, places=places, negatives=negatives)


def has_mtfs_split(programme) -> bool:
    """Whether the lines are of both kinds, "existing MTFS" and "additional", so a table can
    split them into two columns as seed 000 does (Harrow's incremental table never does: the
    default applies the split to cumulative tables only)."""
    statuses = set(programme.lines.values_list("budget_status", flat=True))
    return bool(statuses & calc.MTFS_STATUSES) and bool(statuses & calc.ADDITIONAL_STATUSES)


# savings_table ----------------------------------------------------------------------------


def line_rows(programme, params: dict, columns: list[str], whole_programme: bool):
    """One row per line, its figures as Decimals in pounds with the paper's sign, the lines
    as the MTFS split reads them (their own full-year savings) and the lines themselves."""
    years, form = params["years"], params["form"]
    chosen = selected_lines(programme, params)
    cells = [
        c for c in figures.amounts_of(programme) if c.authority in columns and c.line in chosen
    ]
    by_line_year = calc.totals(cells, "line", "year")
    by_line_authority = calc.totals([c for c in cells if c.year == years[-1]], "line", "authority")
    sign = figures.sign_of(programme)
    keyed = {c.line for c in cells}
    rows, split_lines, lines = [], [], []
    for line in (line for line in programme.lines.all() if str(line.pk) in keyed):
        lines.append(line)
        key = str(line.pk)
        profile = {y: by_line_year.get((key, y), calc.ZERO) for y in programme.years}
        in_form = calc.incremental(profile, programme.years) if form == "incremental" else profile
        full = calc.full_year(profile, years)
        split_line = calc.SplitLine(line.description, line.budget_status, line.funding, full)
        split_lines.append(split_line)
        additional = line.budget_status in calc.ADDITIONAL_STATUSES
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
                "additional": sign * split_line.in_column if additional else None,
            }
        )
    return rows, split_lines, lines


def selected_lines(programme, params: dict) -> set[str]:
    """The lines a table shows (as ``Amount.line`` names them): every line, or those of one
    service and/or one confidence (the Tri-borough paper's "Projected savings" of
    Commissioning, printed beside that service)."""
    service, confidence = params.get("service"), params.get("confidence")
    return {
        str(line.pk)
        for line in programme.lines.all()
        if (not service or line.service == service)
        and (not confidence or line.confidence == confidence)
    }


def total_of(rows: list[dict], years: int, columns: int) -> dict:
    """The sum of ``rows`` in each figure column."""
    return {
        "by_year": [sum((r["by_year"][i] for r in rows), calc.ZERO) for i in range(years)],
        "full_year": sum((r["full_year"] for r in rows), calc.ZERO),
        "by_authority": [
            sum((r["by_authority"][i] for r in rows), calc.ZERO) for i in range(columns)
        ],
    }


def row_in_unit(row: dict, unit: str) -> dict:
    """A row whose Decimal figures are kept as the snapshot keeps them (see ``in_unit``)."""
    return row | {
        "by_year": [in_unit(v, unit) for v in row["by_year"]],
        "full_year": in_unit(row["full_year"], unit),
        "by_authority": [in_unit(v, unit) for v in row["by_authority"]],
        **{
            name: None if row.get(name) is None else in_unit(row[name], unit)
            for name in ("mtfs", "additional")
        },
    }


def row_groups(rows: list[dict], layout: str, unit: str, years: int, columns: int) -> list[dict]:
    """By authority, the rows grouped by confidence with subtotals; by year, one group."""
    if layout != "by_authority":
        return [
            {
                "label": "",
                "confidence": "",
                "rows": [row_in_unit(r, unit) for r in rows],
                "subtotal": None,
            }
        ]
    groups = []
    for confidence in CONFIDENCE_ORDER:
        selected = [r for r in rows if r["confidence"] == confidence]
        if selected:
            groups.append(
                {
                    "label": confidence.capitalize() + " savings" if confidence else "",
                    "confidence": confidence,
                    "rows": [row_in_unit(r, unit) for r in selected],
                    "subtotal": row_in_unit(total_of(selected, years, columns), unit),
                }
            )
    return groups


#: The keys of a savings table row that hold figures (lists or single values).
ROW_FIGURES = ("by_year", "full_year", "by_authority", "mtfs", "additional")


def row_figures(row: dict) -> list[str | None]:
    """Every figure of a snapshot row, for ``table_places``."""
    found = []
    for key in ROW_FIGURES:
        value = row.get(key)
        found.extend(value if isinstance(value, list) else [value])
    return found


def printed_row(
    row: dict,
    unit: str,
    negatives: str,
    blank_zero: bool = False,
    places: int | None = None,
    notes: paper_figures.Notes | None = None,
) -> dict:
    """A row's figures as printed, with the table's ``places``; a line's zero cells stay
    blank as in the papers. A cell the paper printed otherwise is drawn by ``notes`` (the
    paper's figure or the computed one, and a note giving the other), left to right."""
    notes = notes or paper_figures.Notes(None)
    paper = row.get("paper") or {}

    def form(value, own_places):
        return in_paper(value, unit, negatives, places if own_places is None else own_places)

    def shown(key, value):
        if key not in paper and blank_zero and value is not None and Decimal(value) == 0:
            return ""
        return notes.shown(value, paper.get(key), form)

    return row | {
        "by_authority": [shown(f"by_authority:{i}", v) for i, v in enumerate(row["by_authority"])],
        "by_year": [shown(f"by_year:{i}", v) for i, v in enumerate(row["by_year"])],
        "full_year": shown("full_year", row["full_year"]),
        "mtfs": shown("mtfs", row.get("mtfs")),
        "additional": shown("additional", row.get("additional")),
    }


def paper_cell(reported: ReportedFigure, table: dict) -> tuple | None:
    """Where a savings table prints the figure the paper reported, or None if it does not:
    ``("line", line id, key)``, ``("subtotal", confidence, key)``, ``("total", key)`` or
    ``("dsg_exclusion",)``; a key is ``"by_year:<i>"``, ``"by_authority:<i>"``,
    ``"full_year"``, ``"mtfs"`` or ``"additional"``. ``table`` says how it is laid out."""
    kind = ReportedFigure.Kind
    if reported.kind in (kind.MTFS_TOTAL, kind.ADDITIONAL_TOTAL, kind.DSG_EXCLUSION):
        if not table["has_split"] or table["filtered"]:
            return None
        if reported.kind == kind.DSG_EXCLUSION:
            return ("dsg_exclusion",)
        return ("total", "mtfs" if reported.kind == kind.MTFS_TOTAL else "additional")
    if reported.kind not in (kind.PROGRAMME_TOTAL, kind.LINE_TOTAL):
        return None
    if table["filtered"] and reported.kind != kind.LINE_TOTAL:
        return None  # the paper's totals are of the whole programme, not of these lines
    column = reported.column_authority.short_name if reported.column_authority_id else None
    years, year = table["years"], reported.year
    if year is not None and table["form"] != table["paper_form"]:
        return None  # the paper's figure for a year is in the paper's own form
    if table["layout"] == "by_authority":
        if year not in (None, years[0]) or (column is not None and column not in table["columns"]):
            return None
        key = "full_year" if column is None else f"by_authority:{table['columns'].index(column)}"
    else:
        if column != table["authority"] or reported.confidence:
            return None
        if year is None and table["form"] == "incremental":
            key = "full_year"
        elif year is None:
            key = f"by_year:{len(years) - 1}" if years[-1] == table["last_year"] else None
        else:
            key = f"by_year:{years.index(year)}" if year in years else None
    if key is None:
        return None
    if reported.kind == kind.LINE_TOTAL:
        return ("line", reported.line_id, key)
    return ("subtotal", reported.confidence, key) if reported.confidence else ("total", key)


def cell_value(row: dict, key: str):
    """The figure of ``row`` at ``key`` (see ``paper_cell``)."""
    name, _, index = key.partition(":")
    return row[name][int(index)] if index else row.get(name)


def paper_entries(programme, table: dict, rows: list[dict], lines: list, split) -> dict:
    """Every cell of the table whose paper figure differs from the computed one, as
    ``paper_figures.entry`` records it, by ``paper_cell``'s address. ``rows`` are the lines'
    rows in pounds (``line_rows``), in the order of ``lines``."""
    scale = UNITS[table["unit"]][0]
    sign = figures.sign_of(programme)
    by_line = {line.pk: row for line, row in zip(lines, rows, strict=True)}
    n_years, n_columns = len(table["years"]), len(table["columns"])
    grand = total_of(rows, n_years, n_columns) | {
        "mtfs": sign * split.mtfs,
        "additional": sign * split.additional,
    }
    found = {}
    for reported in programme.reported_figures.select_related("column_authority"):
        address = paper_cell(reported, table)
        if address is None:
            continue
        paper = reported.value
        if address[0] == "dsg_exclusion":
            computed, paper = -sign * split.dsg_exclusion, -paper
        elif address[0] == "line":
            if address[1] not in by_line:
                continue
            computed = cell_value(by_line[address[1]], address[2])
        elif address[0] == "subtotal":
            selected = [r for r in rows if r["confidence"] == address[1]]
            computed = cell_value(total_of(selected, n_years, n_columns), address[2])
        else:
            computed = cell_value(grand, address[1])
        noted = paper_figures.entry(paper, computed, reported.precision, scale)
        if noted:
            found[address] = noted
    if table["has_split"] and table["whole_programme"]:
        saving = f"the line's {financial_years.label(programme.last_year)} saving"
        for line in lines:
            key = "mtfs" if line.is_mtfs else "additional"
            computed = by_line[line.pk].get(key)
            if line.split_amount_as_reported is None or computed is None:
                continue
            paper = sign * line.split_amount_as_reported
            noted = paper_figures.entry(paper, computed, Decimal(scale), scale, basis=saving)
            if noted:
                found[("line", line.pk, key)] = noted
    return found


class SavingsTable(blocks.Block):
    """A programme's lines by year (or by authority for a one-year shared programme)."""

    code = "savings_table"
    name = "Savings table"
    template = "savings/blocks/savings_table.html"
    model = SavingsProgramme
    params = {
        "programme": PROGRAMME,
        "authority": AuthorityCode(
            required=False,
            label="One authority's share only",
            default_label="Every authority taking part",
        ),
        "unit": blocks.Choice(
            tuple(UNITS),
            required=False,
            labels=UNIT_LABELS,
            label="Figures in",
            default_label="The unit of the programme's paper",
        ),
        "form": blocks.Choice(
            FORMS,
            required=False,
            message='"form" is "cumulative" or "incremental".',
            labels={
                "cumulative": "Cumulative: each year's savings to date",
                "incremental": "Incremental: each year's new savings",
            },
            label="Savings shown as",
            default_label="As the programme's paper shows them",
        ),
        "split": blocks.Flag(
            required=False,
            label="Split into MTFS and additional savings, with the DSG exclusion",
            default_label="As the programme's paper (cumulative tables of a programme with "
            "the split)",
        ),
        "years": blocks.Years(
            required=False, label="Years", default_label="Every year of the programme"
        ),
        "service": blocks.Param(
            required=False, label="One service's savings only", default_label="Every service"
        ),
        "confidence": blocks.Choice(
            tuple(c for c in CONFIDENCE_ORDER if c),
            required=False,
            message='"confidence" is one of assured, projected, possible.',
            label="Savings of one confidence only",
            default_label="Savings of every confidence",
        ),
        "figures": paper_figures.FIGURES,
    }

    def years_offered(self, user) -> list[int]:
        """Every year of the programmes the clerk may see (the form cannot know which
        programme will be picked; ``clean_together`` refuses a year outside the one picked)."""
        spans = restrict(user, SavingsProgramme.objects.all()).values_list(
            "first_year", "last_year"
        )
        years = {year for first, last in spans for year in range(first, last + 1)}
        return sorted(years) or super().years_offered(user)

    def values_offered(self, name: str, user) -> list[str] | None:
        """The services of the lines of the programmes the clerk may see."""
        if name != "service":
            return None
        programmes = restrict(user, SavingsProgramme.objects.all())
        return services_of(SavingsLine.objects.filter(programme__in=programmes))

    def clean_together(self, values: dict) -> dict:
        """Defaults from the programme's paper; the authority must take part in it."""
        programme, authority = values["programme"], values["authority"]
        if authority is not None and authority not in programme.participating_authorities():
            raise blocks.refuse(f"{authority.short_name} takes no part in “{programme.name}”.")
        unit = values["unit"] or UNIT_OF_PAPER[programme.paper_unit]
        form = values["form"] or programme.paper_form
        split = values["split"]
        if split is None:
            split = form == "cumulative" and has_mtfs_split(programme)
        years = values["years"]
        years = programme.years if years is None else blocks.Years.within(years, programme.years)
        service = values["service"]
        if service is not None:
            services = {line.service.lower(): line.service for line in programme.lines.all()}
            if not isinstance(service, str) or service.strip().lower() not in services:
                raise blocks.refuse(
                    f"“{programme.name}” has no savings of a service called “{service}”."
                )
            service = services[service.strip().lower()]
        values |= {
            "unit": unit,
            "form": form,
            "split": split,
            "years": list(years),
            "service": service,
        }
        # A table of the whole programme keeps the parameters it always had.
        return {
            name: value
            for name, value in values.items()
            if value is not None or name not in FILTERS
        }

    def snapshot(self, params: dict) -> dict:
        programme = PROGRAMME.clean(params["programme"])
        unit, years = params["unit"], params["years"]
        members = [a.short_name for a in programme.participating_authorities()]
        authority = AUTHORITY.clean(params["authority"]) if params.get("authority") else None
        columns = [authority.short_name] if authority else members
        whole_programme = authority is None or len(members) == 1
        rows, split_lines, lines = line_rows(programme, params, columns, whole_programme)
        split = calc.mtfs_split(split_lines)
        has_split = params.get("split", False)
        layout = "by_authority" if len(columns) > 1 and len(years) == 1 else "by_year"
        sign = figures.sign_of(programme)
        table = {
            "unit": unit,
            "layout": layout,
            "form": params["form"],
            "paper_form": programme.paper_form,
            "years": years,
            "last_year": programme.last_year,
            "columns": columns,
            "authority": authority.short_name if authority and not whole_programme else None,
            "has_split": has_split,
            "whole_programme": whole_programme,
            "filtered": any(params.get(name) for name in FILTERS),
        }
        entries = paper_entries(programme, table, rows, lines, split)

        def paper_of(*address) -> dict:
            return {found[-1]: entry for found, entry in entries.items() if found[:-1] == address}

        for line, row in zip(lines, rows, strict=True):
            row["paper"] = paper_of("line", line.pk)
        grand = row_in_unit(total_of(rows, len(years), len(columns)), unit)
        grand["paper"] = paper_of("total")
        if has_split:
            grand |= {
                "mtfs": in_unit(sign * split.mtfs, unit),
                "additional": in_unit(sign * split.additional, unit),
            }
        groups = row_groups(rows, layout, unit, len(years), len(columns))
        for group in groups:
            if group["subtotal"] is not None:
                group["subtotal"]["paper"] = paper_of("subtotal", group["confidence"])
        return {
            "programme": programme.name,
            "owner": str(programme.owner or ""),
            "authority": authority.short_name if authority else "",
            "unit": unit,
            "form": params["form"],
            "negatives": negatives_of(programme),
            "layout": layout,
            "years": [financial_years.label(y) for y in years],
            "columns": columns,
            "groups": groups,
            "total": grand,
            "has_split": has_split,
            "dsg_exclusion": (
                in_unit(-sign * split.dsg_exclusion, unit)
                if has_split and split.dsg_exclusion
                else None
            ),
            "dsg_paper": entries.get(("dsg_exclusion",)),
            "has_methods": any(r["method"] for r in rows),
            "figures": params.get("figures") or paper_figures.PAPER,
        }

    def context(self, snapshot: dict) -> dict:
        unit, negatives = snapshot["unit"], snapshot["negatives"]
        rows = [snapshot["total"]]
        for group in snapshot["groups"]:
            rows.extend(group["rows"])
            rows.append(group["subtotal"] or {})
        places = table_places(
            [snapshot["dsg_exclusion"], *(v for row in rows for v in row_figures(row))], unit
        )
        notes = paper_figures.Notes(snapshot.get("figures"))
        groups = [
            group
            | {
                "rows": [
                    printed_row(row, unit, negatives, blank_zero=True, places=places, notes=notes)
                    for row in group["rows"]
                ],
                "subtotal": group["subtotal"]
                and printed_row(group["subtotal"], unit, negatives, places=places, notes=notes),
            }
            for group in snapshot["groups"]
        ]
        dsg_exclusion = notes.shown(
            snapshot["dsg_exclusion"],
            snapshot.get("dsg_paper"),
            lambda value, own: in_paper(value, unit, negatives, places if own is None else own),
        )
        total = printed_row(snapshot["total"], unit, negatives, places=places, notes=notes)
        return snapshot | {
            "groups": groups,
            "total": total,
            "dsg_exclusion": dsg_exclusion,
            "unit_label": UNIT_LABELS[unit],
            "group_colspan": len(snapshot["columns"]) + 2 + int(snapshot["has_methods"]),
            "figure_notes": notes.notes,
            "wide": blocks.is_wide(self.columns_of(snapshot)),
        }

    @staticmethod
    def columns_of(snapshot: dict) -> int:
        """How many columns the table prints (for ``blocks.is_wide``)."""
        if snapshot["layout"] == "by_authority":
            return 2 + len(snapshot["columns"]) + int(snapshot["has_methods"])
        return (
            1
            + len(snapshot["years"])
            + int(snapshot["form"] == "incremental")
            + 2 * int(snapshot["has_split"])
        )


# restructure_table ------------------------------------------------------------------------


def restructure_row(label: str, positions: list) -> dict:
    """Starting and closing budget and FTE of ``positions``, and the saving and reduction."""
    start_budget = calc.column_total(p.starting_budget for p in positions)
    close_budget = calc.column_total(p.closing_budget for p in positions)
    start_fte = calc.column_total(p.starting_fte for p in positions)
    close_fte = calc.column_total(p.closing_fte for p in positions)
    values = {
        "starting_budget": start_budget,
        "closing_budget": close_budget,
        "budget_saving": calc.additionality(start_budget, close_budget),
        "starting_fte": start_fte,
        "closing_fte": close_fte,
        "fte_reduction": calc.additionality(start_fte, close_fte),
    }
    return {"label": label} | {name: blocks.decimal_text(value) for name, value in values.items()}


#: A restructure table's columns by the reported figure's measure, and how each is printed:
#: budgets in £000s (stored in pounds), FTE to two places.
RESTRUCTURE_COLUMNS = {
    ReportedFigure.Measure.STARTING_BUDGET: "starting_budget",
    ReportedFigure.Measure.CLOSING_BUDGET: "closing_budget",
    ReportedFigure.Measure.BUDGET_ADDITIONALITY: "budget_saving",
    ReportedFigure.Measure.STARTING_FTE: "starting_fte",
    ReportedFigure.Measure.CLOSING_FTE: "closing_fte",
    ReportedFigure.Measure.FTE_ADDITIONALITY: "fte_reduction",
}
BUDGET_COLUMNS = ("starting_budget", "closing_budget", "budget_saving")
FTE_COLUMNS = ("starting_fte", "closing_fte", "fte_reduction")


def restructure_table(restructure, unit: str) -> dict:
    """A restructure's rows and total, with the paper's own figures where they differ (its
    budgets printed in ``unit``)."""
    positions = list(restructure.positions.all())
    positions.sort(key=lambda p: (p.authority is None, p.authority_id or 0))
    rows = [
        restructure_row(p.authority.short_name if p.authority else "All authorities", [p])
        for p in positions
    ]
    total = restructure_row("Total", positions)
    by_label = {row["label"]: row for row in rows} | {"Total": total}
    for reported in ReportedFigure.objects.filter(
        restructure=restructure, kind=ReportedFigure.Kind.RESTRUCTURE
    ).select_related("column_authority"):
        row = by_label.get(
            reported.column_authority.short_name if reported.column_authority_id else "Total"
        )
        column = RESTRUCTURE_COLUMNS.get(reported.measure)
        if row is None or column is None or row[column] is None:
            continue
        noted = paper_figures.entry(
            reported.value,
            Decimal(row[column]),
            reported.precision,
            scale=UNITS[unit][0] if column in BUDGET_COLUMNS else 1,
            basis="computed from the positions",
            stored_scale=1,
        )
        if noted:
            row.setdefault("paper", {})[column] = noted
    return {
        "service": restructure.service,
        "budget_label": restructure.budget_label,
        "attribution": restructure.attribution,
        "rows": rows,
        "total": total,
    }


def printed_restructure_row(row: dict, unit: str, notes: paper_figures.Notes | None = None) -> dict:
    """Budgets in the table's unit with its places (the Tri-borough paper's £m to three
    places), FTE as the papers print them (12.5, 4.67, 5); a figure the paper printed
    otherwise through ``notes`` (the paper's with its own places, or the computed one)."""
    scale, unit_places = UNITS[unit]
    notes = notes or paper_figures.Notes(None)
    paper = row.get("paper") or {}

    def budget(value, places):
        return figure(value, scale=scale, places=unit_places if places is None else places)

    def fte(value, places):
        return count(value) if places is None else figure(value, places=places)

    return row | {
        name: notes.shown(row[name], paper.get(name), budget if name in BUDGET_COLUMNS else fte)
        for name in (*BUDGET_COLUMNS, *FTE_COLUMNS)
    }


class RestructureService(blocks.Param):
    """One restructure of the programme, by its service as the paper heads it."""

    message = 'Name one of the programme\'s restructures by its service, e.g. "Finance".'

    def read(self, value, name: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise blocks.refuse(blocks.say(self.message, name=name))
        return value.strip()


class RestructureTable(blocks.Block):
    """Each restructure's starting and closing budget and FTE per authority, and the saving;
    or one restructure (``service``), to stand in the text beside the service it belongs to."""

    code = "restructure_table"
    name = "Staffing restructures"
    template = "savings/blocks/restructure_table.html"
    model = SavingsProgramme
    params = {
        "programme": PROGRAMME,
        "service": RestructureService(
            required=False, label="One restructure only", default_label="Every restructure"
        ),
        "figures": paper_figures.FIGURES,
    }

    def values_offered(self, name: str, user) -> list[str] | None:
        """The services of the restructures of the programmes the clerk may see."""
        if name != "service":
            return None
        programmes = restrict(user, SavingsProgramme.objects.all())
        return services_of(StaffingRestructure.objects.filter(programme__in=programmes))

    def clean_together(self, values: dict) -> dict:
        programme, service = values["programme"], values["service"]
        if service is None:
            return values
        found = programme.restructures.filter(service__iexact=service).first()
        if found is None:
            raise blocks.refuse(f"“{programme.name}” has no restructure of “{service}”.")
        return values | {"service": found.service}

    def snapshot(self, params: dict) -> dict:
        programme = PROGRAMME.clean(params["programme"])
        restructures = programme.restructures.prefetch_related("positions__authority")
        if params.get("service"):
            restructures = restructures.filter(service=params["service"])
        unit = UNIT_OF_PAPER[programme.paper_unit]
        return {
            "programme": programme.name,
            "unit": unit,
            "restructures": [restructure_table(r, unit) for r in restructures],
            "figures": params.get("figures") or paper_figures.PAPER,
        }

    def context(self, snapshot: dict) -> dict:
        # Snapshots published before the unit was kept were printed in £000s.
        unit = snapshot.get("unit", "£000")
        tables = []
        for table in snapshot["restructures"]:
            notes = paper_figures.Notes(snapshot.get("figures"))
            rows = [printed_restructure_row(r, unit, notes) for r in table["rows"]]
            total = printed_restructure_row(table["total"], unit, notes)
            tables.append(table | {"rows": rows, "total": total, "figure_notes": notes.notes})
        return snapshot | {"unit_label": UNIT_LABELS[unit], "restructures": tables}


# budget_table, savings_targets, capital_programme ------------------------------------------


def reported_total(kind: str, computed: str | None, scale: int = 1, **where) -> dict | None:
    """The entry (``paper_figures.entry``) of the figure of ``kind`` the paper reported for
    one total, matched by ``where``, when it differs from the ``computed`` one (kept in
    pounds or FTE, printed in units of ``scale``)."""
    reported = ReportedFigure.objects.filter(kind=kind, **where).first()
    if reported is None or computed is None:
        return None
    return paper_figures.entry(
        reported.value, Decimal(computed), reported.precision, scale=scale, stored_scale=1
    )


def in_millions(value, places: int | None) -> str:
    """Pounds in millions (``millions``), to the paper's places when given."""
    return money(value, places=3 if places is None else places, scale=1_000_000, unit=" million")


class BudgetTable(blocks.Block):
    """Net budget and FTE by division for one year, with the computed totals and the notes."""

    code = "budget_table"
    name = "Budget and staffing by division"
    template = "savings/blocks/budget_table.html"
    model = DivisionBudget
    params = {
        "authority": AUTHORITY,
        "start_year": blocks.Year(
            message='Give "start_year" as a start year, e.g. 2016.', label="Financial year"
        ),
        "figures": paper_figures.FIGURES,
    }

    def clean_together(self, values: dict) -> dict:
        authority, year = values["authority"], values["start_year"]
        if not DivisionBudget.objects.filter(division__authority=authority, year=year).exists():
            raise blocks.refuse(
                f"No division budgets of {authority.short_name} are recorded for "
                f"{financial_years.label(year)}."
            )
        return values

    def snapshot(self, params: dict) -> dict:
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
        total_budget = blocks.decimal_text(calc.column_total(b.net_budget for b in budgets))
        total_fte = blocks.decimal_text(calc.column_total(b.fte for b in budgets))
        where = {"authority__dfe_code": params["authority"], "year": params["start_year"]}
        return {
            "year": financial_years.label(params["start_year"]),
            "rows": [
                {"division": b.division.name, "budget": str(b.net_budget), "fte": str(b.fte)}
                for b in budgets
            ],
            "total_budget": total_budget,
            "total_fte": total_fte,
            "notes": notes,
            "paper": {
                "total_budget": reported_total(
                    ReportedFigure.Kind.BUDGET_TOTAL, total_budget, 1_000_000, **where
                ),
                "total_fte": reported_total(ReportedFigure.Kind.FTE_TOTAL, total_fte, **where),
            },
            "figures": params.get("figures") or paper_figures.PAPER,
        }

    def context(self, snapshot: dict) -> dict:
        notes = paper_figures.Notes(snapshot.get("figures"))
        paper = snapshot.get("paper") or {}
        return snapshot | {
            "rows": [
                row | {"budget": millions(row["budget"]), "fte": figure(row["fte"], places=1)}
                for row in snapshot["rows"]
            ],
            "total_budget": notes.shown(
                snapshot["total_budget"], paper.get("total_budget"), in_millions
            ),
            "total_fte": notes.shown(
                snapshot["total_fte"],
                paper.get("total_fte"),
                lambda value, places: figure(value, places=1 if places is None else places),
            ),
            "figure_notes": notes.notes,
        }


class AuthorityYearsBlock(blocks.Block):
    """A table of an authority's records over some years; refuses years with nothing recorded."""

    model: type
    #: The lookup from ``model`` to the authority's DfE code, and what the records are called.
    authority_lookup = "authority__dfe_code"
    recorded = ""
    params = {
        "authority": AUTHORITY,
        "years": blocks.Years(
            message='Give "{name}" as a list of start years, e.g. [2016].', label="Years"
        ),
        "figures": paper_figures.FIGURES,
    }

    def records(self, params: dict):
        return self.model.objects.filter(
            **{self.authority_lookup: params["authority"], "year__in": params["years"]}
        )

    def clean_together(self, values: dict) -> dict:
        if not self.records({**values, "authority": values["authority"].dfe_code}).exists():
            raise blocks.refuse(
                f"No {self.recorded} are recorded for that authority in those years."
            )
        return values


class SavingsTargets(AuthorityYearsBlock):
    """The authority's savings targets for the years, and their computed total."""

    code = "savings_targets"
    name = "Savings targets"
    template = "savings/blocks/savings_targets.html"
    model = SavingsTarget
    authority_lookup = "programme__authority__dfe_code"
    recorded = "savings targets"

    def snapshot(self, params: dict) -> dict:
        targets = list(self.records(params).select_related("programme"))
        total = blocks.decimal_text(calc.column_total(t.amount for t in targets))
        programmes = {t.programme for t in targets}
        paper = None
        if len(programmes) == 1:
            (programme,) = programmes
            if set(programme.targets.values_list("pk", flat=True)) == {t.pk for t in targets}:
                paper = reported_total(
                    ReportedFigure.Kind.TARGETS_TOTAL, total, 1_000_000, programme=programme
                )
        return {
            "programmes": sorted(p.name for p in programmes),
            "rows": [
                {"year": financial_years.label(t.year), "amount": str(t.amount), "notes": t.notes}
                for t in targets
            ],
            "total": total,
            "paper": {"total": paper},
            "figures": params.get("figures") or paper_figures.PAPER,
        }

    def context(self, snapshot: dict) -> dict:
        notes = paper_figures.Notes(snapshot.get("figures"))
        paper = snapshot.get("paper") or {}
        return snapshot | {
            "rows": [row | {"amount": millions(row["amount"])} for row in snapshot["rows"]],
            "total": notes.shown(snapshot["total"], paper.get("total"), in_millions),
            "figure_notes": notes.notes,
        }


class CapitalProgramme(AuthorityYearsBlock):
    """Capital budget by category (rows, in the order entered) and year, with year totals."""

    code = "capital_programme"
    name = "Capital programme"
    template = "savings/blocks/capital_programme.html"
    model = CapitalProgrammeLine
    recorded = "capital budgets"

    def snapshot(self, params: dict) -> dict:
        lines = list(self.records(params).order_by("pk"))
        years = params["years"]
        categories: dict[tuple[str, str], dict[int, Decimal]] = {}
        for line in lines:
            categories.setdefault((line.programme_name, line.category), {})[line.year] = line.amount
        totals = [
            blocks.decimal_text(calc.column_total(li.amount for li in lines if li.year == y))
            for y in years
        ]
        return {
            "programmes": list(dict.fromkeys(name for name, _ in categories)),
            "years": [financial_years.label(y) for y in years],
            "rows": [
                {
                    "category": category,
                    "amounts": [blocks.decimal_text(by_year.get(y)) for y in years],
                }
                for (_, category), by_year in categories.items()
            ],
            "totals": totals,
            "paper": {
                "totals": [
                    reported_total(
                        ReportedFigure.Kind.CAPITAL_TOTAL,
                        total,
                        authority__dfe_code=params["authority"],
                        year=year,
                    )
                    for year, total in zip(years, totals, strict=True)
                ]
            },
            "figures": params.get("figures") or paper_figures.PAPER,
        }

    def context(self, snapshot: dict) -> dict:
        notes = paper_figures.Notes(snapshot.get("figures"))
        paper = (snapshot.get("paper") or {}).get("totals") or [None] * len(snapshot["totals"])

        def pounds(value, places):
            return figure(value, places=places or 0)

        return snapshot | {
            "rows": [
                row | {"amounts": [figure(v) for v in row["amounts"]]} for row in snapshot["rows"]
            ],
            "totals": [
                notes.shown(value, entry, pounds)
                for value, entry in zip(snapshot["totals"], paper, strict=True)
            ],
            "figure_notes": notes.notes,
            "wide": blocks.is_wide(1 + len(snapshot["years"])),
        }
