"""The DfE's children's services statistical-neighbour models (2021, 2025)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from benchmarks.models.measures import ReferenceData
from childrens_services.financial_years import YEAR_VALIDATORS


class NeighbourModel(ReferenceData):
    """One published model: for each LA its ten nearest neighbours.

    The lists change a lot between models, so every comparison names the model it used.
    """

    year = models.PositiveSmallIntegerField(
        unique=True,
        help_text="The model's version, by year of publication: 2021 or 2025.",
        validators=YEAR_VALIDATORS,
    )
    name = models.CharField(max_length=120)
    published = models.CharField(max_length=40, blank=True, help_text="e.g. May 2025.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.name


class Neighbour(ReferenceData):
    """``neighbour`` is the ``rank``-th closest LA to ``area`` in ``model``."""

    model = models.ForeignKey(NeighbourModel, on_delete=models.CASCADE, related_name="neighbours")
    area = models.ForeignKey("benchmarks.Area", on_delete=models.CASCADE, related_name="+")
    neighbour = models.ForeignKey("benchmarks.Area", on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(10)], help_text="1 is the closest."
    )
    closeness = models.CharField(max_length=20, blank=True, help_text="e.g. Very close.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["model", "area", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["model", "area", "rank"], name="one_neighbour_per_rank"
            ),
            models.UniqueConstraint(
                fields=["model", "area", "neighbour"], name="neighbour_listed_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area.name}: {self.rank}. {self.neighbour.name} ({self.model.year})"
