"""API viewsets for governance records: reference data, committee business and reports.

Committee reports may be exempt (Schedule 12A): those the user may not see are a 404, never a
403 that would confirm they exist, and so are their parts. Published reports refuse every
write with 409 and the reason; publishing and superseding are POST actions, as on the pages.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from childrens_services.api.exceptions import Conflict
from childrens_services.api.viewsets import ScopedModelViewSet, etag_for
from governance import filtersets
from governance.api import serializers
from governance.models import (
    AgendaItem,
    AgendaPack,
    Appendix,
    Appointment,
    Attendance,
    Authority,
    BackgroundPaper,
    Committee,
    CommitteeMembership,
    CommitteeReport,
    Division,
    Implication,
    InterestDeclaration,
    Meeting,
    Partnership,
    PartnershipMember,
    Person,
    Post,
    Recommendation,
    ReportSection,
    StatutoryClearance,
)
from governance.reports.publishing import publish_report


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


class PartnershipMemberViewSet(ScopedModelViewSet):
    queryset = PartnershipMember.objects.all()
    serializer_class = serializers.PartnershipMemberSerializer
    filterset_fields = ["partnership", "authority"]
    ordering_fields = ["joined"]
    ordering = ["partnership", "authority", "pk"]


class PersonViewSet(ScopedModelViewSet):
    queryset = Person.objects.all()
    serializer_class = serializers.PersonSerializer
    filterset_fields = ["kind", "authority"]
    ordering_fields = ["name"]
    ordering = ["name", "pk"]


class PostViewSet(ScopedModelViewSet):
    queryset = Post.objects.all()
    serializer_class = serializers.PostSerializer
    filterset_fields = ["authority", "partnership", "division", "statutory"]
    ordering_fields = ["title"]
    ordering = ["title", "pk"]


class AppointmentViewSet(ScopedModelViewSet):
    queryset = Appointment.objects.all()
    serializer_class = serializers.AppointmentSerializer
    filterset_fields = ["person", "post", "scope", "interim"]
    ordering_fields = ["start_date", "end_date"]
    ordering = ["-start_date", "pk"]


class CommitteeMembershipViewSet(ScopedModelViewSet):
    queryset = CommitteeMembership.objects.all()
    serializer_class = serializers.CommitteeMembershipSerializer
    filterset_fields = ["committee", "person", "role", "representing"]
    ordering_fields = ["role"]
    ordering = ["committee", "pk"]


class CommitteeReportViewSet(ScopedModelViewSet):
    """Reports; ``publish`` freezes one and renders its PDF once, ``supersede`` starts the
    corrected version, ``pdf`` downloads the stored bytes of a published report."""

    queryset = CommitteeReport.objects.select_related("meeting__committee").defer("pdf", "snapshot")
    serializer_class = serializers.CommitteeReportSerializer
    filterset_class = filtersets.CommitteeReportFilterSet
    ordering_fields = ["title", "meeting__date", "published_at"]
    ordering = ["meeting__date", "agenda_item__number", "title", "pk"]

    @extend_schema(summary="Publish: freeze the paper and render its PDF once", request=None)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Refused with 409 and every reason when the report is not ready or already out."""
        report = self.get_object()
        reason = report.frozen_reason()
        if reason:
            raise Conflict(reason)
        try:
            CommitteeReport.lifecycle.check(
                report, request.user, "publish", forbidden=PermissionDenied
            )
            publish_report(report, request.user)
        except ValidationError as exc:
            raise Conflict(" ".join(exc.messages)) from exc
        data = self.get_serializer(report).data
        return Response(data, headers={"ETag": etag_for(report)})

    @extend_schema(
        summary="Start a corrected version of a published report",
        request=None,
        responses={201: serializers.CommitteeReportSerializer},
    )
    @action(detail=True, methods=["post"])
    def supersede(self, request, pk=None):
        report = self.get_object()
        try:
            CommitteeReport.lifecycle.check(
                report, request.user, "supersede", forbidden=PermissionDenied
            )
            draft = report.supersede(request.user)
        except ValidationError as exc:
            raise Conflict(" ".join(exc.messages)) from exc
        data = self.get_serializer(draft).data
        return Response(data, status=status.HTTP_201_CREATED, headers={"ETag": etag_for(draft)})

    @extend_schema(
        summary="The published PDF, byte for byte as published",
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
    )
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        """Only published bytes: a draft has no PDF yet (it is previewed on the report's page)."""
        report = self.get_object()
        if not report.is_published:
            raise NotFound("This report is a draft; its PDF is kept once it is published.")
        stored = CommitteeReport.objects.values_list("pdf", flat=True).get(pk=report.pk)
        response = HttpResponse(bytes(stored), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="report-{report.pk}.pdf"'
        response["ETag"] = f'"{report.pdf_sha256}"'
        return response


class ReportPartViewSet(ScopedModelViewSet):
    """A part is seen only with its report: a draft or exempt report's parts are as hidden as
    it is (``private_q`` follows the part to its report)."""


class RecommendationViewSet(ReportPartViewSet):
    queryset = Recommendation.objects.all()
    serializer_class = serializers.RecommendationSerializer
    filterset_fields = ["report"]
    ordering_fields = ["position"]
    ordering = ["report", "position", "pk"]


class ReportSectionViewSet(ReportPartViewSet):
    queryset = ReportSection.objects.all()
    serializer_class = serializers.ReportSectionSerializer
    filterset_fields = ["report"]
    ordering_fields = ["position", "heading"]
    ordering = ["report", "position", "pk"]


class ImplicationViewSet(ReportPartViewSet):
    queryset = Implication.objects.all()
    serializer_class = serializers.ImplicationSerializer
    filterset_fields = ["report", "kind"]
    ordering_fields = ["position", "kind"]
    ordering = ["report", "position", "pk"]


class StatutoryClearanceViewSet(ReportPartViewSet):
    queryset = StatutoryClearance.objects.all()
    serializer_class = serializers.StatutoryClearanceSerializer
    filterset_fields = ["report"]
    ordering_fields = ["position", "date"]
    ordering = ["report", "position", "pk"]


class BackgroundPaperViewSet(ReportPartViewSet):
    queryset = BackgroundPaper.objects.all()
    serializer_class = serializers.BackgroundPaperSerializer
    filterset_fields = ["report"]
    ordering_fields = ["position"]
    ordering = ["report", "position", "pk"]


class AppendixViewSet(ReportPartViewSet):
    queryset = Appendix.objects.all()
    serializer_class = serializers.AppendixSerializer
    filterset_fields = ["report", "kind"]
    ordering_fields = ["position", "title"]
    ordering = ["report", "position", "pk"]


class AgendaPackViewSet(ScopedModelViewSet):
    """Read-only: packs are requested on the meeting's page and built by a worker."""

    http_method_names = ["get", "head", "options"]
    queryset = AgendaPack.objects.defer("pdf")
    serializer_class = serializers.AgendaPackSerializer
    filterset_fields = ["meeting", "status"]
    ordering_fields = ["requested_at"]
    ordering = ["-requested_at", "pk"]


class AttendanceViewSet(ScopedModelViewSet):
    queryset = Attendance.objects.select_related("person")
    serializer_class = serializers.AttendanceSerializer
    filterset_fields = ["meeting", "kind", "person"]
    ordering_fields = ["person__name"]
    ordering = ["meeting", "person__name", "pk"]


class InterestDeclarationViewSet(ScopedModelViewSet):
    queryset = InterestDeclaration.objects.all()
    serializer_class = serializers.InterestDeclarationSerializer
    filterset_fields = ["meeting", "agenda_item", "kind", "person"]
    ordering = ["meeting", "agenda_item__number", "pk"]
