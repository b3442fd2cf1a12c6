"""Demo data for savings: the savings tables of seeds 000, 002, 003 and 004.

Each ``fixtures/savings/*.json`` holds one paper's programme with figures exactly as printed
(in the paper's unit and sign, and in its own form: cumulative or incremental). The loader
converts them to the stored form — pounds, savings positive, cumulative — so the paper's own
table is reproduced by computation, never copied. See ``fixtures/savings/README.md``.
"""

from __future__ import annotations

from decimal import Decimal

from childrens_services import financial_years
from childrens_services.demo import read_json, upsert
from childrens_services.formatting import from_paper
from governance.models import Authority, Division, Partnership
from savings import computations as calc
from savings.models import (
    CapitalProgrammeLine,
    DivisionBudget,
    ImplementationCost,
    ProgrammeOverlap,
    ReportedFigure,
    RestructurePosition,
    SavingsLine,
    SavingsProfile,
    SavingsProgramme,
    SavingsTarget,
    StaffingRestructure,
)

PROGRAMME_FILES = [
    "hf_mtfs_2011.json",
    "triborough_business_case_2011.json",
    "harrow_ics_phase1_2011.json",
    "merton_csf_2016.json",
]
FTE_MEASURES = {"starting_fte", "closing_fte", "fte_additionality"}
CENT = Decimal("0.01")


def plain(text: str | None) -> Decimal | None:
    return None if text in (None, "") else Decimal(text).quantize(CENT)


def year_of(text: str | None) -> int | None:
    return financial_years.parse(text) if text else None


def authority(code: str | None) -> Authority | None:
    return Authority.objects.get(dfe_code=code) if code else None


def load_programme(data: dict) -> SavingsProgramme:
    owner = {
        "authority": authority(data["authority"]),
        "partnership": (
            Partnership.objects.get(short_name=data["partnership"]) if data["partnership"] else None
        ),
    }
    programme = upsert(
        SavingsProgramme,
        {"name": data["name"]},
        {
            **owner,
            "first_year": year_of(data["first_year"]),
            "last_year": year_of(data["last_year"]),
            "paper_form": data["paper_form"],
            "paper_unit": data["paper_unit"],
            "savings_shown_negative": data["savings_shown_negative"],
            "source": data["source"],
            "description": data["description"],
        },
    )
    scale = programme.scale
    sign = -1 if programme.savings_shown_negative else 1
    lines: dict[str, SavingsLine] = {}
    for position, row in enumerate(data["lines"], start=1):
        line = upsert(
            SavingsLine,
            {"programme": programme, "description": row["description"]},
            {
                "position": position,
                "service": row.get("service", ""),
                "confidence": row.get("confidence", ""),
                "funding": row.get("funding", "GF"),
                "budget_status": row.get("budget_status", ""),
                "attribution_method": row.get("attribution_method", ""),
                "attribution_basis": row.get("attribution_basis", ""),
                "split_amount_as_reported": from_paper(row.get("split_as_reported"), scale),
                "notes": row.get("notes", ""),
            },
        )
        lines[row["description"]] = line
        for code, by_year in row["amounts"].items():
            printed = {year_of(y): sign * from_paper(v, scale) for y, v in by_year.items()}
            profile = (
                calc.cumulative(printed, programme.years)
                if programme.paper_form == SavingsProgramme.Form.INCREMENTAL
                else printed
            )
            for year, amount in profile.items():
                upsert(
                    SavingsProfile,
                    {"line": line, "authority": authority(code), "year": year},
                    {"amount": amount},
                )
    restructures: dict[str, StaffingRestructure] = {}
    for position, row in enumerate(data.get("restructures", []), start=1):
        restructure = upsert(
            StaffingRestructure,
            {"programme": programme, "service": row["service"]},
            {
                "position": position,
                "budget_label": row["budget_label"],
                "attribution": row.get("attribution", ""),
                "notes": row.get("notes", ""),
            },
        )
        restructures[row["service"]] = restructure
        for figures in row["positions"]:
            upsert(
                RestructurePosition,
                {"restructure": restructure, "authority": authority(figures.get("authority"))},
                {
                    "starting_budget": from_paper(figures.get("starting_budget"), scale),
                    "closing_budget": from_paper(figures.get("closing_budget"), scale),
                    "starting_fte": plain(figures.get("starting_fte")),
                    "closing_fte": plain(figures.get("closing_fte")),
                    "note": figures.get("note", ""),
                },
            )
    for row in data["lines"]:
        if row.get("basis_restructure"):
            upsert(
                SavingsLine,
                {"pk": lines[row["description"]].pk},
                {"basis_restructure": restructures[row["basis_restructure"]]},
            )
    for row in data.get("implementation_costs", []):
        upsert(
            ImplementationCost,
            {"programme": programme, "kind": row["kind"], "description": row["description"]},
            {
                "year": year_of(row.get("year")),
                "amount": from_paper(row.get("amount"), scale),
                "quantity": plain(row.get("quantity")),
                "funded_from": row.get("funded_from", ""),
            },
        )
    for year, amount in data.get("targets", {}).items():
        upsert(
            SavingsTarget,
            {"programme": programme, "year": year_of(year)},
            {"amount": from_paper(amount, scale)},
        )
    for row in data.get("reported", []):
        is_fte = row.get("measure") in FTE_MEASURES
        convert = plain if is_fte else (lambda text: from_paper(text, scale))
        upsert(
            ReportedFigure,
            {"programme": programme, "label": row["label"]},
            {
                **owner,
                "kind": row["kind"],
                "line": lines[row["line"]] if row.get("line") else None,
                "restructure": restructures[row["restructure"]] if row.get("restructure") else None,
                "column_authority": authority(row.get("column_authority")),
                "year": year_of(row.get("year")),
                "confidence": row.get("confidence", ""),
                "measure": row.get("measure", ""),
                "value": convert(row["value"]),
                "precision": convert(row["precision"]),
            },
        )
    if "division_budgets" in data:
        load_division_budgets(programme.authority, data["division_budgets"], scale)
    if "capital" in data:
        load_capital(programme.authority, data["capital"])
    return programme


def load_division_budgets(owner: Authority, data: dict, scale: int) -> None:
    year = year_of(data["year"])
    for row in data["rows"]:
        notes = " ".join(filter(None, [row.get("notes", ""), data.get("notes", "")]))
        upsert(
            DivisionBudget,
            {"division": Division.objects.get(authority=owner, name=row["division"]), "year": year},
            {
                "net_budget": from_paper(row["net_budget"], scale),
                "fte": plain(row["fte"]),
                "notes": notes,
            },
        )
    for row in data["reported"]:
        is_fte = row["kind"] == ReportedFigure.Kind.FTE_TOTAL
        convert = plain if is_fte else (lambda text: from_paper(text, scale))
        upsert(
            ReportedFigure,
            {"authority": owner, "label": row["label"]},
            {
                "kind": row["kind"],
                "year": year,
                "value": convert(row["value"]),
                "precision": convert(row["precision"]),
            },
        )


def load_capital(owner: Authority, data: dict) -> None:
    scale = int(data["unit"])
    years = [year_of(y) for y in data["years"]]
    for row in data["rows"]:
        for year, amount in zip(years, row["amounts"], strict=True):
            upsert(
                CapitalProgrammeLine,
                {
                    "authority": owner,
                    "programme_name": data["programme_name"],
                    "category": row["category"],
                    "year": year,
                },
                {"amount": from_paper(amount, scale)},
            )
    for year, total in zip(years, data["totals"], strict=True):
        upsert(
            ReportedFigure,
            {"authority": owner, "label": f"Total CSF capital, {financial_years.label(year)}"},
            {
                "kind": ReportedFigure.Kind.CAPITAL_TOTAL,
                "year": year,
                "value": from_paper(total, scale),
                "precision": Decimal("1.00"),
            },
        )


def load_overlap(programme: SavingsProgramme, data: dict) -> None:
    """What a paper's programme restates (seed 000's H&F savings restate seed 003's case)."""
    upsert(
        ProgrammeOverlap,
        {"programme": programme, "earlier": SavingsProgramme.objects.get(name=data["programme"])},
        {"kind": data["kind"], "note": data["note"]},
    )


def load(stdout) -> None:
    papers = [read_json("savings", name) for name in PROGRAMME_FILES]
    programmes = [load_programme(data) for data in papers]
    for programme, data in zip(programmes, papers, strict=True):
        if "restates" in data:
            load_overlap(programme, data["restates"])
    overlaps = ProgrammeOverlap.objects.count()
    stdout.write(
        f"savings: {len(programmes)} programmes, {SavingsLine.objects.count()} lines, "
        f"{SavingsProfile.objects.count()} amounts, "
        f"{StaffingRestructure.objects.count()} restructures, "
        f"{ReportedFigure.objects.count()} reported figures, "
        f"{overlaps} overlap{'' if overlaps == 1 else 's'} between programmes"
    )
