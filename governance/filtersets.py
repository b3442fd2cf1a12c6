"""Filtersets for governance records: one class serves the pages and the API."""

import django_filters

from governance.models import Authority, Committee, Division, Meeting


class AuthorityFilterSet(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Authority
        fields = ["name", "short_name", "dfe_code", "gss_code", "region", "kind"]


class DivisionFilterSet(django_filters.FilterSet):
    class Meta:
        model = Division
        fields = ["authority", "name"]


class CommitteeFilterSet(django_filters.FilterSet):
    class Meta:
        model = Committee
        fields = ["kind", "authority", "partnership"]


class MeetingFilterSet(django_filters.FilterSet):
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = Meeting
        fields = ["committee", "status", "date_from", "date_to"]
