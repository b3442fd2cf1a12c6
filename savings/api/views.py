"""API viewsets for savings records, and a programme's computed totals."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from childrens_services import financial_years
from childrens_services.api.viewsets import ScopedModelViewSet
from governance.models import PartnershipMember
from savings import basis as basis_rule
from savings.api import filters, serializers
from savings.figures import TableRow, programme_table
from savings.models import (
    CapitalProgrammeLine,
    DeliveryRecord,
    DivisionBudget,
    ImplementationCost,
    ProgrammeOverlap,
    ReportedFigure,
    RestructurePosition,
    SavingsLine,
    SavingsProfile,
    SavingsProgramme,
    SavingsTarget,
    StaffingRestructure,
)


def _row(row: TableRow) -> dict:
    return {
        "line": row.line.pk if row.line is not None else None,
        "label": row.label,
        "by_year": [
            {"year": year, "label": financial_years.label(year), "amount": amount}
            for year, amount in row.by_year.items()
        ],
        "full_year": row.full_year,
        "by_authority": [
            {"authority": name, "amount": amount} for name, amount in row.by_authority.items()
        ],
    }


class SavingsProgrammeViewSet(ScopedModelViewSet):
    queryset = SavingsProgramme.objects.select_related("authority", "partnership")
    serializer_class = serializers.SavingsProgrammeSerializer
    filterset_class = filters.SavingsProgrammeFilterSet
    ordering_fields = ["name", "first_year", "last_year"]
    ordering = ["name", "pk"]

    @extend_schema(
        summary="The programme's totals, computed from its lines",
        responses=serializers.ProgrammeTotalsSerializer,
    )
    @action(detail=True, methods=["get"])
    def totals(self, request, pk=None):
        """Never typed: the same ``programme_table`` the pages show, in the paper's own form."""
        programme = self.get_object()
        table = programme_table(programme)
        total = _row(table.total)
        body = {
            "programme": programme.pk,
            "paper_form": programme.paper_form,
            "savings_shown_negative": programme.savings_shown_negative,
            "years": total["by_year"],
            "rows": [_row(row) for row in table.rows],
            "total": total,
            "lines_not_recorded": table.not_recorded,
            "split": {
                "mtfs": table.split.mtfs,
                "additional_gross": table.split.additional_gross,
                "dsg_exclusion": table.split.dsg_exclusion,
                "additional": table.split.additional,
            },
        }
        return Response(serializers.ProgrammeTotalsSerializer(body).data)

    @extend_schema(
        summary="Savings across programmes, each saving counted once",
        operation_id="savings_programmes_counted_totals",
        parameters=[
            OpenApiParameter("basis", OpenApiTypes.STR, enum=[b.value for b in basis_rule.Basis]),
            OpenApiParameter("authority", OpenApiTypes.INT, description="An authority's id."),
            OpenApiParameter("partnership", OpenApiTypes.INT, description="Its members."),
        ],
        responses=serializers.CountedTotalsSerializer,
    )
    @action(detail=False, methods=["get"], url_path="totals")
    def counted_totals(self, request):
        """The same rule as the dashboards' savings page (``savings.basis``): the totals name
        the programmes they add up and the accounts they set aside."""
        query = request.query_params
        try:
            basis = basis_rule.parse(query.get("basis"))
        except basis_rule.UnknownBasis as exc:
            raise ValidationError({"basis": [str(exc)]}) from exc
        authority_ids = None
        try:
            if query.get("authority"):
                authority_ids = [int(query["authority"])]
            elif query.get("partnership"):
                members = PartnershipMember.objects.filter(partnership=int(query["partnership"]))
                authority_ids = list(members.values_list("authority", flat=True))
        except ValueError as exc:
            raise ValidationError({"authority": ["An id is a whole number."]}) from exc
        totals = basis_rule.counted_totals(request.user, basis, authority_ids)
        named = {o.programme_id: o.programme for o in totals.counting.overlaps}
        named |= {o.earlier_id: o.earlier for o in totals.counting.overlaps}
        body = {
            "basis": basis.value,
            "programmes": [{"id": p.pk, "name": p.name} for p in totals.programmes],
            "set_aside": [
                {
                    "programme": {"id": s.programme, "name": named[s.programme].name},
                    "authorities": [a.short_name for a in o.shared_authorities()],
                    "counted_instead": {
                        "id": s.counted_instead,
                        "name": named[s.counted_instead].name,
                    },
                    "kind": o.kind,
                }
                for o, s in zip(totals.counting.overlaps, totals.counting.aside, strict=True)
            ],
            "years": [
                {"year": y, "label": financial_years.label(y), "amount": amount}
                for y, amount in totals.by_year.items()
            ],
            "by_authority": [
                {"authority": a, "year": y, "label": financial_years.label(y), "amount": amount}
                for (a, y), amount in totals.by_authority.items()
            ],
        }
        return Response(serializers.CountedTotalsSerializer(body).data)


class ProgrammeOverlapViewSet(ScopedModelViewSet):
    queryset = ProgrammeOverlap.objects.all()
    serializer_class = serializers.ProgrammeOverlapSerializer
    filterset_fields = ["programme", "earlier", "kind"]
    ordering_fields = ["programme", "earlier"]
    ordering = ["programme", "earlier", "pk"]


class SavingsLineViewSet(ScopedModelViewSet):
    queryset = SavingsLine.objects.all()
    serializer_class = serializers.SavingsLineSerializer
    filterset_class = filters.SavingsLineFilterSet
    ordering_fields = ["position", "description", "confidence"]
    ordering = ["programme", "position", "pk"]


class SavingsProfileViewSet(ScopedModelViewSet):
    """Profile cells: filter by ``line``, ``authority``, ``year`` or the line's programme."""

    queryset = SavingsProfile.objects.all()
    serializer_class = serializers.SavingsProfileSerializer
    filterset_fields = ["line", "line__programme", "authority", "year"]
    ordering_fields = ["year", "amount", "authority"]
    ordering = ["line", "authority", "year", "pk"]


class StaffingRestructureViewSet(ScopedModelViewSet):
    queryset = StaffingRestructure.objects.all()
    serializer_class = serializers.StaffingRestructureSerializer
    filterset_fields = ["programme"]
    ordering_fields = ["position", "service"]
    ordering = ["programme", "position", "pk"]


class RestructurePositionViewSet(ScopedModelViewSet):
    queryset = RestructurePosition.objects.all()
    serializer_class = serializers.RestructurePositionSerializer
    filterset_fields = ["restructure", "authority"]
    ordering_fields = ["starting_budget", "closing_budget"]
    ordering = ["restructure", "pk"]


class ImplementationCostViewSet(ScopedModelViewSet):
    queryset = ImplementationCost.objects.all()
    serializer_class = serializers.ImplementationCostSerializer
    filterset_fields = ["programme", "kind", "year"]
    ordering_fields = ["year", "amount", "kind"]
    ordering = ["programme", "year", "pk"]


class DivisionBudgetViewSet(ScopedModelViewSet):
    queryset = DivisionBudget.objects.all()
    serializer_class = serializers.DivisionBudgetSerializer
    filterset_fields = ["division", "division__authority", "year"]
    ordering_fields = ["year", "net_budget", "fte"]
    ordering = ["division", "year", "pk"]


class SavingsTargetViewSet(ScopedModelViewSet):
    queryset = SavingsTarget.objects.all()
    serializer_class = serializers.SavingsTargetSerializer
    filterset_fields = ["programme", "year"]
    ordering_fields = ["year", "amount"]
    ordering = ["programme", "year", "pk"]


class CapitalProgrammeLineViewSet(ScopedModelViewSet):
    queryset = CapitalProgrammeLine.objects.all()
    serializer_class = serializers.CapitalProgrammeLineSerializer
    filterset_fields = ["authority", "category", "year"]
    ordering_fields = ["year", "amount", "category"]
    ordering = ["authority", "year", "pk"]


class DeliveryRecordViewSet(ScopedModelViewSet):
    queryset = DeliveryRecord.objects.all()
    serializer_class = serializers.DeliveryRecordSerializer
    filterset_fields = ["line", "line__programme", "authority", "year"]
    ordering_fields = ["year", "forecast", "achieved"]
    ordering = ["line", "year", "pk"]


class ReportedFigureViewSet(ScopedModelViewSet):
    queryset = ReportedFigure.objects.all()
    serializer_class = serializers.ReportedFigureSerializer
    filterset_fields = ["authority", "partnership", "kind", "programme", "line", "year"]
    ordering_fields = ["year", "label", "value"]
    ordering = ["pk"]
