"""Assets: property the authority is selling, putting to other uses or giving up."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from mandates.models.sections import MandateSection


class Asset(MandateSection):
    """An authority-owned property in one of the mandate's three asset lists.

    ``status`` is the stage in words the system can filter on; ``status_detail`` keeps the
    paper's own sentence. Receipts and running-cost savings are in pounds.
    """

    class AssetList(models.TextChoices):
        REALISATION = "realisation", "Asset realisation"
        CHANGE_OF_USE = "change_of_use", "Change of use of community based sites"
        OFFICE = "office", "Rationalisation of office accommodation"

    class Status(models.TextChoices):
        UNDER_REVIEW = "under_review", "Under review"
        NEGOTIATING = "negotiating", "Negotiations underway"
        BIDS = "bids", "Bids being evaluated"
        SOLD = "sold", "Sold"
        LEASE_ENDING = "lease_ending", "Lease ending"
        VACANT = "vacant", "Vacant"
        RELEASED = "released", "Released for another use"
        TRANSFERRED = "transferred", "Transferred"
        RELOCATED = "relocated", "Relocated"
        COMPLETED = "completed", "Completed"

    mandate = models.ForeignKey("mandates.Mandate", on_delete=models.CASCADE, related_name="assets")
    asset_list = models.CharField("list", max_length=15, choices=AssetList.choices)
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=200)
    status = models.CharField(max_length=15, choices=Status.choices)
    status_detail = models.CharField(max_length=300, blank=True)
    expected_receipt = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True, help_text="£, when not yet sold."
    )
    actual_receipt = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True, help_text="£, once sold."
    )
    running_cost_saving = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True, help_text="£ a year."
    )

    history = HistoricalRecords()

    natural_key_fields = ("asset_list", "name")
    compared_fields = (
        "status",
        "status_detail",
        "expected_receipt",
        "actual_receipt",
        "running_cost_saving",
    )

    class Meta:
        ordering = ["mandate", "asset_list", "position", "pk"]

    def __str__(self) -> str:
        return self.name
