"""Figures as a paper printed them, kept beside the totals the system computes."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from childrens_services.financial_years import YEAR_VALIDATORS
from childrens_services.models import AuthorityOrPartnershipOwned
from savings.models.programmes import MONEY, SavingsLine, SavingsProgramme
from savings.models.restructures import StaffingRestructure


class ReportedFigure(AuthorityOrPartnershipOwned):
    """A total printed in a paper, stored as reported so that it can be checked, not trusted.

    Nothing reads these to build a total; ``savings.figures.computed_value`` recomputes the
    same figure from the line items and the data-quality page lists every disagreement.
    ``value`` keeps the paper's sign (Harrow prints savings as negatives) in pounds (or FTE);
    ``precision`` is the value of the last digit the paper printed (10,000 for £0.01m), so a
    difference within half of it is reported as rounding rather than as an error.
    """

    class Kind(models.TextChoices):
        PROGRAMME_TOTAL = "programme_total", "Programme total (year, authority, confidence)"
        LINE_TOTAL = "line_total", "Line total across authorities"
        MTFS_TOTAL = "mtfs_total", "Existing MTFS column total"
        ADDITIONAL_TOTAL = "additional_total", "Additional savings total after DSG exclusion"
        DSG_EXCLUSION = "dsg_exclusion", "DSG savings excluded"
        RESTRUCTURE = "restructure", "Restructure table figure"
        TARGETS_TOTAL = "targets_total", "Savings targets total"
        CAPITAL_TOTAL = "capital_total", "Capital programme total for a year"
        BUDGET_TOTAL = "budget_total", "Division budgets total for a year"
        FTE_TOTAL = "fte_total", "Division FTE total for a year"

    class Measure(models.TextChoices):
        STARTING_BUDGET = "starting_budget", "Starting budget"
        CLOSING_BUDGET = "closing_budget", "Closing budget"
        BUDGET_ADDITIONALITY = "budget_additionality", "Budget additionality"
        STARTING_FTE = "starting_fte", "Starting FTE"
        CLOSING_FTE = "closing_fte", "Closing FTE"
        FTE_ADDITIONALITY = "fte_additionality", "FTE additionality"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    label = models.CharField(max_length=300, help_text="Where the paper prints it.")
    programme = models.ForeignKey(
        SavingsProgramme,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reported_figures",
    )
    line = models.ForeignKey(
        SavingsLine, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    restructure = models.ForeignKey(
        StaffingRestructure, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    column_authority = models.ForeignKey(
        "governance.Authority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The borough column the figure sits in; blank for the total column.",
    )
    year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Blank for a full-year (final year) figure.",
        validators=YEAR_VALIDATORS,
    )
    confidence = models.CharField(max_length=10, choices=SavingsLine.Confidence.choices, blank=True)
    measure = models.CharField(max_length=20, choices=Measure.choices, blank=True)
    value = models.DecimalField(**MONEY)
    precision = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text="Value of the last printed digit, e.g. 1000 for £000s, 10000 for £0.01m.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "kind", "pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def in_pounds(self) -> bool:
        """Whether ``value`` is pounds (shown ``£1,140,000``) rather than FTE (``12.5``)."""
        fte_measures = (
            self.Measure.STARTING_FTE,
            self.Measure.CLOSING_FTE,
            self.Measure.FTE_ADDITIONALITY,
        )
        return self.kind != self.Kind.FTE_TOTAL and not (
            self.kind == self.Kind.RESTRUCTURE and self.measure in fte_measures
        )

    def clean(self) -> None:
        super().clean()
        needs = {
            self.Kind.PROGRAMME_TOTAL: "programme",
            self.Kind.LINE_TOTAL: "line",
            self.Kind.MTFS_TOTAL: "programme",
            self.Kind.ADDITIONAL_TOTAL: "programme",
            self.Kind.DSG_EXCLUSION: "programme",
            self.Kind.RESTRUCTURE: "restructure",
            self.Kind.TARGETS_TOTAL: "programme",
            self.Kind.CAPITAL_TOTAL: "year",
            self.Kind.BUDGET_TOTAL: "year",
            self.Kind.FTE_TOTAL: "year",
        }
        field = needs.get(self.kind)
        if field and getattr(self, f"{field}_id" if field != "year" else field, None) is None:
            raise ValidationError({field: f"A {self.get_kind_display().lower()} needs a {field}."})
        if self.kind == self.Kind.RESTRUCTURE and not self.measure:
            raise ValidationError({"measure": "Say which figure of the restructure table it is."})
