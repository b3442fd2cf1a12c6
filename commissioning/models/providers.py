"""Providers: the organisations contracts are let to, shared by every authority."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from simple_history.models import HistoricalRecords

from childrens_services.models import VersionedModel


class Provider(VersionedModel):
    """A supplier of services (Eden Food Services, CT Plus...), known to every authority.

    A provider belongs to no borough: the same company holds contracts with several. Everyone
    with a role reads providers; officers may add them (an import creates the suppliers it
    names) and correct one that only their authority's contracts use; administrators change
    shared ones and delete any. The rule is ``SUPPLIER`` in ``childrens_services.permissions``.
    """

    class Kind(models.TextChoices):
        PRIVATE = "private", "Private"
        VOLUNTARY = "voluntary", "Voluntary or community"
        SOCIAL_ENTERPRISE = "social_enterprise", "Social enterprise"
        SCHOOL = "school", "School"
        COUNCIL = "council", "Other council"
        OTHER = "other", "Other"

    record_kind = "supplier"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    companies_house_number = models.CharField(
        max_length=8,
        blank=True,
        validators=[
            RegexValidator(
                r"^[A-Z0-9]{2}\d{6}$", "A Companies House number is 8 characters, e.g. 01234567."
            )
        ],
    )
    charity_number = models.CharField(
        max_length=12,
        blank=True,
        validators=[RegexValidator(r"^\d{6,8}(-\d+)?$", "A charity number is 6 to 8 digits.")],
    )
    is_sme = models.BooleanField("SME", null=True, blank=True)
    is_vcse = models.BooleanField("VCSE", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def used_only_by_q(cls, authority_ids: list[int]) -> Q:
        """Providers every contract and contract lot of which these authorities own, or which
        none uses yet (the ``SUPPLIER`` rule's scope for an officer's change)."""
        unused_elsewhere = []
        for relation in ("contracts", "lots"):
            user = cls._meta.get_field(relation).related_model
            foreign = user._base_manager.filter(provider=OuterRef("pk")).exclude(
                user.owned_by_q(authority_ids)
            )
            unused_elsewhere.append(~Exists(foreign))
        return Q(*unused_elsewhere)

    @property
    def registration_number(self) -> str:
        return self.companies_house_number or self.charity_number
