"""``{% load govuk_tables %}``: a django-tables2 table's body rows drawn in one pass.

The table template's own loop asked each cell's column for its attributes, and django-tables2
builds them afresh every time (the table's and column's attributes merged, computed, their
classes sorted): a third of drawing a renewals page's 350 rows. A column whose cell attributes
hold nothing computed from the record has the same attributes in every row, so they are drawn
once per column here; one that computes them from the record is asked per cell, as before.
The rows are the loop's, to the byte: a header cell for the first column, each cell's value
written as ``{{ cell }}`` writes it.
"""

from __future__ import annotations

from django import template
from django.template.base import render_value_in_context
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _same_in_every_row(bound_column) -> bool:
    """Whether a column's cell attributes hold nothing computed (from the record or value)."""
    merged = {**bound_column._table.attrs, **bound_column.column.attrs}
    cell = merged.get("td", merged.get("cell", {}))
    return not any(callable(value) for value in cell.values())


@register.simple_tag(takes_context=True)
def body_rows(context: template.Context, table) -> SafeString:
    fixed = {
        column.name: column.attrs["td"].as_html() if _same_in_every_row(column) else None
        for column in table.columns
    }
    drawn = []
    for row in table.paginated_rows:
        drawn.append('\n    <tr class="govuk-table__row">\n    ')
        for place, (column, cell) in enumerate(row.items()):
            attrs = fixed[column.name]
            if attrs is None:
                attrs = column.attrs["td"].as_html()
            value = render_value_in_context(cell, context)
            if place == 0:
                drawn.append(f'\n      <th scope="row" {attrs}>{value}</th>\n    ')
            else:
                drawn.append(f"\n      <td {attrs}>{value}</td>\n    ")
        drawn.append("\n    </tr>\n  ")
    return mark_safe("".join(drawn))  # noqa: S308 - attributes and values escaped as drawn
