"""Permissions for savings records, from the one rule set in childrens_services.permissions."""

from childrens_services.permissions import register
from savings.models import (
    CapitalProgrammeLine,
    DeliveryRecord,
    DivisionBudget,
    ImplementationCost,
    ProgrammeOverlap,
    ReportedFigure,
    RestructurePosition,
    SavingsLine,
    SavingsProfile,
    SavingsProgramme,
    SavingsTarget,
    StaffingRestructure,
)

register(
    SavingsProgramme,
    SavingsLine,
    SavingsProfile,
    StaffingRestructure,
    RestructurePosition,
    ImplementationCost,
    DivisionBudget,
    SavingsTarget,
    CapitalProgrammeLine,
    DeliveryRecord,
    ReportedFigure,
    ProgrammeOverlap,
)
