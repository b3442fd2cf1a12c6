"""Serializers for governance records."""

from rest_framework import serializers

from childrens_services.api.serializers import ScopedModelSerializer
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


class AuthoritySerializer(ScopedModelSerializer):
    class Meta:
        model = Authority
        fields = ["id", "name", "short_name", "dfe_code", "gss_code", "region", "kind", "version"]


class PartnershipSerializer(ScopedModelSerializer):
    class Meta:
        model = Partnership
        fields = [
            "id", "name", "short_name", "kind", "lead_authority", "members",
            "start_date", "legal_basis", "notes", "version",
        ]  # fmt: skip
        read_only_fields = ["members"]


class DivisionSerializer(ScopedModelSerializer):
    class Meta:
        model = Division
        fields = ["id", "authority", "name", "head", "description", "version"]


class CommitteeSerializer(ScopedModelSerializer):
    class Meta:
        model = Committee
        fields = [
            "id", "name", "short_name", "kind", "authority", "partnership", "remit", "version",
        ]  # fmt: skip


class MeetingSerializer(ScopedModelSerializer):
    class Meta:
        model = Meeting
        fields = ["id", "committee", "date", "start_time", "venue", "status", "version"]


class AgendaItemSerializer(ScopedModelSerializer):
    class Meta:
        model = AgendaItem
        fields = ["id", "meeting", "number", "title", "version"]


class PartnershipMemberSerializer(ScopedModelSerializer):
    class Meta:
        model = PartnershipMember
        fields = "__all__"


class PersonSerializer(ScopedModelSerializer):
    class Meta:
        model = Person
        fields = "__all__"


class PostSerializer(ScopedModelSerializer):
    class Meta:
        model = Post
        fields = "__all__"


class AppointmentSerializer(ScopedModelSerializer):
    class Meta:
        model = Appointment
        fields = "__all__"


class CommitteeMembershipSerializer(ScopedModelSerializer):
    class Meta:
        model = CommitteeMembership
        fields = "__all__"


class CommitteeReportSerializer(ScopedModelSerializer):
    """A report's own fields; the published PDF is fetched from ``pdf/`` and the frozen
    snapshot is not repeated here. Status changes only through ``publish``, and a new version
    only through ``supersede``, so neither is writable."""

    class Meta:
        model = CommitteeReport
        exclude = ["pdf", "snapshot"]
        read_only_fields = ["status", "supersedes"]


class ReportPartSerializer(ScopedModelSerializer):
    """A part names its report, which must be one the user writes for (``linkable``)."""


class RecommendationSerializer(ReportPartSerializer):
    class Meta:
        model = Recommendation
        fields = "__all__"


class ReportSectionSerializer(ReportPartSerializer):
    class Meta:
        model = ReportSection
        fields = "__all__"


class ImplicationSerializer(ReportPartSerializer):
    class Meta:
        model = Implication
        fields = "__all__"


class StatutoryClearanceSerializer(ReportPartSerializer):
    class Meta:
        model = StatutoryClearance
        fields = "__all__"


class BackgroundPaperSerializer(ReportPartSerializer):
    class Meta:
        model = BackgroundPaper
        fields = "__all__"


class AppendixSerializer(ReportPartSerializer):
    params = serializers.DictField(
        required=False, help_text='The live block\'s parameters, e.g. {"committee": 3}.'
    )

    class Meta:
        model = Appendix
        fields = "__all__"


class AgendaPackSerializer(ScopedModelSerializer):
    class Meta:
        model = AgendaPack
        exclude = ["pdf", "task_id"]


class AttendanceSerializer(ScopedModelSerializer):
    class Meta:
        model = Attendance
        fields = "__all__"


class InterestDeclarationSerializer(ScopedModelSerializer):
    class Meta:
        model = InterestDeclaration
        fields = "__all__"
