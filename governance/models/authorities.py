"""Authorities (councils with children's services), their partnerships and divisions."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from childrens_services.models import AuthorityOwned, VersionedModel


class Authority(VersionedModel):
    """An English local authority with children's services (a "borough" in the papers).

    Every authority the DfE lists is known to the system, with or without users; the DfE
    number and ONS GSS code join it to published statistics.
    """

    class Kind(models.TextChoices):
        INNER_LONDON = "ILB", "Inner London borough"
        OUTER_LONDON = "OLB", "Outer London borough"
        METROPOLITAN = "MD", "Metropolitan district"
        UNITARY = "UA", "Unitary authority"
        SHIRE_COUNTY = "SC", "Shire county"

    record_kind = "reference"

    name = models.CharField(max_length=120, unique=True)
    short_name = models.CharField(
        max_length=60, unique=True, help_text="As the papers write it: H&F, RBKC, WCC."
    )
    dfe_code = models.CharField(
        "DfE LA number",
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^\d{3}$", "A DfE LA number is three digits, e.g. 205.")],
    )
    gss_code = models.CharField(
        "ONS GSS code",
        max_length=9,
        unique=True,
        null=True,
        blank=True,
        validators=[RegexValidator(r"^E\d{8}$", "A GSS code looks like E09000013.")],
    )
    region = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=3, choices=Kind.choices, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "authorities"

    def __str__(self) -> str:
        return self.name

    @classmethod
    def owned_by_q(cls, authority_ids: list[int]) -> Q:
        return Q(pk__in=authority_ids)


class Partnership(VersionedModel):
    """Authorities sharing services under one agreement (Tri-borough; bi-borough services).

    The lead authority hosts the shared service; its officers edit partnership records.
    """

    class Kind(models.TextChoices):
        TRI_BOROUGH = "tri", "Tri-borough"
        BI_BOROUGH = "bi", "Bi-borough"
        OTHER = "other", "Other"

    record_kind = "reference"

    name = models.CharField(max_length=120, unique=True)
    short_name = models.CharField(max_length=20, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    lead_authority = models.ForeignKey(
        Authority,
        on_delete=models.PROTECT,
        related_name="led_partnerships",
        help_text="Its officers change the partnership's shared records.",
    )
    members = models.ManyToManyField(
        Authority, through="PartnershipMember", related_name="partnerships"
    )
    start_date = models.DateField(null=True, blank=True)
    legal_basis = models.CharField(
        max_length=200, blank=True, help_text="e.g. s.113 Local Government Act 1972 agreement."
    )
    notes = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def owned_by_q(cls, authority_ids: list[int]) -> Q:
        return Q(lead_authority__in=authority_ids)

    @classmethod
    def readable_by_q(cls, authority_ids: list[int]) -> Q:
        """A partnership's records are read by the people of every member authority."""
        members = PartnershipMember.objects.filter(authority__in=authority_ids)
        return Q(lead_authority__in=authority_ids) | Q(pk__in=members.values("partnership"))

    def member_ids(self) -> set[int]:
        return set(self.members.values_list("pk", flat=True))


class PartnershipMember(VersionedModel):
    """An authority's membership of a partnership, from a date."""

    record_kind = "reference"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE)
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT)
    joined = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "authority"], name="one_membership_per_partnership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.authority} in {self.partnership}"

    @classmethod
    def owned_by_q(cls, authority_ids: list[int]) -> Q:
        return Q(partnership__lead_authority__in=authority_ids)


class Division(AuthorityOwned):
    """A division of an authority's children's services (Education, Social Care...).

    Milestones, budgets and FTE are reported per division; the authority's officers keep its
    divisions up to date.
    """

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="divisions")
    name = models.CharField(max_length=120)
    head = models.CharField(max_length=120, blank=True)
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["authority__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "name"], name="division_name_per_authority"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.authority.short_name})"
