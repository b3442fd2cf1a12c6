"""The thin layer between the database and ``savings.computations``.

Builds the plain inputs from querysets, asks the computations, and gives back what pages,
admin and tests show: a programme's table in its paper's own form, its MTFS split, the value
the system computes for each figure a paper reports, and the disagreements between the two.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from childrens_services import financial_years
from savings import computations as calc
from savings.models import (
    CapitalProgrammeLine,
    DeliveryRecord,
    DivisionBudget,
    ReportedFigure,
    SavingsLine,
    SavingsProfile,
    SavingsProgramme,
)


def amounts_of(programme: SavingsProgramme) -> list[calc.Amount]:
    """Every stored cell of the programme's profile (cumulative), with its line's attributes."""
    cells = SavingsProfile.objects.filter(line__programme=programme).select_related(
        "line", "authority"
    )
    return [
        calc.Amount(
            line=str(cell.line_id),
            authority=cell.authority.short_name,
            year=cell.year,
            amount=cell.amount,
            confidence=cell.line.confidence,
            funding=cell.line.funding,
            budget_status=cell.line.budget_status,
        )
        for cell in cells
    ]


def sign_of(programme: SavingsProgramme) -> int:
    return -1 if programme.savings_shown_negative else 1


def in_paper_form(programme: SavingsProgramme, profile: dict[int, Decimal]) -> dict[int, Decimal]:
    """A cumulative profile as the paper prints it: incremental if it did, with its sign."""
    years = programme.years
    shown = (
        calc.incremental(profile, years)
        if programme.paper_form == SavingsProgramme.Form.INCREMENTAL
        else {year: profile.get(year, calc.ZERO) for year in years}
    )
    sign = sign_of(programme)
    return {year: sign * value for year, value in shown.items()}


@dataclass
class TableRow:
    """A line's figures, or the total's. A line with no profile at all has ``None`` for every
    figure (not recorded, not a saving of nothing) and is left out of the total."""

    line: SavingsLine | None
    label: str
    by_year: dict[int, Decimal | None]
    full_year: Decimal | None
    by_authority: dict[str, Decimal | None]
    split_column: str = ""
    split_amount: Decimal | None = None


@dataclass
class ProgrammeTable:
    """A programme's table in its paper's form: one row per line and a computed total row."""

    programme: SavingsProgramme
    years: list[int]
    authorities: list[str]
    rows: list[TableRow]
    total: TableRow
    split: calc.MtfsSplit
    #: Lines with no profile recorded, shown as not recorded and left out of the total.
    not_recorded: int = 0

    @property
    def year_labels(self) -> list[str]:
        return [financial_years.label(year) for year in self.years]


def programme_table(programme: SavingsProgramme, confidence: str | None = None) -> ProgrammeTable:
    """Rows by line: the per-year figures (paper form), the full-year saving and its split."""
    years = programme.years
    sign = sign_of(programme)
    cells = amounts_of(programme)
    by_line_year = calc.totals(cells, "line", "year")
    by_line_authority_last = calc.totals(
        [c for c in cells if c.year == years[-1]], "line", "authority"
    )
    authorities = [a.short_name for a in programme.participating_authorities()]
    lines = programme.lines.all()
    if confidence is not None:
        lines = lines.filter(confidence=confidence)
    rows: list[TableRow] = []
    split_lines: list[calc.SplitLine] = []
    profiled = {cell.line for cell in cells}
    for line in lines:
        key = str(line.pk)
        if key not in profiled:
            rows.append(
                TableRow(
                    line=line,
                    label=line.description,
                    by_year=dict.fromkeys(years),
                    full_year=None,
                    by_authority=dict.fromkeys(authorities),
                )
            )
            continue
        profile = {year: by_line_year.get((key, year), calc.ZERO) for year in years}
        full = calc.full_year(profile, years)
        split_line = calc.SplitLine(
            line.description, line.budget_status, line.funding, full, line.split_amount_as_reported
        )
        split_lines.append(split_line)
        rows.append(
            TableRow(
                line=line,
                label=line.description,
                by_year=in_paper_form(programme, profile),
                full_year=sign * full,
                by_authority={
                    a: sign * by_line_authority_last.get((key, a), calc.ZERO) for a in authorities
                },
                split_column=line.get_budget_status_display() if line.budget_status else "",
                split_amount=sign * split_line.in_column if line.budget_status else None,
            )
        )
    recorded = [r for r in rows if r.full_year is not None]
    total = TableRow(
        line=None,
        label="Total",
        by_year={year: sum((r.by_year[year] for r in recorded), calc.ZERO) for year in years},
        full_year=sum((r.full_year for r in recorded), calc.ZERO),
        by_authority={
            a: sum((r.by_authority[a] for r in recorded), calc.ZERO) for a in authorities
        },
    )
    return ProgrammeTable(
        programme,
        years,
        authorities,
        rows,
        total,
        calc.mtfs_split(split_lines),
        not_recorded=len(rows) - len(recorded),
    )


def apportionment_basis(line: SavingsLine) -> dict[str, Decimal] | None:
    """The per-authority basis of a line's method, from its restructure: the starting staffing
    budget for method A, the FTE reduction for method D; ``None`` for B and C (equal shares).
    """
    method = line.attribution_method
    if method not in calc.WEIGHTED_METHODS or line.basis_restructure is None:
        return None
    basis: dict[str, Decimal] = {}
    for position in line.basis_restructure.positions.exclude(authority=None):
        if method == "A":
            value = position.starting_budget
        else:
            value = calc.additionality(position.starting_fte, position.closing_fte)
        if value is not None:
            basis[position.authority.short_name] = value
    return basis


def apportioned(line: SavingsLine) -> dict[str, Decimal]:
    """The line's full-year saving split between its authorities by its attribution method.

    Raises ``ApportionmentError`` when the method has no usable basis (a borough missing).
    """
    programme = line.programme
    members = [a.short_name for a in programme.participating_authorities()]
    full = sum((a.amount for a in line.amounts.all() if a.year == programme.last_year), calc.ZERO)
    return calc.apportion(full, line.attribution_method, members, apportionment_basis(line))


def split_of(programme: SavingsProgramme) -> calc.MtfsSplit:
    return programme_table(programme).split


class ProgrammeReads:
    """Each programme's stored cells and MTFS split, read once however many of its figures are
    checked: a paper reports a dozen figures of one programme, and a list of them (the admin's,
    the data-quality page's) would otherwise read the same programme once per figure."""

    def __init__(self) -> None:
        self._amounts: dict[int, list[calc.Amount]] = {}
        self._splits: dict[int, calc.MtfsSplit] = {}

    def amounts(self, programme: SavingsProgramme) -> list[calc.Amount]:
        if programme.pk not in self._amounts:
            self._amounts[programme.pk] = amounts_of(programme)
        return self._amounts[programme.pk]

    def split(self, programme: SavingsProgramme) -> calc.MtfsSplit:
        if programme.pk not in self._splits:
            self._splits[programme.pk] = split_of(programme)
        return self._splits[programme.pk]


def _programme_total(figure: ReportedFigure, reads: ProgrammeReads) -> Decimal:
    programme = figure.programme
    cells = [
        c
        for c in reads.amounts(programme)
        if (not figure.confidence or c.confidence == figure.confidence)
        and (figure.column_authority is None or c.authority == figure.column_authority.short_name)
    ]
    profile = {year: total for (year,), total in calc.totals(cells, "year").items()}
    if figure.year is None:
        return sign_of(programme) * calc.full_year(profile, programme.years)
    return in_paper_form(programme, profile)[figure.year]


def _line_total(figure: ReportedFigure) -> Decimal:
    line = figure.line
    year = figure.year if figure.year is not None else line.programme.last_year
    column = figure.column_authority_id
    cells = [
        c
        for c in line.amounts.all()
        if c.year == year and (column is None or c.authority_id == column)
    ]
    return sign_of(line.programme) * sum((c.amount for c in cells), calc.ZERO)


def _restructure(figure: ReportedFigure) -> Decimal | None:
    positions = list(figure.restructure.positions.all())
    if figure.column_authority_id is not None:
        positions = [p for p in positions if p.authority_id == figure.column_authority_id]
    measure = figure.measure
    column = {
        "starting_budget": "starting_budget",
        "closing_budget": "closing_budget",
        "starting_fte": "starting_fte",
        "closing_fte": "closing_fte",
    }
    if measure in column:
        return calc.column_total(getattr(p, column[measure]) for p in positions)
    prefix = "budget" if measure == "budget_additionality" else "fte"
    start_field = "starting_budget" if prefix == "budget" else "starting_fte"
    close_field = "closing_budget" if prefix == "budget" else "closing_fte"
    return calc.additionality(
        calc.column_total(getattr(p, start_field) for p in positions),
        calc.column_total(getattr(p, close_field) for p in positions),
    )


def computed_value(figure: ReportedFigure, reads: ProgrammeReads | None = None) -> Decimal | None:
    """What the system computes, from the line items, for the figure the paper reports."""
    reads = reads or ProgrammeReads()
    kind = ReportedFigure.Kind
    if figure.kind == kind.PROGRAMME_TOTAL:
        return _programme_total(figure, reads)
    if figure.kind == kind.LINE_TOTAL:
        return _line_total(figure)
    if figure.kind in (kind.MTFS_TOTAL, kind.ADDITIONAL_TOTAL, kind.DSG_EXCLUSION):
        split = reads.split(figure.programme)
        sign = sign_of(figure.programme)
        return (
            sign
            * {
                kind.MTFS_TOTAL: split.mtfs,
                kind.ADDITIONAL_TOTAL: split.additional,
                kind.DSG_EXCLUSION: split.dsg_exclusion,
            }[figure.kind]
        )
    if figure.kind == kind.RESTRUCTURE:
        return _restructure(figure)
    if figure.kind == kind.TARGETS_TOTAL:
        return sum((t.amount for t in figure.programme.targets.all()), calc.ZERO)
    if figure.kind == kind.CAPITAL_TOTAL:
        lines = CapitalProgrammeLine.objects.filter(authority=figure.authority_id, year=figure.year)
        return calc.column_total(line.amount for line in lines)
    if figure.kind in (kind.BUDGET_TOTAL, kind.FTE_TOTAL):
        budgets = DivisionBudget.objects.filter(
            division__authority=figure.authority_id, year=figure.year
        )
        field = "net_budget" if figure.kind == kind.BUDGET_TOTAL else "fte"
        return calc.column_total(getattr(b, field) for b in budgets)
    return None


@dataclass
class Check:
    """A reported figure beside the computed one, or a line disagreeing with its own column."""

    subject: str
    owner: str
    label: str
    reported: Decimal
    computed: Decimal | None
    agreement: calc.Agreement
    admin_object: object
    #: Pounds (``£1,140,000``) or, for a staffing figure, FTE (``12.5``).
    in_pounds: bool = True

    @property
    def difference(self) -> Decimal | None:
        return None if self.computed is None else self.reported - self.computed

    @property
    def disagrees(self) -> bool:
        return self.agreement != calc.Agreement.AGREES


def check(figure: ReportedFigure, reads: ProgrammeReads | None = None) -> Check:
    computed = computed_value(figure, reads)
    return Check(
        subject=str(figure.programme or figure.get_kind_display()),
        owner=str(figure.owner),
        label=figure.label,
        reported=figure.value,
        computed=computed,
        agreement=calc.compare(figure.value, computed, figure.precision),
        admin_object=figure,
        in_pounds=figure.in_pounds,
    )


def line_split_checks(lines: QuerySet) -> list[Check]:
    """Lines whose MTFS/additional column figure differs from their own full-year saving."""
    checks = []
    for line in lines.exclude(split_amount_as_reported=None).select_related("programme"):
        programme = line.programme
        full = sum(
            (a.amount for a in line.amounts.all() if a.year == programme.last_year), calc.ZERO
        )
        sign = sign_of(programme)
        checks.append(
            Check(
                subject=str(programme),
                owner=str(programme.owner),
                label=(
                    f"{line.description}: {line.get_budget_status_display()} column against "
                    f"its {financial_years.label(programme.last_year)} saving"
                ),
                reported=sign * line.split_amount_as_reported,
                computed=sign * full,
                agreement=calc.compare(line.split_amount_as_reported, full, Decimal("0.01")),
                admin_object=line,
            )
        )
    return checks


#: What a reported figure's check reads through its links, fetched with the figure, and the
#: rows behind them, fetched for all the figures at once (not a query per figure).
CHECK_RELATED = (
    "programme",
    "authority",
    "partnership",
    "column_authority",
    "line__programme",
    "restructure",
)
CHECK_PREFETCHED = ("restructure__positions", "line__amounts", "programme__targets")


def checks(figures: QuerySet | list[ReportedFigure]) -> list[Check]:
    """Each figure beside the computed one, each programme read once for all its figures."""
    if isinstance(figures, QuerySet):
        figures = figures.select_related(*CHECK_RELATED).prefetch_related(*CHECK_PREFETCHED)
    reads = ProgrammeReads()
    return [check(figure, reads) for figure in figures]


def disagreements(figures: QuerySet, lines: QuerySet) -> list[Check]:
    """Every reported figure (and line column) that does not equal what the system computes."""
    found = checks(figures)
    found += line_split_checks(lines)
    return [c for c in found if c.disagrees]


def delivery_position_of(programme: SavingsProgramme, year: int) -> dict[str, calc.Position]:
    """Delivered versus planned per authority for one year of a programme."""
    planned = {
        (a.line_id, a.authority_id): a.amount
        for a in SavingsProfile.objects.filter(line__programme=programme, year=year)
    }
    records = {
        (r.line_id, r.authority_id): r
        for r in DeliveryRecord.objects.filter(line__programme=programme, year=year)
    }
    names = {a.pk: a.short_name for a in programme.participating_authorities()}
    cells = []
    for key in sorted(set(planned) | set(records)):
        record = records.get(key)
        cells.append(
            calc.DeliveryCell(
                authority=names.get(key[1], str(key[1])),
                planned=planned.get(key, calc.ZERO),
                forecast=record.forecast if record else None,
                achieved=record.achieved if record else None,
            )
        )
    return calc.delivery_position(cells)
