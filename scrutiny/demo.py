"""Demo data for scrutiny: the seed committees' recommendations to the executive, tracked.

Reads ``fixtures/scrutiny/recommendations.json``. The papers ask their committees to review,
note or comment; what each committee then recommended is written from the paper, and every
response and action is illustrative (``illustrative`` on each row, shown on every page). Each
step is taken through the lifecycle's named methods, so the history says how each got there;
a second run finds each already at its step and changes nothing.
"""

from __future__ import annotations

import datetime as dt

from childrens_services.demo import read_json, upsert
from governance.models import Committee, Meeting, Recommendation
from scrutiny.models import RecommendationAction, ScrutinyRecommendation

Status = ScrutinyRecommendation.Status


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def load(stdout) -> None:
    data = read_json("scrutiny", "recommendations.json")
    loaded = 0
    for row in data["recommendations"]:
        committee = Committee.objects.get(
            name=row["committee"], authority__dfe_code=row["authority"]
        )
        meeting = Meeting.objects.get(committee=committee, date=_date(row["meeting"]))
        paper = None
        if row["paper_recommendation"]:
            paper = (
                Recommendation.objects.filter(
                    report__meeting=meeting, position=row["paper_recommendation"]
                )
                .order_by("-report__status", "pk")
                .first()
            )
        recommendation = upsert(
            ScrutinyRecommendation,
            {"committee": committee, "meeting": meeting, "reference": row["reference"]},
            {
                "text": row["text"],
                "addressed_to": row["addressed_to"],
                "minute_reference": row["minute_reference"],
                "report_recommendation": paper,
                "illustrative": True,
            },
        )
        take_steps(recommendation, row)
        for action in row["actions"]:
            item = upsert(
                RecommendationAction,
                {"recommendation": recommendation, "description": action["description"]},
                {"owner": action["owner"], "due": _date(action["due"]), "illustrative": True},
            )
            if action["done_on"] and item.status == RecommendationAction.Status.OPEN:
                item._change_reason = "Loaded by load_demo"
                item.complete(None, _date(action["done_on"]))
        loaded += 1
    stdout.write(f"scrutiny: {loaded} recommendations (responses and actions illustrative)")


def take_steps(recommendation: ScrutinyRecommendation, row: dict) -> None:
    """Bring the recommendation to the step the fixture records, through the named steps."""
    if recommendation.status == Status.AGREED and row["sent_on"]:
        recommendation.send(None, _date(row["sent_on"]))
    if recommendation.status == Status.SENT and row["response"]:
        recommendation.respond(None, row["response"], row["reasons"], _date(row["responded_on"]))
    if recommendation.status == Status.RESPONDED and row["outcome"] == "implemented":
        recommendation.implement(None, row["outcome_note"])
    if recommendation.status == Status.RESPONDED and row["outcome"] == "closed":
        recommendation.close(None, row["outcome_note"])
