"""Tables of governance records for the list pages (sortable, downloadable)."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from childrens_services.tables import BaseTable
from governance.models import CommitteeReport


class CommitteeReportTable(BaseTable):
    """Committee reports by meeting, each linked to its preview; exempt ones say so in words."""

    caption = "Committee reports"

    meeting = tables.Column(linkify=("reports:meeting", [tables.A("meeting_id")]))
    item = tables.Column(
        verbose_name="Item", accessor="agenda_item__number", default="", orderable=False
    )
    title = tables.Column(verbose_name="Report")
    status = tables.Column()

    class Meta(BaseTable.Meta):
        model = CommitteeReport
        fields = ["meeting", "item", "title", "status"]
        empty_text = "No reports you can see."

    def render_title(self, record, value):
        link = reverse("reports:detail", args=[record.pk])
        if record.is_exempt:
            return format_html(
                '<a class="govuk-link" href="{}">{}</a> '
                '<strong class="govuk-tag govuk-tag--red">Exempt</strong>',
                link,
                value,
            )
        return format_html('<a class="govuk-link" href="{}">{}</a>', link, value)

    def value_title(self, record, value):
        return f"{value} (exempt)" if record.is_exempt else value
