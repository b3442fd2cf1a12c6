"""Areas that published statistics are reported for: England, its regions and every LA."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from childrens_services.models import VersionedModel


class Area(VersionedModel):
    """England (970), a region (980-990, London split inner/outer) or a local authority.

    England and the regions are comparison areas, not authorities: nobody works for them and
    they own no records, so they live here rather than in ``governance.Authority``. A local
    authority's area points at its ``Authority`` (when governance has loaded it), at its region
    and, in London, at inner or outer London, so a comparison reads every level in one query.
    """

    class Kind(models.TextChoices):
        ENGLAND = "england", "England"
        REGION = "region", "Region"
        LONDON_PART = "london_part", "Inner or outer London"
        LOCAL_AUTHORITY = "la", "Local authority"

    record_kind = "reference"

    code = models.CharField(
        "DfE LA number",
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^\d{3}$", "A DfE LA number is three digits, e.g. 205.")],
    )
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    authority = models.OneToOneField(
        "governance.Authority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="benchmark_area",
        help_text="The authority this area is (local authorities only).",
    )
    region = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "region"},
        help_text="The region a local authority is in (London for every London borough).",
    )
    london_part = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "london_part"},
        help_text="Inner or outer London, for a London borough.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @classmethod
    def owned_by_q(cls, authority_ids: list[int]) -> Q:
        return Q(authority__in=authority_ids)
