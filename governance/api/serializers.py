"""Serializers for governance records."""

from childrens_services.api.serializers import ScopedModelSerializer
from governance.models import AgendaItem, Authority, Committee, Division, Meeting, Partnership


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
