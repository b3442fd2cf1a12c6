"""Tables of savings records for the dashboard pages (sortable, downloadable)."""

from __future__ import annotations

import django_tables2 as tables

from childrens_services.tables import BaseTable
from savings.models import SavingsLine


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
