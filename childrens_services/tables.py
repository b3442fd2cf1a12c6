"""Table base for every list page: GOV.UK markup, sortable headers, safe CSV/XLSX downloads.

Tables declare every column and a smaller default set (the NetBox habit); downloads contain
exactly the filtered rows the page shows (all pages), with spreadsheet formula injection
neutralised.
"""

from __future__ import annotations

import django_tables2 as tables
from django.utils import dateformat
from django_tables2.export import TableExport
from tablib import Dataset

from childrens_services import formatting

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A cell a spreadsheet would run as a formula gets a leading apostrophe; numbers pass."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class SafeTableExport(TableExport):
    """django-tables2's export with every text cell neutralised against formula injection."""

    def table_to_dataset(self, table, exclude_columns, dataset_kwargs=None):
        dataset = super().table_to_dataset(table, exclude_columns, dataset_kwargs)
        safe = Dataset(title=dataset.title)
        safe.headers = [neutralise(header) for header in dataset.headers]
        for row in dataset:
            safe.append([neutralise(cell) for cell in row])
        return safe


class MoneyColumn(tables.Column):
    """Pounds shown as the pages show them (``formatting.money``: ``£19,365,000``, negatives in
    brackets), or in a paper's unit with ``scale``; the download keeps the exact Decimal."""

    def __init__(self, *args, negatives: str = "brackets", scale: int = 1, **kwargs):
        self.negatives = negatives
        self.scale = scale
        attrs = kwargs.pop("attrs", {})
        attrs.setdefault("td", {"class": "govuk-table__cell govuk-table__cell--numeric"})
        attrs.setdefault("th", {"class": "govuk-table__header govuk-table__header--numeric"})
        super().__init__(*args, attrs=attrs, **kwargs)

    def render(self, value):
        if self.scale > 1:  # a paper's £000s or £m: whole units, as the paper prints them
            return formatting.figure(value, negatives=self.negatives, scale=self.scale)
        return formatting.money(value, negatives=self.negatives)

    def value(self, value):
        return value


class DateColumn(tables.Column):
    """A date as the pages write it ("1 Apr 2012"); the download keeps the date itself.

    django-tables2's own ``DateColumn`` compiles a template for every cell, which was a third of
    the time of a 50-row register page.
    """

    def __init__(self, *args, format: str = "j M Y", **kwargs):  # noqa: A002 - as django-tables2
        self.format = format
        super().__init__(*args, **kwargs)

    def render(self, value):
        return dateformat.format(value, self.format)

    def value(self, value):
        return value


class BaseTable(tables.Table):
    """Every table's defaults: GOV.UK classes and the accessible sortable-header template."""

    export_formats = ("csv", "xlsx")

    class Meta:
        template_name = "tables/govuk_table.html"
        attrs = {
            "class": "govuk-table",
            "thead": {"class": "govuk-table__head"},
            "tbody": {"class": "govuk-table__body"},
            "th": {"class": "govuk-table__header"},
            "td": {"class": "govuk-table__cell"},
        }
        per_page = 50

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A linked cell (``linkify``) is a GOV.UK link like every other link on the page:
        # django-tables2 draws a bare <a>, which the browser colours in its own blue.
        for bound in self.columns:
            link = bound.column.link
            if link is not None and "class" not in (link.attrs or {}):
                link.attrs = {"class": "govuk-link", **(link.attrs or {})}
