"""Serializers for the forward plan, decision notices and call-ins; the steps' request bodies.

Status and the stamps of each step are read-only: they change only through the lifecycle
actions (publish, withdraw, call in, resolve), never by writing the field.
"""

from rest_framework import serializers

from childrens_services.api.serializers import ScopedModelSerializer
from decisions.models import CallIn, DecisionNotice, ForwardPlanEntry


class ForwardPlanEntrySerializer(ScopedModelSerializer):
    class Meta:
        model = ForwardPlanEntry
        fields = "__all__"


class DecisionNoticeSerializer(ScopedModelSerializer):
    implementable = serializers.SerializerMethodField(
        help_text="Whether the decision may be acted on today: its call-in period closed "
        "uncalled, or a call-in was resolved with the decision standing."
    )

    class Meta:
        model = DecisionNotice
        fields = "__all__"

    def get_implementable(self, notice: DecisionNotice) -> bool:
        return notice.implementable()


class CallInSerializer(ScopedModelSerializer):
    class Meta:
        model = CallIn
        fields = "__all__"


class CallInRequestSerializer(serializers.Serializer):
    members = serializers.CharField(max_length=300)
    reasons = serializers.CharField(max_length=5000)


class ResolveRequestSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=DecisionNotice.Outcome.choices)
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
