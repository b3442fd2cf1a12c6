"""The savings totals members read, kept up to date as the cells change (issue 20, item 1).

An all-authorities page at national scale would otherwise add up 380,000 profile cells and
their delivery records on its first request. ``savings.summaries`` rewrites a programme's rows
here in the same transaction as any change to its cells, delivery records or lines, so the
dashboards add up tens of thousands of rows instead, and ``manage.py verify_summaries``
checks them against a full recomputation.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from childrens_services.financial_years import YEAR_VALIDATORS
from childrens_services.models import prefix_q
from savings.models.programmes import MONEY, SavingsProgramme


class SavingsSummary(models.Model):
    """One programme's savings for one authority and year, for one confidence and funding.

    Keyed by programme because every total across programmes asks two questions of the
    programme: whether the reader may see it (``permissions.restrict``, through the programme's
    owner) and whether it counts on the page's basis for this authority (``savings.basis``).
    Derived data: never edited, no history of its own (the cells it is made from keep theirs).
    """

    #: Its rewrites are not changes of their own to the figures caches: the cell, delivery
    #: record or line written in the same transaction counts, against its own authorities.
    derived_from_records = True

    programme = models.ForeignKey(SavingsProgramme, on_delete=models.CASCADE, related_name="+")
    authority = models.ForeignKey(
        "governance.Authority", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(validators=YEAR_VALIDATORS)
    #: The line's confidence and funding, as stored (``SavingsLine.Confidence``/``Funding``).
    confidence = models.CharField(max_length=10, blank=True)
    funding = models.CharField(max_length=3)
    #: How many profile cells, and the saving they reach (``SavingsProfile.amount``).
    cells = models.PositiveIntegerField(default=0)
    amount = models.DecimalField(default=0, **MONEY)
    #: The part of ``amount`` in cells whose delivery (achieved or forecast) is recorded, and
    #: how many cells have none (``savings.computations.position``).
    reported_amount = models.DecimalField(default=0, **MONEY)
    unreported_cells = models.PositiveIntegerField(default=0)
    #: Delivery records, those with a figure, and their achieved-else-forecast total.
    records = models.PositiveIntegerField(default=0)
    delivered_records = models.PositiveIntegerField(default=0)
    delivered = models.DecimalField(default=0, **MONEY)

    class Meta:
        verbose_name_plural = "savings summaries"
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "authority", "year", "confidence", "funding"],
                name="one_savings_summary_per_group",
            )
        ]
        # The dashboards read one year (the position) or every year of the authorities in
        # scope (the totals); the unique index above serves a programme's rewrite.
        indexes = [models.Index(fields=["year", "authority"], name="savings_summary_year")]

    def __str__(self) -> str:
        return (
            f"{self.programme_id}/{self.authority_id}/{self.year}/{self.confidence}/{self.funding}"
        )

    # Read by whoever may read the programme, as its cells are (``permissions.restrict``).

    @classmethod
    def owned_by_q(cls, authority_ids: list[int]) -> Q:
        return prefix_q(SavingsProgramme.owned_by_q(authority_ids), "programme")

    @classmethod
    def readable_by_q(cls, authority_ids: list[int]) -> Q:
        return prefix_q(SavingsProgramme.readable_by_q(authority_ids), "programme")
