"""Two papers' accounts of the same savings, so every total counts each saving once."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from childrens_services.models import OwnedThroughParent
from savings.models.programmes import SavingsProgramme


class ProgrammeOverlap(OwnedThroughParent):
    """``programme``, a later paper's programme, gives again savings ``earlier`` already gives.

    Seed 000's H&F mandate savings are H&F's share of seed 003's Tri-borough business case,
    restated for H&F ("Single Management Team" 680 in both): added together, H&F's 2014/15
    would be counted twice. The overlap covers the authorities taking part in both programmes
    (H&F here); for them, the basis (``savings.basis``) decides which account every total
    counts, and the data-quality page sets the two side by side.

    Owned through ``programme``: the officers who own the later account say what it restates,
    and may name as ``earlier`` only a programme they may read (``permissions.linkable``).
    """

    class Kind(models.TextChoices):
        RESTATES = "restates", "Restates"
        SUPERSEDES = "supersedes", "Supersedes"
        OVERLAPS = "overlaps", "Overlaps"

    parent_field = "programme"

    programme = models.ForeignKey(
        SavingsProgramme,
        on_delete=models.CASCADE,
        related_name="overlaps",
        help_text="The later paper's programme (the restatement).",
    )
    earlier = models.ForeignKey(
        SavingsProgramme,
        on_delete=models.CASCADE,
        related_name="later_accounts",
        verbose_name="programme it restates",
        help_text="The earlier paper's programme giving the same savings.",
    )
    kind = models.CharField(
        max_length=10,
        choices=Kind.choices,
        default=Kind.RESTATES,
        help_text="Restates: the same savings as the earlier paper, for this programme's "
        "authorities; supersedes: the earlier account no longer stands; overlaps: some of the "
        "same savings.",
    )
    note = models.TextField(blank=True, help_text="How the two papers' accounts relate.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "earlier"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "earlier"], name="one_overlap_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.get_kind_display().lower()} {self.earlier}"

    def shared_authorities(self) -> list:
        """The authorities both programmes' savings fall to: where the two accounts overlap."""
        later = {a.pk for a in self.programme.participating_authorities()}
        return [a for a in self.earlier.participating_authorities() if a.pk in later]

    def clean(self) -> None:
        super().clean()
        if not (self.programme_id and self.earlier_id):
            return
        if self.programme_id == self.earlier_id:
            raise ValidationError({"earlier": "A programme cannot restate itself."})
        if not self.shared_authorities():
            raise ValidationError(
                {"earlier": "The two programmes share no authority, so no saving is in both."}
            )
        reverse = ProgrammeOverlap.objects.filter(
            programme=self.earlier_id, earlier=self.programme_id
        )
        if reverse.exists():
            raise ValidationError(
                {"earlier": "That programme is already recorded as restating this one."}
            )
