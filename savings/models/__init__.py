"""Savings: programmes, lines and profiles, restructures, budgets, targets and delivery."""

from savings.models.budgets import CapitalProgrammeLine, DivisionBudget, SavingsTarget
from savings.models.delivery import DeliveryRecord
from savings.models.overlaps import ProgrammeOverlap
from savings.models.programmes import SavingsLine, SavingsProfile, SavingsProgramme
from savings.models.reported import ReportedFigure
from savings.models.restructures import (
    ImplementationCost,
    RestructurePosition,
    StaffingRestructure,
)
from savings.models.summaries import SavingsSummary

__all__ = [
    "CapitalProgrammeLine",
    "DeliveryRecord",
    "DivisionBudget",
    "ImplementationCost",
    "ProgrammeOverlap",
    "ReportedFigure",
    "RestructurePosition",
    "SavingsProfile",
    "SavingsLine",
    "SavingsProgramme",
    "SavingsSummary",
    "SavingsTarget",
    "StaffingRestructure",
]
