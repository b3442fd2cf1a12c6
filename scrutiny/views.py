"""Scrutiny pages for members: the recommendations tracker and a recommendation's page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from childrens_services.caching import cached_figures
from childrens_services.generic import ScopedTableView
from childrens_services.models import prefix_q
from childrens_services.permissions import restrict, viewable_or_404
from scrutiny.filtersets import ScrutinyRecommendationFilterSet
from scrutiny.models import RecommendationAction, ScrutinyRecommendation
from scrutiny.tables import ScrutinyRecommendationTable

TRACKER = "Scrutiny recommendations tracker"


def late_items(user, on, authority_ids: list[int] | None = None) -> dict:
    """The responses and actions late on ``on`` that ``user`` may see, oldest due first: the
    tracker's and the dashboard's panels ("late" moves with the day, so the tracker reads them
    on every view). ``authority_ids`` narrows them to committees of those authorities, or of
    partnerships they belong to (a dashboard's scope)."""
    where = Q()
    if authority_ids is not None:
        where = Q(committee__authority__in=authority_ids) | Q(
            committee__partnership__members__in=authority_ids
        )
    responses = restrict(
        user,
        ScrutinyRecommendation.objects.response_late(on)
        .filter(where)
        .distinct()
        .select_related("committee", "meeting")
        .order_by("response_due", "pk"),
    )
    actions = restrict(
        user,
        RecommendationAction.objects.filter(RecommendationAction.action_late_q(on))
        .filter(prefix_q(where, "recommendation"))
        .distinct()
        .select_related("recommendation__committee")
        .order_by("due", "pk"),
    )
    return {
        "late_responses": [(r, r.response_days_late(on)) for r in responses],
        "late_actions": [(a, a.days_late(on)) for a in actions],
        "late_on": on,
    }


def late_items_today(user) -> dict:
    """``late_items`` today, kept for the day under the data's generations: two searches over
    every recommendation and action the user may see, which the tracker ran on every view."""
    today = timezone.localdate()
    return cached_figures("late-items", user, (today,), lambda: late_items(user, today))


class RecommendationList(ScopedTableView):
    """Every recommendation the user may see, with the late responses and actions above."""

    queryset = ScrutinyRecommendation.objects.select_related("committee", "meeting")
    filterset_class = ScrutinyRecommendationFilterSet
    table_class = ScrutinyRecommendationTable
    template_name = "scrutiny/recommendation_list.html"
    title = TRACKER
    permission_required = "scrutiny.view_scrutinyrecommendation"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(late_items_today(self.request.user))
        return context


@require_GET
@login_required
def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A recommendation: what was asked, the executive's response, the actions with owners and
    due dates, the reviews at later meetings, and each status it has been through."""
    if not request.user.has_perm("scrutiny.view_scrutinyrecommendation"):
        raise PermissionDenied("Your account has no role yet; ask an administrator for one.")
    recommendation = viewable_or_404(
        request.user,
        ScrutinyRecommendation.objects.select_related(
            "committee", "meeting", "report_recommendation__report"
        ),
        pk=pk,
    )
    today = timezone.localdate()
    # The paper's recommendation is named only to a reader of the paper (a draft or exempt
    # paper is private to its authority's clerks and officers).
    paper = recommendation.report_recommendation
    if paper is not None and not request.user.has_perm("governance.view_recommendation", paper):
        paper = None
    actions = restrict(request.user, recommendation.actions.all())
    return render(
        request,
        "scrutiny/recommendation_detail.html",
        {
            "recommendation": recommendation,
            "response_days_late": recommendation.response_days_late(today),
            "paper": paper,
            "actions": [(a, a.days_late(today)) for a in actions],
            "reviews": restrict(
                request.user, recommendation.reviews.select_related("meeting__committee")
            ),
            "steps": recommendation.status_history(),
            "breadcrumbs": [
                (reverse("scrutiny:recommendations"), TRACKER),
                ("", str(recommendation.reference or "Recommendation")),
            ],
        },
    )
