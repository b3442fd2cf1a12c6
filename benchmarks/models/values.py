"""Published values (measure x area x period) and the imports that brought them in."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from benchmarks.models.measures import ReferenceData
from childrens_services.models import TextChecked


class Value(TextChecked):
    """One published figure; ``value`` is empty when LAIT shows it missing or suppressed.

    A missing figure is never zero: ``marker`` keeps what the file showed (``-``, ``x``, ``c``,
    or empty for a blank cell). Values are a verbatim copy of a published file, written only by
    ``import_lait`` in bulk: the audit trail is the ``ImportRun`` (who, when, which file and its
    SHA-256), not a history row per figure, which would double 641,070 rows on every import.
    """

    record_kind = "reference"

    measure = models.ForeignKey("benchmarks.Measure", on_delete=models.CASCADE, related_name="+")
    area = models.ForeignKey("benchmarks.Area", on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey("benchmarks.Period", on_delete=models.CASCADE, related_name="+")
    value = models.DecimalField(max_digits=22, decimal_places=6, null=True, blank=True)
    marker = models.CharField(
        max_length=2, blank=True, help_text="What the file showed for a missing value."
    )

    class Meta:
        ordering = ["measure", "period", "area"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "area", "period"], name="one_value_per_measure_area_period"
            )
        ]
        indexes = [
            # Serves the neighbour mean and the rank: every area's value for one measure and period.
            models.Index(fields=["measure", "period", "value"], name="value_measure_period"),
        ]

    def __str__(self) -> str:
        return f"{self.measure_id} {self.area_id} {self.period_id}: {self.value}"

    @classmethod
    def owned_by_q(cls, authority_ids: list[int]) -> models.Q:
        return models.Q(pk__in=[])


class ImportRun(ReferenceData):
    """One run of ``import_lait``: what was read, by whom, and what it changed."""

    started = models.DateTimeField()
    finished = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    measures_file = models.CharField(max_length=300, blank=True)
    measures_sha256 = models.CharField(max_length=64, blank=True)
    values_file = models.CharField(max_length=300, blank=True)
    values_sha256 = models.CharField(max_length=64, blank=True)
    measures_read = models.PositiveIntegerField(default=0)
    values_read = models.PositiveIntegerField(default=0)
    values_missing = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-started"]

    def __str__(self) -> str:
        return f"LAIT import {self.started:%Y-%m-%d %H:%M}"
