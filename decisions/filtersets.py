"""Filtersets for the forward plan and decisions: one class serves each page and its API list."""

from __future__ import annotations

import django_filters

from childrens_services.filtersets import BaseFilterSet
from decisions.models import DecisionMaker, DecisionNotice, ForwardPlanEntry


class ForwardPlanEntryFilterSet(BaseFilterSet):
    """Entries by authority, decision maker, status and decision date."""

    reference = django_filters.CharFilter(label="Reference")
    subject = django_filters.CharFilter(label="Subject contains", lookup_expr="icontains")
    decision_maker_kind = django_filters.ChoiceFilter(
        label="Decision maker", choices=DecisionMaker.choices
    )
    decided_from = django_filters.DateFilter(
        label="Decision on or after (YYYY-MM-DD)", field_name="decision_date", lookup_expr="gte"
    )

    class Meta:
        model = ForwardPlanEntry
        fields = [
            "authority", "reference", "subject", "decision_maker_kind", "status", "decided_from",
        ]  # fmt: skip


class DecisionNoticeFilterSet(BaseFilterSet):
    """Decisions by authority, title, status and whether they are key decisions."""

    title = django_filters.CharFilter(label="Title contains", lookup_expr="icontains")
    decided_from = django_filters.DateFilter(
        label="Decided on or after (YYYY-MM-DD)", field_name="decided_on", lookup_expr="gte"
    )

    class Meta:
        model = DecisionNotice
        fields = ["authority", "title", "status", "key_decision", "decided_from"]
