"""Tables of the forward plan and of decisions (sortable, downloadable)."""

from __future__ import annotations

import django_tables2 as tables

from childrens_services.tables import BaseTable, DateColumn
from decisions.models import DecisionNotice, ForwardPlanEntry


class ForwardPlanEntryTable(BaseTable):
    """Key decisions to come, each linked to its entry."""

    caption = "Key decisions on the forward plan"

    reference = tables.Column(linkify=("decisions:forward_plan_entry", [tables.A("pk")]))
    subject = tables.Column()
    authority = tables.Column(accessor="authority__short_name", verbose_name="Authority")
    decision_maker = tables.Column(verbose_name="Decision maker")
    decision_date = DateColumn(verbose_name="Date of decision")
    status = tables.Column()

    class Meta(BaseTable.Meta):
        model = ForwardPlanEntry
        fields = ["reference", "subject", "authority", "decision_maker", "decision_date", "status"]
        empty_text = "There are no forward plan entries you can see."


class DecisionNoticeTable(BaseTable):
    """Decisions taken, each linked to its notice."""

    caption = "Decisions"

    title = tables.Column(linkify=("decisions:decision", [tables.A("pk")]))
    authority = tables.Column(accessor="authority__short_name", verbose_name="Authority")
    decision_maker = tables.Column(verbose_name="Decision maker")
    decided_on = DateColumn(verbose_name="Date of decision")
    call_in_closes = DateColumn(verbose_name="Call-in period ends", why_missing="not published yet")
    status = tables.Column()

    class Meta(BaseTable.Meta):
        model = DecisionNotice
        fields = ["title", "authority", "decision_maker", "decided_on", "call_in_closes", "status"]
        empty_text = "There are no decisions you can see."
