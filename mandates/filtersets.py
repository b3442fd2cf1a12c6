"""Filtersets for mandate sections: one class serves the dashboard pages and the API."""

from __future__ import annotations

import django_filters

from childrens_services.filtersets import BaseFilterSet
from mandates.models import Asset, Mandate, Milestone, SuccessMeasure


class MandateFilterSet(BaseFilterSet):
    """Mandates by authority, status, years covered and the version they were rolled from."""

    class Meta:
        model = Mandate
        fields = ["authority", "status", "start_year", "end_year", "previous_mandate"]


class AssetFilterSet(BaseFilterSet):
    """Assets by list and stage (the disposals pipeline)."""

    name = django_filters.CharFilter(label="Name contains", lookup_expr="icontains")
    asset_list = django_filters.ChoiceFilter(label="List", choices=Asset.AssetList.choices)
    status = django_filters.ChoiceFilter(choices=Asset.Status.choices)

    class Meta:
        model = Asset
        fields = ["name", "asset_list", "status"]


class MilestoneFilterSet(BaseFilterSet):
    """Milestones by financial year (start year), quarter, scope and status."""

    year = django_filters.NumberFilter(label="Financial year (start year, e.g. 2012)")
    quarter = django_filters.ChoiceFilter(choices=[(q, f"Q{q}") for q in (1, 2, 3, 4)])
    scope = django_filters.ChoiceFilter(choices=Milestone.Scope.choices)
    status = django_filters.ChoiceFilter(choices=Milestone.Status.choices)

    class Meta:
        model = Milestone
        fields = ["year", "quarter", "scope", "status"]


class SuccessMeasureFilterSet(BaseFilterSet):
    """Success measures by indicator wording, unit, polarity and kind of target."""

    indicator = django_filters.CharFilter(label="Indicator contains", lookup_expr="icontains")
    unit = django_filters.ChoiceFilter(choices=SuccessMeasure.Unit.choices)
    polarity = django_filters.ChoiceFilter(choices=SuccessMeasure.Polarity.choices)
    target_kind = django_filters.ChoiceFilter(
        label="Kind of target", choices=SuccessMeasure.TargetKind.choices
    )

    class Meta:
        model = SuccessMeasure
        fields = ["indicator", "unit", "polarity", "target_kind"]
