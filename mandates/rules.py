"""Permissions for mandates and their sections, from the one rule set (all "owned" records)."""

from childrens_services.permissions import register
from mandates.models import (
    Asset,
    KeyFact,
    Mandate,
    MeasureActual,
    Milestone,
    Objective,
    OfstedJudgement,
    PerformanceArrangement,
    Risk,
    ServiceChallenge,
    StatutoryResponsibility,
    StrategicPriority,
    SuccessMeasure,
)

register(
    Mandate,
    KeyFact,
    StrategicPriority,
    Objective,
    PerformanceArrangement,
    SuccessMeasure,
    MeasureActual,
    Risk,
    Milestone,
    Asset,
    StatutoryResponsibility,
    ServiceChallenge,
    OfstedJudgement,
)
