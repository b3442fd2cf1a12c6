"""Scrutiny's live block: the recommendations tracker, an appendix to a scrutiny paper.

A committee's recommendations with the executive's response, the agreed actions and how each
stands, frozen when the paper is published (as every block), with lateness counted as at the
day of the snapshot.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from childrens_services import blocks, formatting
from governance.models import Committee
from scrutiny.models import ScrutinyRecommendation


class CommitteeWithRecommendations(blocks.Record):
    """A committee that has made recommendations to the executive, by its id."""

    message = "Choose a committee that has made recommendations to the executive."

    def __init__(self, **options):
        options.setdefault("label", "Committee")
        super().__init__(Committee, **options)

    def queryset(self):
        return Committee.objects.filter(scrutiny_recommendations__isnull=False).distinct()

    def choices(self, user):
        return self.queryset().filter(
            pk__in=ScrutinyRecommendation.objects.restrict(user).values("committee")
        )


class RecommendationsTracker(blocks.Block):
    """Each recommendation of a committee: what was asked, the response, its actions, status."""

    code = "recommendations_tracker"
    name = "Scrutiny recommendations tracker"
    template = "scrutiny/blocks/recommendations_tracker.html"
    model = ScrutinyRecommendation
    params = {
        "committee": CommitteeWithRecommendations(),
        "which": blocks.Choice(
            ("all", "outstanding"),
            labels={
                "all": "Every recommendation",
                "outstanding": "Only those not yet implemented or closed",
            },
            required=False,
            default="all",
            label="Which recommendations",
        ),
    }

    def snapshot(self, params: dict) -> dict:
        on = timezone.localdate()
        committee = Committee.objects.get(pk=params["committee"])
        recommendations = (
            ScrutinyRecommendation.objects.filter(committee=committee)
            .select_related("meeting")
            .prefetch_related("actions")
            .order_by("meeting__date", "reference", "pk")
        )
        if params.get("which") == "outstanding":
            recommendations = recommendations.exclude(
                status__in=[
                    ScrutinyRecommendation.Status.IMPLEMENTED,
                    ScrutinyRecommendation.Status.CLOSED,
                ]
            )
        return {
            "committee": committee.name,
            "as_at": on.isoformat(),
            "recommendations": [
                {
                    "reference": r.reference,
                    "text": r.text,
                    "made_on": r.meeting.date.isoformat(),
                    "status": r.get_status_display(),
                    "response": r.get_response_display() if r.response else "",
                    "response_due": r.response_due.isoformat() if r.response_due else None,
                    "response_days_late": r.response_days_late(on),
                    "illustrative": r.illustrative,
                    "actions": [
                        {
                            "description": a.description,
                            "owner": a.owner,
                            "due": a.due.isoformat(),
                            "status": a.get_status_display(),
                            "days_late": a.days_late(on),
                        }
                        for a in r.actions.all()
                    ],
                }
                for r in recommendations
            ],
        }

    def context(self, snapshot: dict) -> dict:
        def day(text):
            return formatting.day(dt.date.fromisoformat(text)) if text else ""

        rows = []
        for r in snapshot["recommendations"]:
            rows.append(
                {
                    **r,
                    "made_on": day(r["made_on"]),
                    "response_due": day(r["response_due"]) or "Not yet sent",
                    "actions": [{**a, "due": day(a["due"])} for a in r["actions"]],
                }
            )
        return {
            "committee": snapshot["committee"],
            "as_at": day(snapshot["as_at"]),
            "rows": rows,
            "illustrative": any(r["illustrative"] for r in rows),
        }
