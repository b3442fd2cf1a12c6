"""``{% load govuk_tables %}``: a django-tables2 table's body rows drawn in one pass.

The table template's own loop asked each cell's column for its attributes, and django-tables2
builds them afresh every time (the table's and column's attributes merged, computed, their
classes sorted): a third of drawing a renewals page's 350 rows. A column whose cell attributes
hold nothing computed from the record has the same attributes in every row, so they are drawn
once per column here; one that computes them from the record is asked per cell, as before.
The rows are the loop's, to the byte: a header cell for the first column, each cell's value
written as ``{{ cell }}`` writes it.

Each cell's value is django-tables2's own (``BoundRow._get_and_render_with``: the accessor,
``get_FOO_display``, the empty values and default), but for how its render function is called:
django-tables2 inspects that function's signature for every cell, which was more than half of
drawing the renewals page's 250 rows; here it is read once per column (``_renderer``) and the
cell is rendered as ``BoundRow._call_render`` renders it.
"""

from __future__ import annotations

from functools import partial

from django import template
from django.template.base import render_value_in_context
from django.utils.safestring import SafeString, mark_safe
from django_tables2.utils import signature

register = template.Library()


def _same_in_every_row(bound_column) -> bool:
    """Whether a column's cell attributes hold nothing computed (from the record or value)."""
    merged = {**bound_column._table.attrs, **bound_column.column.attrs}
    cell = merged.get("td", merged.get("cell", {}))
    return not any(callable(value) for value in cell.values())


def _renderer(bound_column):
    """``BoundRow._call_render`` for one column, its render function's arguments read once."""
    render = bound_column.render
    wanted, catch_all = signature(render)

    def call(row, bound_column, value=None):
        offered = {
            "value": value,
            "record": row.record,
            "column": bound_column.column,
            "bound_column": bound_column,
            "bound_row": row,
            "table": row.table,
        }
        if catch_all:
            content = render(**offered)
        elif all(name in offered for name in wanted):
            content = render(**{name: offered[name] for name in wanted})
        else:
            content = None  # as ``call_with_appropriate``: an argument it cannot be given
        return bound_column.link(content, **offered) if bound_column.link else content

    return call


def rows_drawn(context: template.Context, table, rows=None) -> list[SafeString]:
    """Each of ``table``'s body rows (or of ``rows``, some of them) as HTML, in order: what
    ``body_rows`` joins. A page that keeps rows drawn (``RenewalsView``, ``DashboardTable``:
    each record's row under its owner's generations) draws the missing ones with this and
    hands the table all of them as ``table.drawn``."""
    columns = list(table.columns)
    fixed = {
        column.name: column.attrs["td"].as_html() if _same_in_every_row(column) else None
        for column in columns
    }
    renderers = {column.name: _renderer(column) for column in columns}
    drawn = []
    for row in table.paginated_rows if rows is None else rows:
        cells = ['\n    <tr class="govuk-table__row">\n    ']
        for place, column in enumerate(columns):
            cell = row._get_and_render_with(
                column, render_func=partial(renderers[column.name], row), default=column.default
            )
            attrs = fixed[column.name]
            if attrs is None:
                # As ``BoundRow.items``: the cell's value and record, for attributes computed.
                column.current_value, column.current_record = cell, row.record
                attrs = column.attrs["td"].as_html()
            value = render_value_in_context(cell, context)
            if place == 0:
                cells.append(f'\n      <th scope="row" {attrs}>{value}</th>\n    ')
            else:
                cells.append(f"\n      <td {attrs}>{value}</td>\n    ")
        cells.append("\n    </tr>\n  ")
        drawn.append(mark_safe("".join(cells)))  # noqa: S308 - attributes and values escaped
    return drawn


@register.simple_tag(takes_context=True)
def body_rows(context: template.Context, table) -> SafeString:
    """The table's body rows: ``table.drawn`` when the page drew them already, else drawn."""
    drawn = getattr(table, "drawn", None)
    return mark_safe("".join(rows_drawn(context, table) if drawn is None else drawn))  # noqa: S308
