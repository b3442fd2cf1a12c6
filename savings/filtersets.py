"""Filtersets for savings records: one class serves the dashboard pages and the API."""

from __future__ import annotations

import django_filters

from childrens_services.filtersets import BaseFilterSet
from savings.models import SavingsLine, SavingsProgramme


class SavingsLineFilterSet(BaseFilterSet):
    """Savings lines by programme, wording, confidence, funding, budget status and method."""

    description = django_filters.CharFilter(label="Description contains", lookup_expr="icontains")
    confidence = django_filters.ChoiceFilter(choices=SavingsLine.Confidence.choices)
    funding = django_filters.ChoiceFilter(choices=SavingsLine.Funding.choices)
    budget_status = django_filters.ChoiceFilter(
        label="Budget status", choices=SavingsLine.BudgetStatus.choices
    )
    attribution_method = django_filters.ChoiceFilter(
        label="Attribution method", choices=SavingsLine.Method.choices
    )

    class Meta:
        model = SavingsLine
        fields = [
            "programme",
            "description",
            "confidence",
            "funding",
            "budget_status",
            "attribution_method",
        ]


class SavingsProgrammeFilterSet(BaseFilterSet):
    """Programmes by owner, years covered and the form their paper prints."""

    class Meta:
        model = SavingsProgramme
        fields = ["authority", "partnership", "first_year", "last_year", "paper_form"]
