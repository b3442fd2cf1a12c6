"""The pages' filtersets, used by the API as they are (one set of filters for both)."""

from savings.filtersets import SavingsLineFilterSet, SavingsProgrammeFilterSet

__all__ = ["SavingsLineFilterSet", "SavingsProgrammeFilterSet"]
