"""Serializers for mandates and their sections; a mandate can also be read whole."""

from childrens_services.api.serializers import ScopedModelSerializer
from mandates.models import (
    Asset,
    KeyFact,
    Mandate,
    MeasureActual,
    Milestone,
    Objective,
    OfstedJudgement,
    PerformanceArrangement,
    Risk,
    ServiceChallenge,
    StatutoryResponsibility,
    StrategicPriority,
    SuccessMeasure,
)


class MandateSerializer(ScopedModelSerializer):
    """Status and the who-and-when of each step are read-only: they change only through the
    lifecycle actions (submit, approve, publish), never by writing the field."""

    class Meta:
        model = Mandate
        fields = "__all__"


class KeyFactSerializer(ScopedModelSerializer):
    class Meta:
        model = KeyFact
        fields = "__all__"


class StrategicPrioritySerializer(ScopedModelSerializer):
    class Meta:
        model = StrategicPriority
        fields = "__all__"


class ObjectiveSerializer(ScopedModelSerializer):
    class Meta:
        model = Objective
        fields = "__all__"


class PerformanceArrangementSerializer(ScopedModelSerializer):
    class Meta:
        model = PerformanceArrangement
        fields = "__all__"


class RiskSerializer(ScopedModelSerializer):
    class Meta:
        model = Risk
        fields = "__all__"


class StatutoryResponsibilitySerializer(ScopedModelSerializer):
    class Meta:
        model = StatutoryResponsibility
        fields = "__all__"


class ServiceChallengeSerializer(ScopedModelSerializer):
    class Meta:
        model = ServiceChallenge
        fields = "__all__"


class AssetSerializer(ScopedModelSerializer):
    class Meta:
        model = Asset
        fields = "__all__"


class SuccessMeasureSerializer(ScopedModelSerializer):
    class Meta:
        model = SuccessMeasure
        fields = "__all__"


class MeasureActualSerializer(ScopedModelSerializer):
    class Meta:
        model = MeasureActual
        fields = "__all__"


class MilestoneSerializer(ScopedModelSerializer):
    class Meta:
        model = Milestone
        fields = "__all__"


class OfstedJudgementSerializer(ScopedModelSerializer):
    class Meta:
        model = OfstedJudgement
        fields = "__all__"


class SuccessMeasureWithActualsSerializer(SuccessMeasureSerializer):
    actuals = MeasureActualSerializer(many=True, read_only=True)


class MandateFullSerializer(MandateSerializer):
    """The whole mandate in one read, sections in the order the paper sets them out."""

    statutory_responsibilities = StatutoryResponsibilitySerializer(many=True, read_only=True)
    key_facts = KeyFactSerializer(many=True, read_only=True)
    priorities = StrategicPrioritySerializer(many=True, read_only=True)
    objectives = ObjectiveSerializer(many=True, read_only=True)
    assets = AssetSerializer(many=True, read_only=True)
    performance_arrangements = PerformanceArrangementSerializer(many=True, read_only=True)
    success_measures = SuccessMeasureWithActualsSerializer(many=True, read_only=True)
    risks = RiskSerializer(many=True, read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)
    service_challenges = ServiceChallengeSerializer(many=True, read_only=True)

    #: The reverse relations read by ``full``, prefetched in one query each.
    SECTIONS = Mandate.SECTION_RELATIONS

    class Meta(MandateSerializer.Meta):
        pass
