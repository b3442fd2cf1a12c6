"""Filtersets for commissioning records: one class serves the dashboard pages and the API."""

from __future__ import annotations

import django_filters

from childrens_services.filtersets import BaseFilterSet
from commissioning.models import Contract, FutureIntention


class ContractFilterSet(BaseFilterSet):
    """The contracts register, filtered by owner, status, intention, value and renewal date."""

    title = django_filters.CharFilter(label="Title contains", lookup_expr="icontains")
    status = django_filters.ChoiceFilter(choices=Contract.Status.choices)
    future_intention = django_filters.ChoiceFilter(
        label="Future intention", choices=FutureIntention.choices
    )
    value_from = django_filters.NumberFilter(
        field_name="total_value", lookup_expr="gte", label="Value from (£)"
    )
    ends_after = django_filters.DateFilter(
        field_name="end_date", lookup_expr="gte", label="Ends on or after (YYYY-MM-DD)"
    )
    ends_before = django_filters.DateFilter(
        field_name="end_date", lookup_expr="lte", label="Ends on or before (YYYY-MM-DD)"
    )

    class Meta:
        model = Contract
        fields = ["title", "status", "future_intention", "value_from", "ends_after", "ends_before"]
