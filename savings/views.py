"""Savings pages: programmes in their paper's own form, and the data-quality list."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from childrens_services import financial_years, formatting
from childrens_services.caching import authorities_read, cached_figures
from childrens_services.generic import ScopedTableView
from childrens_services.permissions import restrict, viewable_or_404
from savings import basis as basis_rule
from savings import computations as calc
from savings import figures
from savings.filtersets import SavingsProgrammeFilterSet
from savings.models import ReportedFigure, SavingsLine, SavingsProgramme
from savings.tables import SavingsProgrammeTable


def _require_role(request: HttpRequest) -> None:
    """The rule set decides who reads savings at all (a user with no role reads nothing)."""
    if not request.user.has_perm("savings.view_savingsprogramme"):
        raise PermissionDenied("Your account has no role yet.")


class ProgrammeList(ScopedTableView):
    """The savings programmes the user may see; the rule set decides who reads savings."""

    queryset = SavingsProgramme.objects.select_related("authority", "partnership")
    filterset_class = SavingsProgrammeFilterSet
    table_class = SavingsProgrammeTable
    template_name = "savings/programme_list.html"
    title = "Savings programmes"
    permission_required = "savings.view_savingsprogramme"


@require_GET
@login_required
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A programme's table as its paper printed it, recomputed from the lines."""
    _require_role(request)
    programme = viewable_or_404(request.user, SavingsProgramme.objects.all(), pk=pk)
    table = figures.programme_table(programme)
    scale = programme.scale
    places = 3 if scale == 1_000_000 else 0

    def shown(value):
        """A figure as the paper prints it: in its unit and places, its negatives its way;
        one never recorded (a line with no profile) as not recorded."""
        if value is None:
            return formatting.NOT_RECORDED
        return formatting.figure(calc.in_unit(value, scale, places), places, programme.negatives)

    rows = [
        {
            "label": row.label,
            "line": row.line,
            "by_year": [shown(row.by_year[y]) for y in table.years],
            "full_year": shown(row.full_year),
            "by_authority": [shown(row.by_authority[a]) for a in table.authorities],
            "split_column": row.split_column,
            "split_amount": None if row.split_amount is None else shown(row.split_amount),
        }
        for row in table.rows
    ]
    total = {
        "by_year": [shown(table.total.by_year[y]) for y in table.years],
        "full_year": shown(table.total.full_year),
        "by_authority": [shown(table.total.by_authority[a]) for a in table.authorities],
    }
    split = table.split
    positions = [
        (financial_years.label(year), figures.delivery_position_of(programme, year))
        for year in programme.years
    ]
    context = {
        "programme": programme,
        "table": table,
        "rows": rows,
        "total": total,
        "split": {
            "mtfs": shown(split.mtfs),
            "additional_gross": shown(split.additional_gross),
            "dsg_exclusion": shown(split.dsg_exclusion),
            "additional": shown(split.additional),
        },
        "has_split": any(row.split_column for row in table.rows),
        "multi_authority": len(table.authorities) > 1,
        "positions": [(label, pos) for label, pos in positions if pos],
        "restructures": programme.restructures.prefetch_related("positions__authority"),
        "targets": programme.targets.all(),
        "costs": programme.implementation_costs.all(),
    }
    return render(request, "savings/programme_detail.html", context)


@require_GET
@login_required
def data_quality(request: HttpRequest) -> HttpResponse:
    """Every figure a paper prints that disagrees with the total computed from the lines, and
    every programme restating another's savings, with the two accounts side by side.

    Drawn once and kept until a record the user reads changes: it checks every
    reported figure against its lines (about 60 ms nationally), the same for every request."""
    _require_role(request)
    user = request.user
    body = cached_figures(
        "data-quality",
        user,
        (),
        lambda: render_to_string("savings/_data_quality_body.html", _data_quality(user)),
        authorities_read(user, ReportedFigure),
    )
    context = {"body": mark_safe(body)}  # noqa: S308 - the template's output
    return render(request, "savings/data_quality.html", context)


def _data_quality(user) -> dict:
    return {
        "disagreements": figures.disagreements(
            restrict(user, ReportedFigure.objects.all()),
            restrict(user, SavingsLine.objects.all()),
        ),
        "checked": restrict(user, ReportedFigure.objects.all()).count(),
        "overlaps": basis_rule.overlap_reports(basis_rule.counting(user)),
        "default_basis": basis_rule.DEFAULT.label,
    }
