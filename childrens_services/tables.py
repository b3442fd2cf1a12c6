"""Table base for every list page: GOV.UK markup, sortable headers, CSV/XLSX downloads that carry
the figures.

Tables declare every column and a smaller default set (the NetBox habit). A download
(``TableDownload``) holds exactly the filtered rows the page shows (all pages) and every column
the table shows, under a block saying what the rows are (scope, year, basis, filters, when and
from where): money as numbers (in the XLSX with a ``£`` number format, in the CSV bare with the
unit in the heading), dates as dates, a missing figure as an empty cell with the reason in the
row's Notes, and text neutralised against spreadsheet formula injection.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import django_tables2 as tables
from django.http import HttpResponse
from django.utils import dateformat
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from childrens_services import formatting

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

#: Why a figure of a money or date column is empty, unless the column says more.
NOT_HELD = formatting.NOT_RECORDED


def neutralise(value):
    """A cell a spreadsheet would run as a formula gets a leading apostrophe; numbers pass."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


#: Why a cell is empty: a sentence, or one worked out from the row's record.
WhyMissing = str | Callable[[Any], str] | None


class MoneyColumn(tables.Column):
    """Pounds shown as the pages show them (``formatting.money``: ``£19,365,000``, negatives in
    brackets), or in a paper's unit with ``scale``; the download keeps the exact Decimal, a
    number in pounds. A figure nobody recorded is shown as ``formatting.NOT_RECORDED`` (never
    £0); in the download its cell is empty and ``why_missing`` says (or works out from the
    record) why, in the row's Notes."""

    export_kind = "money"

    def __init__(
        self,
        *args,
        negatives: str = "brackets",
        scale: int = 1,
        why_missing: WhyMissing = NOT_HELD,
        **kwargs,
    ):
        self.negatives = negatives
        self.scale = scale
        self.why_missing = why_missing
        kwargs.setdefault("default", formatting.NOT_RECORDED)
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

    export_kind = "date"

    def __init__(
        self,
        *args,
        format: str = "j M Y",  # noqa: A002 - as django-tables2
        why_missing: WhyMissing = NOT_HELD,
        **kwargs,
    ):
        self.format = format
        self.why_missing = why_missing
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


# --- Downloads ----------------------------------------------------------------------------

#: The heading of the last column, which says why each empty figure of its row is empty.
NOTES = "Notes"


@dataclass(frozen=True)
class DownloadColumn:
    """One column of a download: the table's column as its heading and kind say."""

    name: str
    heading: str
    kind: str  # "money", "date" or "text"
    why_missing: WhyMissing
    negatives: str = "brackets"


def download_columns(table: tables.Table) -> list[DownloadColumn]:
    """Every column the table shows, but those it keeps off downloads (an officer's "Edit"
    link): a money column's heading names its unit, since its cells are bare numbers."""
    found = []
    for bound in table.columns:
        column = bound.column
        if column.exclude_from_export:
            continue
        kind = getattr(column, "export_kind", "text")
        heading = str(bound.header)
        found.append(
            DownloadColumn(
                name=bound.name,
                heading=formatting.in_pounds(heading) if kind == "money" else heading,
                kind=kind,
                why_missing=getattr(column, "why_missing", None),
                negatives=getattr(column, "negatives", "brackets"),
            )
        )
    return found


def _why(column: DownloadColumn, record) -> str:
    why = column.why_missing
    return why(record) if callable(why) else str(why)


class UnknownFormat(ValueError):
    """A download asked for in a format the page does not offer."""


class TableDownload:
    """A table's every row as a CSV or XLSX download, under a block saying what the rows are.

    ``about`` is that block, ``(label, text)`` pairs, the first being the title. The layout is
    the same in both formats: the block, an empty row, the column headings, the rows. A
    column whose figure can be missing (one declaring ``why_missing``) leaves an empty cell,
    never a dash or a zero, and the row's Notes say why.
    """

    FORMATS = {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }

    def __init__(self, table: tables.Table, about: Sequence[tuple[str, str]] = ()):
        self._columns(download_columns(table), about)
        self.rows = [self._row(row) for row in table.rows]

    @classmethod
    def of_rows(
        cls,
        columns: Sequence[DownloadColumn],
        rows: Sequence[tuple[list, list[str]]],
        about: Sequence[tuple[str, str]] = (),
    ) -> TableDownload:
        """A download of rows a page draws without a table class (the benchmark pages): each
        row its cells (``None`` for a figure not held) and the notes saying why."""
        download = cls.__new__(cls)
        download._columns(columns, about, noted=any(notes for _, notes in rows))
        download.rows = [
            list(values) + (["; ".join(notes)] if download.noted else []) for values, notes in rows
        ]
        return download

    def _columns(self, columns: Sequence[DownloadColumn], about, noted: bool = False) -> None:
        self.about = list(about)
        self.columns = list(columns)
        self.noted = noted or any(column.why_missing for column in self.columns)
        self.headings = [c.heading for c in self.columns] + ([NOTES] if self.noted else [])

    def _row(self, row) -> list:
        values, notes = [], []
        for column in self.columns:
            value = row.get_cell_value(column.name)
            if value is None or value == "":
                value = None
                if column.why_missing:
                    notes.append(f"{column.heading}: {_why(column, row.record)}")
            elif column.kind == "text" and not isinstance(value, int | Decimal | float):
                value = str(value)
            values.append(value)
        return values + (["; ".join(notes)] if self.noted else [])

    def _kind(self, index: int) -> str:
        return self.columns[index].kind if index < len(self.columns) else "text"

    def csv(self) -> str:
        """With a byte-order mark, so a spreadsheet opening it reads "£" as the pound sign."""
        out = io.StringIO()
        out.write("\ufeff")
        writer = csv.writer(out)
        for label, text in self.about:
            writer.writerow([neutralise(label), neutralise(text)] if text else [neutralise(label)])
        writer.writerow([])
        writer.writerow([neutralise(h) for h in self.headings])
        for values in self.rows:
            writer.writerow([self._plain(i, v) for i, v in enumerate(values)])
        return out.getvalue()

    def _plain(self, index: int, value) -> str:
        if value is None:
            return ""
        kind = self._kind(index)
        if kind == "money" or isinstance(value, Decimal | int | float):
            return formatting.plain_number(value, pounds=kind == "money")
        if kind == "date" and isinstance(value, dt.date):
            return value.isoformat()
        return neutralise(str(value))

    def xlsx(self) -> bytes:
        """One sheet: the block in bold labels, the headings frozen and filterable, money cells
        numbers formatted as pounds, date cells dates."""
        book = Workbook(write_only=True)
        sheet = book.create_sheet(sheet_title(self.about[0][0] if self.about else "Download"))
        for index, heading in enumerate(self.headings):
            width = self._width(index, heading)
            sheet.column_dimensions[get_column_letter(index + 1)].width = width
        top = len(self.about) + 2  # the headings' row
        sheet.freeze_panes = f"A{top + 1}"
        if self.rows:
            last = get_column_letter(len(self.headings))
            sheet.auto_filter.ref = f"A{top}:{last}{top + len(self.rows)}"
        bold = Font(bold=True)
        for number, (label, text) in enumerate(self.about):
            first = WriteOnlyCell(sheet, neutralise(label))
            first.font = Font(bold=True, size=14) if number == 0 else bold
            sheet.append([first, neutralise(text)] if text else [first])
        sheet.append([])
        headings = []
        for heading in self.headings:
            cell = WriteOnlyCell(sheet, neutralise(heading))
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            headings.append(cell)
        sheet.append(headings)
        for values in self.rows:
            sheet.append([self._cell(sheet, i, v) for i, v in enumerate(values)])
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    def _cell(self, sheet, index: int, value):
        kind = self._kind(index)
        if value is None:
            return None
        if kind == "money":
            cell = WriteOnlyCell(sheet, value)
            cell.number_format = formatting.spreadsheet_money(
                value, negatives=self.columns[index].negatives
            )
            return cell
        if kind == "date" and isinstance(value, dt.date):
            cell = WriteOnlyCell(sheet, value)
            cell.number_format = formatting.SPREADSHEET_DATE
            return cell
        return neutralise(value)

    def _width(self, index: int, heading: str) -> int:
        """Wide enough for the heading's longest word and the first rows' cells, at most 60."""
        longest = max((len(w) for w in heading.split()), default=8)
        for values in self.rows[:50]:
            value = values[index]
            if self._kind(index) == "money" and value is not None:
                longest = max(longest, len(formatting.money(value)))
            elif value is not None:
                longest = max(longest, len(str(value)))
        return min(max(longest + 2, 10), 60)

    def response(self, export_format: str, filename: str) -> HttpResponse:
        if export_format not in self.FORMATS:
            raise UnknownFormat(export_format)
        content = self.csv() if export_format == "csv" else self.xlsx()
        response = HttpResponse(content, content_type=self.FORMATS[export_format])
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


def sheet_title(text: str) -> str:
    """A worksheet's name: at most 31 characters, none of ``[]:*?/\\``."""
    return re.sub(r"[\[\]:*?/\\]", " ", text)[:31].strip() or "Download"
