"""Tables of commissioning records for the dashboard pages (sortable, downloadable)."""

from __future__ import annotations

import django_tables2 as tables

from childrens_services.tables import BaseTable, DateColumn, MoneyColumn
from commissioning.models import Contract


class ContractTable(BaseTable):
    """The contracts register, one row a contract, owner and provider as the register names them."""

    caption = "Contracts"

    reference = tables.Column()
    title = tables.Column()
    owner = tables.Column(
        verbose_name="Owner", accessor="owner", order_by=("authority__short_name", "partnership")
    )
    supplier = tables.Column(
        verbose_name="Provider", accessor="supplier", order_by=("provider__name", "provider_text")
    )
    total_value = MoneyColumn(verbose_name="Total value (£)")
    start_date = DateColumn()
    end_date = DateColumn(verbose_name="End or renewal")
    renewal_text = tables.Column(verbose_name="Renewal as written")
    future_intention = tables.Column(verbose_name="Future intention")
    status = tables.Column()

    class Meta(BaseTable.Meta):
        model = Contract
        fields = [
            "reference",
            "title",
            "owner",
            "supplier",
            "total_value",
            "start_date",
            "end_date",
            "renewal_text",
            "future_intention",
            "status",
        ]
