"""Decisions: the forward plan of key decisions, decision notices and their call-in."""

from decisions.models.forward_plan import Classification, DecisionMaker, ForwardPlanEntry
from decisions.models.notices import CallIn, DecisionNotice

__all__ = ["CallIn", "Classification", "DecisionMaker", "DecisionNotice", "ForwardPlanEntry"]
