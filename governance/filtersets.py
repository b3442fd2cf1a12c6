"""Filtersets for governance records: one class serves the pages and the API."""

import django_filters

from childrens_services.filtersets import BaseFilterSet
from governance.models import Authority, Committee, CommitteeReport, Division, Meeting


class AuthorityFilterSet(BaseFilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Authority
        fields = ["name", "short_name", "dfe_code", "gss_code", "region", "kind"]


class DivisionFilterSet(BaseFilterSet):
    class Meta:
        model = Division
        fields = ["authority", "name"]


class CommitteeFilterSet(BaseFilterSet):
    class Meta:
        model = Committee
        fields = ["kind", "authority", "partnership"]


class MeetingFilterSet(BaseFilterSet):
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = Meeting
        fields = ["committee", "status", "date_from", "date_to"]


class CommitteeReportFilterSet(BaseFilterSet):
    """Reports by committee, meeting, classification, status and key decision. A meeting's
    name is its committee's and its date, read with it."""

    meeting__committee = django_filters.ModelChoiceFilter(
        label="Committee", queryset=Committee.objects.select_related("authority", "partnership")
    )
    meeting = django_filters.ModelChoiceFilter(queryset=Meeting.objects.select_related("committee"))

    class Meta:
        model = CommitteeReport
        fields = ["meeting__committee", "meeting", "classification", "status", "key_decision"]
