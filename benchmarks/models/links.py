"""A mandate's success measure linked to the LAIT measure that evidences it."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from childrens_services.models import OwnedThroughParent


class SuccessMeasureBenchmark(OwnedThroughParent):
    """Evaluates a success measure's relative target ("lower than statistical neighbours") from
    published data: the authority's value against its neighbours' mean in a named model.

    Owned and frozen with the success measure (hence its mandate): the officers who write the
    mandate choose the link.
    """

    parent_field = "success_measure"

    success_measure = models.OneToOneField(
        "mandates.SuccessMeasure", on_delete=models.CASCADE, related_name="benchmark"
    )
    measure = models.ForeignKey(
        "benchmarks.Measure", on_delete=models.PROTECT, related_name="success_measures"
    )
    neighbour_model = models.ForeignKey(
        "benchmarks.NeighbourModel",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The statistical-neighbour model the comparison uses.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["success_measure"]

    def __str__(self) -> str:
        return f"{self.success_measure} → {self.measure}"
