"""API viewsets for the forward plan, decision notices and call-ins, and the lifecycle steps.

A step is checked against the model's ``lifecycle`` (the one rule set decides who may): not
allowed for this user answers 403; refused by the record (wrong status, too little notice,
the call-in period over) 409 with its sentence, as the pages and the admin show it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from childrens_services.api.exceptions import Conflict
from childrens_services.api.viewsets import ScopedModelViewSet, etag_for
from decisions.api import filters, serializers
from decisions.models import CallIn, DecisionNotice, ForwardPlanEntry

#: The call-in steps are not an "add" (a scrutiny member adds nothing): signed in is enough to
#: reach them, the record is looked up among those the user may see, and the step's own
#: permission is asked by ``lifecycle.check`` (403 with its sentence).
STEP = [IsAuthenticated]


def _take(viewset: ScopedModelViewSet, name: str, **arguments) -> Response:
    record = viewset.get_object()
    lifecycle = type(record).lifecycle
    try:
        lifecycle.check(record, viewset.request.user, name, forbidden=PermissionDenied)
        getattr(record, name)(viewset.request.user, **arguments)
    except ValidationError as exc:
        raise Conflict(" ".join(exc.messages)) from exc
    data = viewset.get_serializer(record).data
    return Response(data, headers={"ETag": etag_for(record)})


class ForwardPlanEntryViewSet(ScopedModelViewSet):
    """Key decisions on the forward plan; ``publish`` and ``withdraw`` are POST actions."""

    queryset = ForwardPlanEntry.objects.select_related("authority")
    serializer_class = serializers.ForwardPlanEntrySerializer
    filterset_class = filters.ForwardPlanEntryFilterSet
    ordering_fields = ["decision_date", "reference", "subject"]
    ordering = ["decision_date", "reference", "pk"]

    @extend_schema(
        summary="Publish on the forward plan (refused if the notice is too short)", request=None
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return _take(self, "publish")

    @extend_schema(summary="Withdraw from the forward plan", request=None)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return _take(self, "withdraw")


class DecisionNoticeViewSet(ScopedModelViewSet):
    """Decision notices; ``publish``, ``call-in`` and ``resolve-call-in`` are POST actions."""

    queryset = DecisionNotice.objects.select_related("authority")
    serializer_class = serializers.DecisionNoticeSerializer
    filterset_class = filters.DecisionNoticeFilterSet
    ordering_fields = ["decided_on", "title", "call_in_closes"]
    ordering = ["-decided_on", "title", "pk"]

    @extend_schema(summary="Publish the notice and open the call-in period", request=None)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return _take(self, "publish")

    @extend_schema(
        summary="Call the decision in (scrutiny members, while the period is open)",
        request=serializers.CallInRequestSerializer,
    )
    @action(detail=True, methods=["post"], url_path="call-in", permission_classes=STEP)
    def call_in(self, request, pk=None):
        body = serializers.CallInRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return _take(self, "call_in", **body.validated_data)

    @extend_schema(
        summary="Record what scrutiny resolved on a call-in",
        request=serializers.ResolveRequestSerializer,
    )
    @action(detail=True, methods=["post"], url_path="resolve-call-in", permission_classes=STEP)
    def resolve_call_in(self, request, pk=None):
        body = serializers.ResolveRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return _take(self, "resolve_call_in", **body.validated_data)


class CallInViewSet(ScopedModelViewSet):
    """Call-ins, read only: one is made by calling a decision in, and resolved as a step."""

    queryset = CallIn.objects.select_related("decision")
    serializer_class = serializers.CallInSerializer
    filterset_fields = ["decision", "outcome"]
    ordering_fields = ["called_at"]
    ordering = ["-called_at", "pk"]
    http_method_names = ["get", "head", "options"]
