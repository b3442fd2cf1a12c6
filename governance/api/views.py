"""API viewsets for governance records."""

from childrens_services.api.viewsets import ScopedModelViewSet
from governance import filtersets
from governance.api import serializers
from governance.models import AgendaItem, Authority, Committee, Division, Meeting, Partnership


class AuthorityViewSet(ScopedModelViewSet):
    queryset = Authority.objects.all()
    serializer_class = serializers.AuthoritySerializer
    filterset_class = filtersets.AuthorityFilterSet
    ordering_fields = ["name", "dfe_code", "region"]
    ordering = ["name"]


class PartnershipViewSet(ScopedModelViewSet):
    queryset = Partnership.objects.prefetch_related("members")
    serializer_class = serializers.PartnershipSerializer
    ordering_fields = ["name"]
    ordering = ["name"]


class DivisionViewSet(ScopedModelViewSet):
    queryset = Division.objects.all()
    serializer_class = serializers.DivisionSerializer
    filterset_class = filtersets.DivisionFilterSet
    ordering_fields = ["name", "authority__name"]
    ordering = ["authority__name", "name"]


class CommitteeViewSet(ScopedModelViewSet):
    queryset = Committee.objects.all()
    serializer_class = serializers.CommitteeSerializer
    filterset_class = filtersets.CommitteeFilterSet
    ordering_fields = ["name", "kind"]
    ordering = ["name"]


class MeetingViewSet(ScopedModelViewSet):
    queryset = Meeting.objects.all()
    serializer_class = serializers.MeetingSerializer
    filterset_class = filtersets.MeetingFilterSet
    ordering_fields = ["date"]
    ordering = ["-date"]


class AgendaItemViewSet(ScopedModelViewSet):
    queryset = AgendaItem.objects.all()
    serializer_class = serializers.AgendaItemSerializer
    filterset_fields = ["meeting"]
    ordering_fields = ["number"]
    ordering = ["meeting", "number"]
