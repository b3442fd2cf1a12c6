"""API viewsets for commissioning records, the contracts import and the register's exports."""

from __future__ import annotations

import json

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers as drf_serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from childrens_services.api.exceptions import Conflict
from childrens_services.api.viewsets import ScopedModelViewSet
from childrens_services.permissions import restrict
from commissioning.api import filters, serializers
from commissioning.exports import contracts_of, ocds_release_package, register_csv
from commissioning.imports import (
    MAX_UPLOAD_BYTES,
    ImportPlan,
    ImportRefused,
    apply_import,
    owner_lookup,
    plan_import,
)
from commissioning.models import (
    Contract,
    ContractForecast,
    ContractLot,
    DeliveryModelSpend,
    Provider,
    Service,
    ServiceDeliveryModel,
    ServiceGroup,
)

OWNER_PARAMETERS = [
    OpenApiParameter("authority", int, description="The owning authority's id."),
    OpenApiParameter("partnership", int, description="The owning partnership's id."),
]


def _text(value) -> str | None:
    return None if value is None else str(value)


def _plan_body(plan: ImportPlan) -> dict:
    return {
        "applied": plan.applied,
        "summary": plan.summary(),
        "created": plan.count("create"),
        "updated": plan.count("update"),
        "unchanged": plan.count("unchanged"),
        "ignored_columns": plan.ignored_columns,
        "rows": [
            {
                "line": row.line,
                "reference": row.reference,
                "action": row.action,
                "changes": [
                    {"field": name, "before": _text(before), "after": _text(after)}
                    for name, (before, after) in row.changes.items()
                ],
            }
            for row in plan.rows
        ],
    }


class ProviderViewSet(ScopedModelViewSet):
    queryset = Provider.objects.all()
    serializer_class = serializers.ProviderSerializer
    filterset_fields = ["kind", "is_sme", "is_vcse", "companies_house_number"]
    ordering_fields = ["name", "kind"]
    ordering = ["name", "pk"]


class ContractViewSet(ScopedModelViewSet):
    """Contracts; ``import`` loads a register all or nothing, and the register exports."""

    queryset = Contract.objects.select_related("authority", "partnership", "provider")
    serializer_class = serializers.ContractSerializer
    filterset_class = filters.ContractFilterSet
    ordering_fields = ["reference", "title", "total_value", "start_date", "end_date"]
    ordering = ["reference", "pk"]

    def _owner(self, data) -> object:
        owner = serializers.OwnerSerializer(data=data)
        owner.is_valid(raise_exception=True)
        return owner.validated_data["owner"]

    @extend_schema(
        summary="Import a contracts register (CSV or XLSX), all or nothing",
        request={"multipart/form-data": serializers.ContractImportSerializer},
        responses={200: serializers.ImportResultSerializer},
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        parser_classes=[MultiPartParser],
        serializer_class=serializers.ContractImportSerializer,
        filter_backends=[],
        pagination_class=None,
    )
    def import_register(self, request):
        """Every bad row is listed (400) and nothing is written; ``dry_run`` only previews."""
        form = serializers.ContractImportSerializer(
            data=request.data, context={"request": request, "writing": True}
        )
        form.is_valid(raise_exception=True)
        owner = form.validated_data["owner"]
        if not request.user.has_perm("commissioning.add_contract", Contract(**owner_lookup(owner))):
            raise PermissionDenied("You may only import contracts for your own authority.")
        upload = form.validated_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError({"file": [f"The limit is {MAX_UPLOAD_BYTES // 1048576} MB."]})
        try:
            plan = plan_import(owner, upload.name, upload.read())
        except ImportRefused as exc:
            raise ValidationError({"file": [str(exc)]}) from exc
        if plan.errors:
            raise ValidationError({"file": [plan.summary(), *(str(e) for e in plan.errors)]})
        if not form.validated_data["dry_run"]:
            try:
                apply_import(plan)
            except ImportRefused as exc:
                raise Conflict(str(exc)) from exc
        return Response(serializers.ImportResultSerializer(_plan_body(plan)).data)

    def _register(self, request):
        owner = self._owner(request.query_params)
        return owner, restrict(request.user, contracts_of(owner))

    @extend_schema(
        summary="The register as Transparency Code 2015 CSV",
        parameters=OWNER_PARAMETERS,
        responses={(200, "text/csv"): OpenApiTypes.STR},
    )
    @action(
        detail=False,
        methods=["get"],
        url_path="transparency-csv",
        filter_backends=[],
        pagination_class=None,
        serializer_class=drf_serializers.Serializer,
    )
    def transparency_csv(self, request):
        owner, contracts = self._register(request)
        response = HttpResponse(register_csv(contracts), content_type="text/csv; charset=utf-8")
        slug = f"contracts-{owner.short_name}".replace("&", "and").replace(" ", "-")
        response["Content-Disposition"] = f'attachment; filename="{slug}.csv"'
        return response

    @extend_schema(
        summary="The register as an OCDS 1.1 release package",
        parameters=OWNER_PARAMETERS,
        responses={(200, "application/json"): OpenApiTypes.OBJECT},
    )
    @action(
        detail=False,
        methods=["get"],
        url_path="ocds",
        filter_backends=[],
        pagination_class=None,
        serializer_class=drf_serializers.Serializer,
    )
    def ocds(self, request):
        owner, contracts = self._register(request)
        package = ocds_release_package(
            owner, contracts, timezone.now(), request.build_absolute_uri()
        )
        return HttpResponse(json.dumps(package), content_type="application/json")


class ContractLotViewSet(ScopedModelViewSet):
    queryset = ContractLot.objects.all()
    serializer_class = serializers.ContractLotSerializer
    filterset_fields = ["contract", "provider"]
    ordering_fields = ["number"]
    ordering = ["contract", "number", "pk"]


class ContractForecastViewSet(ScopedModelViewSet):
    queryset = ContractForecast.objects.all()
    serializer_class = serializers.ContractForecastSerializer
    filterset_fields = ["contract", "financial_year"]
    ordering_fields = ["financial_year", "amount"]
    ordering = ["contract", "financial_year", "pk"]


class ServiceGroupViewSet(ScopedModelViewSet):
    queryset = ServiceGroup.objects.all()
    serializer_class = serializers.ServiceGroupSerializer
    filterset_fields = ["authority"]
    ordering_fields = ["order", "name"]
    ordering = ["authority", "order", "pk"]


class ServiceViewSet(ScopedModelViewSet):
    queryset = Service.objects.all()
    serializer_class = serializers.ServiceSerializer
    filterset_fields = ["group", "group__authority"]
    ordering_fields = ["order", "name"]
    ordering = ["group", "order", "pk"]


class ServiceDeliveryModelViewSet(ScopedModelViewSet):
    queryset = ServiceDeliveryModel.objects.all()
    serializer_class = serializers.ServiceDeliveryModelSerializer
    filterset_fields = ["service", "model", "start_year", "end_year", "is_planned"]
    ordering_fields = ["start_year", "end_year", "model"]
    ordering = ["service", "start_year", "pk"]


class DeliveryModelSpendViewSet(ScopedModelViewSet):
    queryset = DeliveryModelSpend.objects.all()
    serializer_class = serializers.DeliveryModelSpendSerializer
    filterset_fields = ["authority", "category", "start_year", "end_year"]
    ordering_fields = ["start_year", "amount", "category"]
    ordering = ["authority", "start_year", "pk"]
