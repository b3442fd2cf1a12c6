"""Ofsted judgements on an authority's schools: the previous and the new outcome, with dates."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from childrens_services.models import AuthorityOwned


class OfstedJudgement(AuthorityOwned):
    """A school's previous and latest Ofsted inspection outcome, as an authority reports them.

    The papers give inspection dates to the month ("July 2011"), so ``*_inspected`` hold the
    first day of that month. A new inspection whose report is not yet published has no new
    outcome ("tbc").
    """

    class Outcome(models.TextChoices):
        OUTSTANDING = "outstanding", "Outstanding"
        GOOD = "good", "Good"
        REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
        INADEQUATE = "inadequate", "Inadequate"

    authority = models.ForeignKey(
        "governance.Authority", on_delete=models.PROTECT, related_name="ofsted_judgements"
    )
    school = models.CharField(max_length=200)
    previous_outcome = models.CharField(max_length=20, choices=Outcome.choices)
    previous_inspected = models.DateField(help_text="Month of the previous inspection.")
    previous_note = models.CharField(
        max_length=200, blank=True, help_text="e.g. the school's name at the time."
    )
    new_outcome = models.CharField(
        max_length=20, choices=Outcome.choices, blank=True, help_text="Blank until published."
    )
    new_inspected = models.DateField(
        null=True, blank=True, help_text="Month of the new inspection's report."
    )
    reported_on = models.DateField(help_text="Date of the paper that reported the judgement.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["authority__name", "school", "-new_inspected"]

    def __str__(self) -> str:
        return f"{self.school}: {self.movement}"

    @property
    def movement(self) -> str:
        new = self.get_new_outcome_display() or "to be confirmed"
        return f"{self.get_previous_outcome_display()} to {new}"

    def clean(self) -> None:
        super().clean()
        if self.new_outcome and self.new_inspected is None:
            raise ValidationError({"new_inspected": "Give the month of the new inspection."})
        if (
            self.new_inspected is not None
            and self.previous_inspected is not None
            and self.new_inspected <= self.previous_inspected
        ):
            raise ValidationError(
                {"new_inspected": "The new inspection must come after the previous one."}
            )
