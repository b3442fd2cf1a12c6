"""The officers' "Edit" column, added to a dashboard table only for users who write records."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html

from dashboards.templatetags.dashboards import edit_url


class EditColumn(tables.Column):
    """A link to the record's admin page for its writers; empty for everyone else."""

    empty_values = ()

    def __init__(self, **kwargs):
        kwargs.setdefault("verbose_name", "Edit")
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("exclude_from_export", True)
        kwargs.setdefault("accessor", "pk")
        super().__init__(**kwargs)

    def render(self, record, table):
        url = edit_url(getattr(table.request, "user", None), record)
        if not url:
            return ""
        return format_html(
            '<a class="govuk-link" href="{}">Edit'
            '<span class="govuk-visually-hidden"> {}</span></a>',
            url,
            record,
        )
