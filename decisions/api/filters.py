"""The pages' filtersets, plus the keys the API filters by."""

from decisions import filtersets


class ForwardPlanEntryFilterSet(filtersets.ForwardPlanEntryFilterSet):
    class Meta(filtersets.ForwardPlanEntryFilterSet.Meta):
        fields = [*filtersets.ForwardPlanEntryFilterSet.Meta.fields, "committee"]


class DecisionNoticeFilterSet(filtersets.DecisionNoticeFilterSet):
    class Meta(filtersets.DecisionNoticeFilterSet.Meta):
        fields = [*filtersets.DecisionNoticeFilterSet.Meta.fields, "forward_plan_entry"]
