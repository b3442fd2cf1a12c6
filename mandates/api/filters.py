"""The pages' filtersets, plus the parent keys a page takes from its URL and the API from the
query string (``?mandate=3``): one set of filters for both."""

from mandates import filtersets
from mandates.filtersets import MandateFilterSet

__all__ = [
    "AssetFilterSet",
    "MandateFilterSet",
    "MilestoneFilterSet",
    "SuccessMeasureFilterSet",
]


class AssetFilterSet(filtersets.AssetFilterSet):
    class Meta(filtersets.AssetFilterSet.Meta):
        fields = [*filtersets.AssetFilterSet.Meta.fields, "mandate"]


class MilestoneFilterSet(filtersets.MilestoneFilterSet):
    class Meta(filtersets.MilestoneFilterSet.Meta):
        fields = [*filtersets.MilestoneFilterSet.Meta.fields, "mandate", "division"]


class SuccessMeasureFilterSet(filtersets.SuccessMeasureFilterSet):
    class Meta(filtersets.SuccessMeasureFilterSet.Meta):
        fields = [*filtersets.SuccessMeasureFilterSet.Meta.fields, "mandate", "comparator"]
