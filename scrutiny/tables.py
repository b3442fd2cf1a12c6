"""Tables of scrutiny records for the tracker page (sortable, downloadable)."""

from __future__ import annotations

import django_tables2 as tables

from childrens_services.tables import BaseTable, DateColumn
from scrutiny.models import ScrutinyRecommendation


class ScrutinyRecommendationTable(BaseTable):
    """Recommendations, each linked to its page with the response, actions and history."""

    caption = "Scrutiny recommendations"

    text = tables.Column(
        verbose_name="Recommendation", linkify=("scrutiny:recommendation", [tables.A("pk")])
    )
    committee = tables.Column(accessor="committee__name", verbose_name="Committee")
    meeting = DateColumn(accessor="meeting__date", verbose_name="Made on", format="j M Y")
    status = tables.Column()
    response_due = DateColumn(
        verbose_name="Response due", why_missing="not sent to the executive yet"
    )
    response = tables.Column(verbose_name="Response", default="")
    illustrative = tables.BooleanColumn(verbose_name="Illustrative", yesno="Yes,")

    class Meta(BaseTable.Meta):
        model = ScrutinyRecommendation
        fields = [
            "text",
            "committee",
            "meeting",
            "status",
            "response_due",
            "response",
            "illustrative",
        ]
        empty_text = "There are no scrutiny recommendations you can see."

    def render_text(self, value):
        return value if len(value) <= 120 else f"{value[:117]}…"
