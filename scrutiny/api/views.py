"""API viewsets for scrutiny records; the lifecycle's steps are POST actions, each checked
with ``lifecycle.check`` (403 for a user the rules refuse, 409 for a step not open now)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from childrens_services.api.exceptions import Conflict
from childrens_services.api.viewsets import ScopedModelViewSet, etag_for
from scrutiny.api import serializers
from scrutiny.filtersets import ScrutinyRecommendationFilterSet
from scrutiny.models import RecommendationAction, RecommendationReview, ScrutinyRecommendation


class LifecycleSteps:
    """Take a named step on the record the address names, after ``lifecycle.check``."""

    def take(self, request, step: str, **arguments):
        record = self.get_object()
        try:
            type(record).lifecycle.check(record, request.user, step, forbidden=PermissionDenied)
            getattr(record, step)(request.user, **arguments)
        except ValidationError as exc:
            raise Conflict(" ".join(exc.messages)) from exc
        data = self.get_serializer(record).data
        return Response(data, headers={"ETag": etag_for(record)})

    def read(self, serializer_class, request) -> dict:
        body = serializer_class(data=request.data)
        body.is_valid(raise_exception=True)
        return dict(body.validated_data)


class ScrutinyRecommendationViewSet(LifecycleSteps, ScopedModelViewSet):
    queryset = ScrutinyRecommendation.objects.select_related("committee", "meeting")
    serializer_class = serializers.ScrutinyRecommendationSerializer
    filterset_class = ScrutinyRecommendationFilterSet
    ordering_fields = ["response_due", "status"]
    ordering = ["-meeting__date", "pk"]

    @extend_schema(summary="Send it to the executive", request=serializers.SendSerializer)
    @action(detail=True, methods=["post"])
    def send(self, request, pk=None):
        return self.take(request, "send", **self.read(serializers.SendSerializer, request))

    @extend_schema(summary="Record the executive's response", request=serializers.RespondSerializer)
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        return self.take(request, "respond", **self.read(serializers.RespondSerializer, request))

    @extend_schema(summary="Mark it implemented", request=serializers.OutcomeSerializer)
    @action(detail=True, methods=["post"])
    def implement(self, request, pk=None):
        return self.take(request, "implement", **self.read(serializers.OutcomeSerializer, request))

    @extend_schema(summary="Close it, saying why", request=serializers.OutcomeSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self.take(request, "close", **self.read(serializers.OutcomeSerializer, request))


class RecommendationActionViewSet(LifecycleSteps, ScopedModelViewSet):
    queryset = RecommendationAction.objects.all()
    serializer_class = serializers.RecommendationActionSerializer
    filterset_fields = ["recommendation", "status"]
    ordering_fields = ["due"]
    ordering = ["due", "pk"]

    @extend_schema(summary="Mark the action done", request=None)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        return self.take(request, "complete")


class RecommendationReviewViewSet(ScopedModelViewSet):
    queryset = RecommendationReview.objects.all()
    serializer_class = serializers.RecommendationReviewSerializer
    filterset_fields = ["recommendation", "meeting"]
    ordering = ["meeting__date", "pk"]
