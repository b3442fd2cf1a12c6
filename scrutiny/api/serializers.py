"""Serializers for scrutiny records. The status and the dates a step sets are read-only: they
change only through the lifecycle's named steps (the viewset's actions)."""

from django.utils import timezone
from rest_framework import serializers

from childrens_services.api.serializers import ScopedModelSerializer
from scrutiny.models import RecommendationAction, RecommendationReview, ScrutinyRecommendation


class ScrutinyRecommendationSerializer(ScopedModelSerializer):
    response_days_late = serializers.SerializerMethodField()
    #: Blank until the executive answers (read-only, so the schema's enum must say so itself).
    response = serializers.ChoiceField(
        choices=[("", "No response yet"), *ScrutinyRecommendation.Response.choices],
        read_only=True,
    )

    class Meta:
        model = ScrutinyRecommendation
        fields = "__all__"
        read_only_fields = [
            "status",
            "sent_on",
            "response_due",
            "response",
            "response_reasons",
            "responded_on",
            "due_announced_at",
        ]

    def get_response_days_late(self, recommendation) -> int:
        """Days the executive's response is overdue today (0 when it is not)."""
        return recommendation.response_days_late(timezone.localdate())


class RecommendationActionSerializer(ScopedModelSerializer):
    class Meta:
        model = RecommendationAction
        fields = "__all__"
        read_only_fields = ["status", "completed_on"]


class RecommendationReviewSerializer(ScopedModelSerializer):
    class Meta:
        model = RecommendationReview
        fields = "__all__"


class SendSerializer(serializers.Serializer):
    on = serializers.DateField(required=False, help_text="The day it was sent (today if left out).")


class RespondSerializer(serializers.Serializer):
    response = serializers.ChoiceField(choices=ScrutinyRecommendation.Response.choices)
    reasons = serializers.CharField(required=False, allow_blank=True, default="")
    on = serializers.DateField(required=False, help_text="The day the response came (today).")


class OutcomeSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")
