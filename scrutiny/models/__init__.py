"""Scrutiny: recommendations to the executive followed to an outcome."""

from scrutiny.models.recommendations import (
    RecommendationAction,
    RecommendationReview,
    ScrutinyRecommendation,
)

__all__ = ["RecommendationAction", "RecommendationReview", "ScrutinyRecommendation"]
