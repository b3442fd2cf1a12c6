"""API viewsets for mandates, their sections, the whole-mandate read and the lifecycle steps."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from childrens_services.api.exceptions import Conflict
from childrens_services.api.viewsets import ScopedModelViewSet, etag_for
from mandates.api import filters, serializers
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
    TransitionError,
)


class MandateViewSet(ScopedModelViewSet):
    """Mandates; ``full`` reads one with every section, and the lifecycle is POST actions.

    A lifecycle step is checked against ``Mandate.lifecycle`` (the one rule set decides who
    may) before the mandate takes it: not allowed for this user answers 403, refused by the
    mandate (wrong status, or already published) 409 with its sentence, as the admin shows.
    """

    queryset = Mandate.objects.select_related("authority")
    serializer_class = serializers.MandateSerializer
    filterset_class = filters.MandateFilterSet
    ordering_fields = ["title", "start_year", "end_year", "status", "authority__name"]
    ordering = ["authority__name", "-start_year", "-pk"]

    @extend_schema(
        summary="The whole mandate with every section",
        responses=serializers.MandateFullSerializer,
    )
    @action(detail=True, methods=["get"])
    def full(self, request, pk=None):
        mandate = self.get_object()
        mandate = (
            Mandate.objects.select_related("authority")
            .prefetch_related(*serializers.MandateFullSerializer.SECTIONS)
            .get(pk=mandate.pk)
        )
        data = serializers.MandateFullSerializer(mandate, context=self.get_serializer_context())
        return Response(data.data, headers={"ETag": etag_for(mandate)})

    def _step(self, name: str) -> Response:
        mandate = self.get_object()
        if name != "roll_forward":
            reason = mandate.frozen_reason()
            if reason:
                raise Conflict(reason)
        try:
            Mandate.lifecycle.check(mandate, self.request.user, name, forbidden=PermissionDenied)
            result = getattr(mandate, name)(self.request.user)
        except TransitionError as exc:
            raise Conflict(" ".join(exc.messages)) from exc
        record = result if isinstance(result, Mandate) else mandate
        code = status.HTTP_201_CREATED if name == "roll_forward" else status.HTTP_200_OK
        data = self.get_serializer(record).data
        return Response(data, status=code, headers={"ETag": etag_for(record)})

    @extend_schema(summary="Submit a draft for approval", request=None)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._step("submit")

    @extend_schema(summary="Record the approval of a submitted mandate", request=None)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._step("approve")

    @extend_schema(summary="Publish an approved mandate (it is frozen from then on)", request=None)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._step("publish")

    @extend_schema(
        summary="Start next year's draft from a published mandate",
        request=None,
        responses={201: serializers.MandateSerializer},
    )
    @action(detail=True, methods=["post"], url_path="roll-forward")
    def roll_forward(self, request, pk=None):
        return self._step("roll_forward")


class KeyFactViewSet(ScopedModelViewSet):
    queryset = KeyFact.objects.all()
    serializer_class = serializers.KeyFactSerializer
    filterset_fields = ["mandate", "area", "unit"]
    ordering_fields = ["position", "label", "as_at"]
    ordering = ["mandate", "area", "position", "pk"]


class StrategicPriorityViewSet(ScopedModelViewSet):
    queryset = StrategicPriority.objects.all()
    serializer_class = serializers.StrategicPrioritySerializer
    filterset_fields = ["mandate", "number"]
    ordering_fields = ["number"]
    ordering = ["mandate", "number", "pk"]


class ObjectiveViewSet(ScopedModelViewSet):
    queryset = Objective.objects.all()
    serializer_class = serializers.ObjectiveSerializer
    filterset_fields = ["mandate", "area"]
    ordering_fields = ["position", "area"]
    ordering = ["mandate", "area", "position", "pk"]


class PerformanceArrangementViewSet(ScopedModelViewSet):
    queryset = PerformanceArrangement.objects.all()
    serializer_class = serializers.PerformanceArrangementSerializer
    filterset_fields = ["mandate"]
    ordering_fields = ["position"]
    ordering = ["mandate", "position", "pk"]


class RiskViewSet(ScopedModelViewSet):
    queryset = Risk.objects.all()
    serializer_class = serializers.RiskSerializer
    filterset_fields = ["mandate", "likelihood", "impact"]
    ordering_fields = ["position", "likelihood", "impact"]
    ordering = ["mandate", "position", "pk"]


class StatutoryResponsibilityViewSet(ScopedModelViewSet):
    queryset = StatutoryResponsibility.objects.all()
    serializer_class = serializers.StatutoryResponsibilitySerializer
    filterset_fields = ["mandate"]
    ordering_fields = ["position"]
    ordering = ["mandate", "position", "pk"]


class ServiceChallengeViewSet(ScopedModelViewSet):
    queryset = ServiceChallenge.objects.all()
    serializer_class = serializers.ServiceChallengeSerializer
    filterset_fields = ["mandate", "kind"]
    ordering_fields = ["position", "kind"]
    ordering = ["mandate", "kind", "position", "pk"]


class AssetViewSet(ScopedModelViewSet):
    queryset = Asset.objects.all()
    serializer_class = serializers.AssetSerializer
    filterset_class = filters.AssetFilterSet
    ordering_fields = ["position", "name", "expected_receipt", "running_cost_saving"]
    ordering = ["mandate", "asset_list", "position", "pk"]


class SuccessMeasureViewSet(ScopedModelViewSet):
    queryset = SuccessMeasure.objects.all()
    serializer_class = serializers.SuccessMeasureSerializer
    filterset_class = filters.SuccessMeasureFilterSet
    ordering_fields = ["position", "indicator", "theme"]
    ordering = ["mandate", "position", "pk"]


class MeasureActualViewSet(ScopedModelViewSet):
    queryset = MeasureActual.objects.all()
    serializer_class = serializers.MeasureActualSerializer
    filterset_fields = ["measure", "measure__mandate", "period"]
    ordering_fields = ["as_at", "period", "value"]
    ordering = ["measure", "as_at", "pk"]


class MilestoneViewSet(ScopedModelViewSet):
    queryset = Milestone.objects.all()
    serializer_class = serializers.MilestoneSerializer
    filterset_class = filters.MilestoneFilterSet
    ordering_fields = ["year", "quarter", "position", "status"]
    ordering = ["mandate", "year", "quarter", "position", "pk"]


class OfstedJudgementViewSet(ScopedModelViewSet):
    queryset = OfstedJudgement.objects.all()
    serializer_class = serializers.OfstedJudgementSerializer
    filterset_fields = ["authority", "previous_outcome", "new_outcome"]
    ordering_fields = ["school", "reported_on", "new_inspected"]
    ordering = ["authority", "school", "pk"]
