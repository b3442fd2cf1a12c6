"""Tables of savings records for the list and dashboard pages (sortable, downloadable)."""

from __future__ import annotations

import django_tables2 as tables

from childrens_services.tables import BaseTable
from savings.models import SavingsLine, SavingsProgramme


class SavingsLineTable(BaseTable):
    """Savings lines; the description drills down to the line's profile and history."""

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
