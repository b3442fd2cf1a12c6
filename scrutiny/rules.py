"""Permissions for scrutiny records, from the one rule set in childrens_services.permissions."""

from childrens_services.permissions import register
from scrutiny.models import RecommendationAction, RecommendationReview, ScrutinyRecommendation

register(ScrutinyRecommendation, RecommendationAction, RecommendationReview)
