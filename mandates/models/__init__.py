"""Models of the mandates app, grouped by section and re-exported here."""

from mandates.models.assets import Asset
from mandates.models.inspections import OfstedJudgement
from mandates.models.mandate import Mandate, TransitionError
from mandates.models.measures import MeasureActual, SuccessMeasure
from mandates.models.milestones import Milestone
from mandates.models.sections import (
    Area,
    KeyFact,
    MandateSection,
    Objective,
    PerformanceArrangement,
    Risk,
    ServiceChallenge,
    StatutoryResponsibility,
    StrategicPriority,
)

#: Every section of a mandate, in the order the paper sets them out.
SECTION_MODELS = [
    StatutoryResponsibility,
    KeyFact,
    StrategicPriority,
    Objective,
    Asset,
    PerformanceArrangement,
    SuccessMeasure,
    Risk,
    Milestone,
    ServiceChallenge,
]

__all__ = [
    "SECTION_MODELS",
    "Area",
    "Asset",
    "KeyFact",
    "Mandate",
    "MandateSection",
    "MeasureActual",
    "Milestone",
    "Objective",
    "OfstedJudgement",
    "PerformanceArrangement",
    "Risk",
    "ServiceChallenge",
    "StatutoryResponsibility",
    "StrategicPriority",
    "SuccessMeasure",
    "TransitionError",
]
