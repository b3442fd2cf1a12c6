"""Delivery tracking: what officers forecast and achieve against each line's profile."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from childrens_services import events, financial_years
from childrens_services.financial_years import YEAR_VALIDATORS
from childrens_services.models import OwnedThroughParent
from childrens_services.rag import Rag
from savings import computations
from savings.models.programmes import MONEY, SavingsLine, check_year_and_authority


class DeliveryRecord(OwnedThroughParent):
    """An officer's forecast and achieved saving for a line, authority and year.

    Both are in the canonical (cumulative) form of the profile they are measured against; the
    shortfall and RAG status are computed (``savings.computations.rag``), never stored.
    """

    parent_field = "line"

    line = models.ForeignKey(SavingsLine, on_delete=models.CASCADE, related_name="delivery")
    authority = models.ForeignKey(
        "governance.Authority", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(validators=YEAR_VALIDATORS)
    forecast = models.DecimalField(null=True, blank=True, **MONEY)
    achieved = models.DecimalField(null=True, blank=True, **MONEY)
    notes = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["line", "authority", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["line", "authority", "year"], name="one_delivery_record_per_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.line} — {financial_years.label(self.year)}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("savings:programme", args=[self.line.programme_id])

    def planned(self):
        """The line's planned saving for this record's authority and year (zero if none)."""
        cell = self.line.amounts.filter(authority=self.authority_id, year=self.year).first()
        return cell.amount if cell else computations.ZERO

    def rag(self) -> Rag:
        return computations.rag(self.planned(), self.forecast, self.achieved)

    def save(self, *args, **kwargs) -> None:
        """Save, and announce ``measure.turned_red`` when this change makes the saving red
        (a first report that is red counts: "not reported" was not red)."""
        stored = (
            DeliveryRecord._base_manager.filter(pk=self.pk).first() if self.pk is not None else None
        )
        before = stored.rag() if stored is not None else Rag.NOT_REPORTED
        super().save(*args, **kwargs)
        if before != Rag.RED and self.rag() == Rag.RED:
            about = [self.line.programme, self.authority]
            events.announce("measure.turned_red", self, about=about)

    def clean(self) -> None:
        super().clean()
        check_year_and_authority(self)
