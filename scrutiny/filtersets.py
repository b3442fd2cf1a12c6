"""Filtersets for scrutiny records: one class serves the tracker page and the API."""

from __future__ import annotations

import django_filters
from django.utils import timezone

from childrens_services.filtersets import BaseFilterSet
from governance.models import Committee
from scrutiny.models import RecommendationAction, ScrutinyRecommendation


class ScrutinyRecommendationFilterSet(BaseFilterSet):
    """The tracker: by committee, status, the executive's response, and late responses."""

    committee = django_filters.ModelChoiceFilter(
        queryset=Committee.objects.filter(scrutiny_recommendations__isnull=False).distinct()
    )
    status = django_filters.ChoiceFilter(choices=ScrutinyRecommendation.Status.choices)
    response = django_filters.ChoiceFilter(
        label="Executive's response", choices=ScrutinyRecommendation.Response.choices
    )
    response_late = django_filters.BooleanFilter(
        label="Response overdue", method="filter_response_late"
    )
    text = django_filters.CharFilter(label="Text contains", lookup_expr="icontains")

    class Meta:
        model = ScrutinyRecommendation
        fields = ["committee", "status", "response", "response_late", "text"]

    def filter_response_late(self, queryset, name, value):
        late = ScrutinyRecommendation.response_late_q(timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)


class RecommendationActionFilterSet(BaseFilterSet):
    class Meta:
        model = RecommendationAction
        fields = ["recommendation", "status"]
