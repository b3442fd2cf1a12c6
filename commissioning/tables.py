"""Tables of commissioning records for the dashboard pages (sortable, downloadable)."""

from __future__ import annotations

import django_tables2 as tables

from childrens_services.financial_years import label
from childrens_services.formatting import NOT_RECORDED, figure
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
    total_value = MoneyColumn(
        verbose_name="Total value (£)", why_missing="no value recorded in the register"
    )
    start_date = DateColumn()
    end_date = DateColumn(verbose_name="End or renewal", why_missing=lambda c: end_missing(c))
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


def end_missing(contract: Contract) -> str:
    """Why a contract has no end or renewal date: given only in words, or not recorded."""
    if contract.renewal_text:
        return "given in words (Renewal as written)"
    return "not recorded"


class RenewalTable(ContractTable):
    """The register's columns a renewal decision needs: when it falls due, how the register
    words it, and the forecast spend (read from ``forecasts``, prefetched). Its rows are the
    first few of a heading, so it offers no download: the register's page does."""

    export_formats = ()
    renewal_date = DateColumn(verbose_name="Renewal date")
    forecasts = tables.Column(verbose_name="Forecast spend (£)", empty_values=())

    class Meta(ContractTable.Meta):
        orderable = False
        exclude = ["start_date", "end_date", "status"]
        sequence = [
            "owner",
            "reference",
            "title",
            "supplier",
            "total_value",
            "renewal_date",
            "renewal_text",
            "forecasts",
            "future_intention",
            "...",
        ]

    def render_forecasts(self, record):
        shown = [
            f"{label(f.financial_year)}: {figure(f.amount, places=0)}"
            for f in record.forecasts.all()
        ]
        return "; ".join(shown) or NOT_RECORDED

    def value_forecasts(self, record):
        return "; ".join(f"{label(f.financial_year)}: {f.amount}" for f in record.forecasts.all())
