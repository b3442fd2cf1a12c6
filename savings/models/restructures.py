"""Staffing restructures and the costs of implementing a programme."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from childrens_services.financial_years import YEAR_VALIDATORS
from childrens_services.models import OwnedThroughParent
from savings.models.programmes import MONEY, SavingsProgramme

FTE = {"max_digits": 8, "decimal_places": 2, "validators": [MinValueValidator(0)]}


class StaffingRestructure(OwnedThroughParent):
    """One service's restructure table: starting and closing positions per authority.

    The difference between the starting and the closing position is the saving the paper calls
    "additionality"; it is computed, never stored.
    """

    parent_field = "programme"

    programme = models.ForeignKey(
        SavingsProgramme, on_delete=models.CASCADE, related_name="restructures"
    )
    position = models.PositiveSmallIntegerField(default=0)
    service = models.CharField(max_length=120)
    budget_label = models.CharField(
        max_length=120,
        default="Staffing budgets",
        help_text="What the budget rows measure, as the paper heads them (e.g. Gross expenditure).",
    )
    attribution = models.TextField(blank=True, help_text="The paper's attribution methodology.")
    notes = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.service}: {self.budget_label}"


class RestructurePosition(OwnedThroughParent):
    """One authority's starting and closing budget and FTE in a restructure.

    A row with no authority holds figures the paper gives only for the partnership as a whole
    (seed 003's fostering closing FTE); totals add every row of the restructure.
    """

    parent_field = "restructure"

    restructure = models.ForeignKey(
        StaffingRestructure, on_delete=models.CASCADE, related_name="positions"
    )
    authority = models.ForeignKey(
        "governance.Authority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Blank for figures the paper gives only in total.",
    )
    starting_budget = models.DecimalField(null=True, blank=True, **MONEY)
    closing_budget = models.DecimalField(null=True, blank=True, **MONEY)
    starting_fte = models.DecimalField("starting FTE", null=True, blank=True, **FTE)
    closing_fte = models.DecimalField("closing FTE", null=True, blank=True, **FTE)
    note = models.CharField(
        max_length=300, blank=True, help_text="Required when the closing FTE exceeds the starting."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["restructure", "authority__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["restructure", "authority"], name="one_position_per_authority"
            )
        ]

    def __str__(self) -> str:
        return f"{self.restructure} — {self.authority or 'all authorities'}"

    def clean(self) -> None:
        super().clean()
        if (
            self.starting_fte is not None
            and self.closing_fte is not None
            and self.closing_fte > self.starting_fte
            and not self.note.strip()
        ):
            raise ValidationError(
                {
                    "closing_fte": "The closing FTE exceeds the starting FTE: a restructure that "
                    "adds posts needs a note saying why."
                }
            )


class ImplementationCost(OwnedThroughParent):
    """A cost of implementing a programme (exit compensation, change management, training)."""

    class Kind(models.TextChoices):
        EXIT_COMPENSATION = "exit", "Exit compensation"
        CHANGE_MANAGEMENT = "change", "Change management"
        REDUNDANCY_WORST_CASE = "redundancy", "Redundancy (worst case)"
        TRAINING = "training", "Training and change management"
        ICT = "ict", "ICT integration"
        RELOCATION = "relocation", "Relocation"

    parent_field = "programme"

    programme = models.ForeignKey(
        SavingsProgramme, on_delete=models.CASCADE, related_name="implementation_costs"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Start year of the financial year, if the paper says.",
        validators=YEAR_VALIDATORS,
    )
    amount = models.DecimalField(
        null=True, blank=True, help_text="Pounds; blank when the paper gives no figure.", **MONEY
    )
    quantity = models.DecimalField(
        null=True, blank=True, help_text="Staff or FTE the cost is for (e.g. 70 staff).", **FTE
    )
    description = models.CharField(max_length=300)
    funded_from = models.CharField(max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "kind", "year"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description}"
