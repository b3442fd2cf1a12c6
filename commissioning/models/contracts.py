"""The contracts register: contracts, their lots and forecast spend per financial year."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from childrens_services.expressions import evaluate, field_values
from childrens_services.financial_years import YEAR_VALIDATORS, label
from childrens_services.models import (
    AuthorityOrPartnershipOwned,
    OwnedThroughParent,
    RestrictedQuerySet,
)
from commissioning.renewals import RENEWAL_ON, renewal_date_expression, with_renewal_date

from .providers import Provider

NOT_NEGATIVE = MinValueValidator(0, "A value cannot be negative.")


class FutureIntention(models.TextChoices):
    """The key for future intention in seed 000's procurement table."""

    TRI_BOROUGH = "tri_borough", "Potential Tri-borough contract"
    RENEWAL = "renewal", "Contract renewal / negotiation / extension when contract ends"
    COMMISSION_OUT = "commission_out", "To be commissioned out"
    NO_CHANGE = "no_change", "Other / no change"
    NO_CONTRACT = "no_contract", "No contract – in house or spot purchased"


class ContractQuerySet(RestrictedQuerySet):
    def with_renewal(self) -> ContractQuerySet:
        """Each contract with its renewal date read by the database (``renewal_date``)."""
        return with_renewal_date(self)


class Contract(AuthorityOrPartnershipOwned):
    """A contract of an authority (or a partnership) with a provider, or with "various".

    Councils publish contracts over £5,000 under the Local Government Transparency Code 2015;
    the register imports and exports that layout, matched on the owner's ``reference``.
    """

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        ACTIVE = "active", "Active"
        ENDED = "ended", "Ended"
        CANCELLED = "cancelled", "Cancelled"

    reference = models.CharField(
        max_length=100, help_text="The owner's contract reference; imports match on it."
    )
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    responsible_department = models.CharField(max_length=200, blank=True)
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, null=True, blank=True, related_name="contracts"
    )
    provider_text = models.CharField(
        "provider as written",
        max_length=200,
        blank=True,
        help_text='With no single provider: "Various Fostering Agencies", "Various".',
    )
    total_value = models.DecimalField(
        "total value (£)",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[NOT_NEGATIVE],
    )
    irrecoverable_vat = models.DecimalField(
        "irrecoverable VAT (£)",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[NOT_NEGATIVE],
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField("end or renewal date", null=True, blank=True)
    review_date = models.DateField(null=True, blank=True)
    renewal_text = models.CharField(
        "renewal as written",
        max_length=200,
        blank=True,
        help_text='Where the paper gives no date: "52 week placements".',
    )
    future_intention = models.CharField(max_length=20, choices=FutureIntention.choices, blank=True)
    initial_term_years = models.PositiveSmallIntegerField(null=True, blank=True)
    extension_years = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Optional extension: 3 + 2 years has 2 here."
    )
    procurement_process = models.CharField(max_length=200, blank=True)
    procurement_route = models.CharField(
        max_length=200, blank=True, help_text='E.g. "Reserved to social enterprises".'
    )
    social_value = models.TextField(blank=True)
    apprenticeships = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ACTIVE)
    renewal_decision = models.CharField(
        max_length=300, blank=True, help_text="What was decided about renewal, once decided."
    )
    renewal_decided_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    objects = ContractQuerySet.as_manager()

    class Meta:
        ordering = ["reference"]
        indexes = [
            # Serves the register's order (API list, table pages: reference then pk) with
            # LIMIT, instead of sorting every contract: 86 ms -> 0.1 ms at 86,000 contracts.
            models.Index(fields=["reference", "id"], name="contract_reference_order"),
            # The renewals page's window and its overdue list filter on the renewal date
            # expression itself, so the database reads this index for a range of dates rather
            # than working the date out for every contract.
            models.Index(renewal_date_expression(), name="contract_renewal_on"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "reference"],
                condition=Q(authority__isnull=False),
                name="contract_unique_reference_per_authority",
            ),
            models.UniqueConstraint(
                fields=["partnership", "reference"],
                condition=Q(partnership__isnull=False),
                name="contract_unique_reference_per_partnership",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    @property
    def supplier(self) -> str:
        return self.provider.name if self.provider else self.provider_text

    @property
    def renewal_date(self) -> dt.date | None:
        """When a decision is due (``commissioning.renewals.renewal_date_expression``).

        Read from the ``renewal_on`` annotation of ``Contract.objects.with_renewal()`` (and
        the renewals lists); a contract read without it asks the database to apply the same
        expression to its current dates, one query.
        """
        if RENEWAL_ON in self.__dict__:
            return self.__dict__[RENEWAL_ON]
        return evaluate(renewal_date_expression(), field_values(self, ("review_date", "end_date")))

    @property
    def extension_options(self) -> str:
        if self.initial_term_years and self.extension_years:
            return f"{self.initial_term_years} + {self.extension_years} years"
        if self.initial_term_years:
            return f"{self.initial_term_years} years"
        return ""

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.provider_id is None and not self.provider_text.strip():
            errors["provider"] = 'Name the provider, or write "Various" as the provider.'
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "The end date is before the start date."
        if errors:
            raise ValidationError(errors)

    def record_renewal_decision(self, decision: str, on: dt.date) -> None:
        """Record what was decided about renewal, so the contract leaves the overdue list."""
        if not decision.strip():
            raise ValidationError({"renewal_decision": "Say what was decided."})
        self.renewal_decision = decision.strip()
        self.renewal_decided_on = on
        self.full_clean()
        self.save()

    def end(self) -> None:
        """Mark the contract ended (it stays in the register and its history)."""
        if self.status == self.Status.ENDED:
            raise ValidationError({"status": "The contract has already ended."})
        self.status = self.Status.ENDED
        self.save()


class ContractLot(OwnedThroughParent):
    """One lot of a contract let in lots (school meals: Lot 1 Eden, Lot 2 Caterlink)."""

    parent_field = "contract"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="lots")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, null=True, blank=True, related_name="lots"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "number"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "number"], name="contract_lot_unique")
        ]

    def __str__(self) -> str:
        return f"Lot {self.number}: {self.title}"


class ContractForecast(OwnedThroughParent):
    """Forecast spend on a contract in one financial year."""

    parent_field = "contract"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="forecasts")
    financial_year = models.PositiveSmallIntegerField(
        help_text="Start year: 2011 is 2011/12.", validators=YEAR_VALIDATORS
    )
    amount = models.DecimalField(
        "forecast spend (£)", max_digits=14, decimal_places=2, validators=[NOT_NEGATIVE]
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "financial_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "financial_year"], name="contract_forecast_one_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.contract.reference} {label(self.financial_year)}"
