"""The commissioning plan: services, their delivery model per period, spend by delivery model."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from childrens_services.financial_years import YEAR_VALIDATORS, period_label
from childrens_services.models import AuthorityOwned, OwnedThroughParent


class ServiceGroup(AuthorityOwned):
    """A group of services with shared high-level objectives and metrics (seed 000 Annexe A)."""

    authority = models.ForeignKey(
        "governance.Authority", on_delete=models.PROTECT, related_name="service_groups"
    )
    name = models.CharField(max_length=200)
    objectives = models.TextField("high-level objectives", blank=True)
    metrics = models.TextField(blank=True, help_text="One metric a line.")
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["authority__short_name", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "name"], name="service_group_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.authority.short_name})"


class Service(OwnedThroughParent):
    """A service (Safeguarding, Transport...) whose delivery model the plan sets per period."""

    parent_field = "group"

    group = models.ForeignKey(ServiceGroup, on_delete=models.CASCADE, related_name="services")
    name = models.CharField(max_length=200)
    objectives = models.TextField("high-level objectives", blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "name"], name="service_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class DeliveryModel(models.TextChoices):
    """The key of seed 000's Annexe A."""

    DIRECTLY_PROVIDED = "direct", "Directly provided"
    TRI_BOROUGH = "tri_borough", "Tri-borough service delivery"
    MARKET_TESTED = "market_test", "To be market tested"
    TO_BE_COMMISSIONED = "to_commission", "To be commissioned"
    CONTRACTED_OUT = "contracted_out", "Contracted out"


class FinancialPeriod(models.Model):
    """A period of one or more financial years, stored as start and end year (2013/15).

    Named for what it holds, not ``Period``: ``benchmarks.Period`` is a DfE reporting period
    (calendar years as published), a different thing.
    """

    start_year = models.PositiveSmallIntegerField(
        help_text="Financial year the period starts.", validators=YEAR_VALIDATORS
    )
    end_year = models.PositiveSmallIntegerField(
        help_text="Financial year the period ends (the same as the start for one year).",
        validators=YEAR_VALIDATORS,
    )

    class Meta:
        abstract = True

    @property
    def period(self) -> str:
        return period_label(self.start_year, self.end_year)

    def clean(self) -> None:
        super().clean()
        if (
            self.start_year is not None
            and self.end_year is not None
            and self.end_year < self.start_year
        ):
            raise ValidationError({"end_year": "The period cannot end before it starts."})


class ServiceDeliveryModel(FinancialPeriod, OwnedThroughParent):
    """How a service is (or is planned to be) delivered in one period."""

    parent_field = "service"

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="delivery_models")
    model = models.CharField("delivery model", max_length=20, choices=DeliveryModel.choices)
    qualifier = models.CharField(
        max_length=200,
        blank=True,
        help_text='As the paper has it: "through Mutual", "School Status with Governing Body".',
    )
    is_planned = models.BooleanField(default=True, help_text="Planned rather than current.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["service", "start_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "start_year"], name="service_delivery_model_one_per_period"
            )
        ]

    def __str__(self) -> str:
        qualifier = f" ({self.qualifier})" if self.qualifier else ""
        return f"{self.service} {self.period}: {self.get_model_display()}{qualifier}"


class SpendCategory(models.TextChoices):
    COMMISSIONED = "commissioned", "Commissioned"
    DIRECTLY_PROVIDED = "direct", "Directly provided"


class DeliveryModelSpend(FinancialPeriod, AuthorityOwned):
    """Spend under one delivery model in one period; the share is computed, never typed."""

    authority = models.ForeignKey(
        "governance.Authority", on_delete=models.PROTECT, related_name="delivery_model_spend"
    )
    category = models.CharField(max_length=20, choices=SpendCategory.choices)
    amount = models.DecimalField(
        "spend (£)", max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["authority__short_name", "start_year", "category"]
        verbose_name = "spend by delivery model"
        verbose_name_plural = "spend by delivery model"
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "start_year", "category"], name="delivery_model_spend_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.authority.short_name} {self.period} {self.get_category_display()}"
