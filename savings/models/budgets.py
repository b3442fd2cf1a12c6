"""Division budgets, savings targets and the capital programme of an authority."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from childrens_services import financial_years
from childrens_services.financial_years import YEAR_VALIDATORS
from childrens_services.models import AuthorityOwned, OwnedThroughParent
from savings.models.programmes import MONEY, SavingsProgramme
from savings.models.restructures import FTE


class DivisionBudget(AuthorityOwned):
    """A division's net budget and FTE in one year (Merton 2016/17: Education £10.776m)."""

    authority_path = "division__authority"

    division = models.ForeignKey(
        "governance.Division", on_delete=models.PROTECT, related_name="budgets"
    )
    year = models.PositiveSmallIntegerField(
        help_text="Start year: 2016 means 2016/17.", validators=YEAR_VALIDATORS
    )
    net_budget = models.DecimalField(**MONEY)
    fte = models.DecimalField("FTE", **FTE)
    notes = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["division__authority__name", "year", "division__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["division", "year"], name="one_budget_per_division_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.division} {financial_years.label(self.year)}"


class SavingsTarget(OwnedThroughParent):
    """The saving a department must deliver in one year of a programme (Merton's CSF targets)."""

    parent_field = "programme"

    programme = models.ForeignKey(
        SavingsProgramme, on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(validators=YEAR_VALIDATORS)
    amount = models.DecimalField(**MONEY)
    notes = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "year"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="one_target_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.programme}: {financial_years.label(self.year)}"

    def clean(self) -> None:
        super().clean()
        if self.programme_id and self.year is not None and self.year not in self.programme.years:
            raise ValidationError(
                {
                    "year": f"{financial_years.label(self.year)} is outside the programme's years "
                    f"({self.programme.period_label})."
                }
            )


class CapitalProgrammeLine(AuthorityOwned):
    """Capital budget for one category in one year (Merton: Secondary Expansion 2017/18)."""

    authority = models.ForeignKey(
        "governance.Authority", on_delete=models.PROTECT, related_name="+"
    )
    programme_name = models.CharField(max_length=200, default="Capital programme")
    category = models.CharField(max_length=120)
    year = models.PositiveSmallIntegerField(validators=YEAR_VALIDATORS)
    amount = models.DecimalField(**MONEY)

    history = HistoricalRecords()

    class Meta:
        ordering = ["authority__name", "programme_name", "category", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "programme_name", "category", "year"],
                name="one_capital_amount_per_cell",
            )
        ]

    def __str__(self) -> str:
        return f"{self.category} {financial_years.label(self.year)}"
