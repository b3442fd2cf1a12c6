"""LAIT's data dictionary: what each published measure is and which direction is better."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from childrens_services.financial_years import YEAR_VALIDATORS
from childrens_services.models import VersionedModel


class ReferenceData(VersionedModel):
    """Published reference data: every role reads it, administrators (and imports) maintain it."""

    record_kind = "reference"

    class Meta:
        abstract = True

    @classmethod
    def owned_by_q(cls, authority_ids: list[int]) -> Q:
        return Q(pk__in=[])


class Measure(ReferenceData):
    """One LAIT measure, keyed by its short name (the key the values file uses).

    Fourteen measures are listed under two topics in the dictionary; the first listing's topic
    is kept, since the two listings describe the same published series.
    """

    class Polarity(models.TextChoices):
        HIGH = "high", "Higher is better"
        LOW = "low", "Lower is better"
        NONE = "none", "Neither (context)"

    short_name = models.CharField(max_length=40, unique=True)
    code = models.CharField("LAIT measure code", max_length=10, blank=True)
    topic = models.CharField(max_length=80)
    name = models.CharField(max_length=200)
    chart_title = models.CharField(max_length=250, blank=True)
    polarity = models.CharField(max_length=4, choices=Polarity.choices)
    unit = models.CharField(max_length=80, blank=True, help_text="LAIT's y-axis label.")
    description = models.TextField(blank=True)
    source = models.CharField(max_length=250, blank=True, help_text="Data owner or supplier.")
    methodology = models.TextField(blank=True)
    link = models.TextField(blank=True)
    year_type = models.CharField(max_length=40, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["topic", "chart_title"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.chart_title or self.name

    @property
    def ranked(self) -> bool:
        """Only measures with a better direction are ranked (a rate of LAC is context)."""
        return self.polarity != self.Polarity.NONE


class Period(ReferenceData):
    """A reporting period as published (``2015-16``, ``2016``, ``2024-25 (OT)``), sortable.

    ``start_year`` and ``end_year`` are calendar years (``2015-16`` runs 2015 to 2016; the
    three-year ``2014-16`` 2014 to 2016); ``qualifier`` keeps LAIT's note (OT, Rev, Final, prov)
    so a revised figure sorts after the first one while the label stays as published.
    """

    label = models.CharField(max_length=30, unique=True)
    start_year = models.PositiveSmallIntegerField(validators=YEAR_VALIDATORS)
    end_year = models.PositiveSmallIntegerField(validators=YEAR_VALIDATORS)
    qualifier = models.CharField(max_length=10, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["end_year", "start_year", "qualifier"]

    def __str__(self) -> str:
        return self.label
