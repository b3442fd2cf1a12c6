"""Tables of mandates and their sections for the pages (sortable, downloadable)."""

from __future__ import annotations

import django_tables2 as tables

from childrens_services.tables import BaseTable, MoneyColumn
from mandates.models import Asset, Mandate


class AssetTable(BaseTable):
    """The assets pipeline: each property's list, stage and money, with its authority."""

    caption = "Assets"

    name = tables.Column()
    authority = tables.Column(verbose_name="Authority", accessor="mandate__authority__short_name")
    asset_list = tables.Column(verbose_name="List")
    status = tables.Column(verbose_name="Stage")
    status_detail = tables.Column(verbose_name="Detail")
    expected_receipt = MoneyColumn(verbose_name="Expected receipt (£)")
    actual_receipt = MoneyColumn(verbose_name="Actual receipt (£)")
    running_cost_saving = MoneyColumn(verbose_name="Running-cost saving (£ a year)")

    class Meta(BaseTable.Meta):
        model = Asset
        fields = [
            "name",
            "authority",
            "asset_list",
            "status",
            "status_detail",
            "expected_receipt",
            "actual_receipt",
            "running_cost_saving",
        ]


class MandateTable(BaseTable):
    """The mandates a user may see, each linked to its page."""

    caption = "Mandates"

    title = tables.Column(verbose_name="Mandate", linkify=("mandates:detail", [tables.A("pk")]))
    authority = tables.Column(verbose_name="Authority", accessor="authority__short_name")
    period = tables.Column(
        verbose_name="Period", accessor="period_label", order_by=("start_year", "end_year")
    )
    status = tables.Column()

    class Meta(BaseTable.Meta):
        model = Mandate
        fields = ["title", "authority", "period", "status"]
        empty_text = "There are no mandates you may see."
