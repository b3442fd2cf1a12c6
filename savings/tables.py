"""Tables of savings records for the list and dashboard pages (sortable, downloadable)."""

from __future__ import annotations

from collections.abc import Sequence

import django_tables2 as tables

from childrens_services import financial_years, formatting
from childrens_services.tables import BaseTable, MoneyColumn
from savings.models import SavingsLine, SavingsProgramme


class SavingsLineTable(BaseTable):
    """Savings lines; the description drills down to the line's profile and history.

    ``years`` adds a column of pounds for each, read from the row's ``amount_<year>``
    (``dashboards.figures.savings_lines_by_year`` annotates them): the line's saving reached
    against the base that year, over the authorities in scope.
    """

    caption = "Savings lines"

    description = tables.LinkColumn("dashboards:savings_line", args=[tables.A("pk")])
    programme = tables.Column(accessor="programme__name", verbose_name="Programme")
    service = tables.Column()
    confidence = tables.Column()
    funding = tables.Column()
    budget_status = tables.Column(verbose_name="Budget status")
    attribution_method = tables.Column(verbose_name="Attribution method")

    class Meta(BaseTable.Meta):
        model = SavingsLine
        fields = [
            "description",
            "programme",
            "service",
            "confidence",
            "funding",
            "budget_status",
            "attribution_method",
        ]

    def __init__(self, *args, years: Sequence[int] = (), **kwargs):
        amounts = [(f"amount_{year}", amount_column(year)) for year in years]
        kwargs["extra_columns"] = [*amounts, *kwargs.get("extra_columns", ())]
        super().__init__(*args, **kwargs)


def amount_column(year: int) -> MoneyColumn:
    """A year's amounts, its empty cells saying whether the year is outside the line's
    programme or inside it with nothing recorded."""
    shown = financial_years.label(year)

    def why_missing(line: SavingsLine) -> str:
        programme = line.programme
        if programme.first_year <= year <= programme.last_year:
            return f"no amount recorded for {shown}"
        first = financial_years.label(programme.first_year)
        last = financial_years.label(programme.last_year)
        return f"{shown} is outside the programme's years ({first} to {last})"

    return MoneyColumn(
        verbose_name=formatting.in_pounds(shown), accessor=f"amount_{year}", why_missing=why_missing
    )


class SavingsProgrammeTable(BaseTable):
    """Savings programmes, each linked to its table as the paper printed it."""

    caption = "Savings programmes"

    name = tables.Column(verbose_name="Programme", linkify=("savings:programme", [tables.A("pk")]))
    owner = tables.Column(
        verbose_name="Owner",
        accessor="owner__short_name",
        order_by=("authority__short_name", "partnership__short_name"),
    )
    period = tables.Column(
        verbose_name="Years", accessor="period_label", order_by=("first_year", "last_year")
    )
    source = tables.Column()

    class Meta(BaseTable.Meta):
        model = SavingsProgramme
        fields = ["name", "owner", "period", "source"]
        empty_text = "There are no savings programmes you can see."
