"""The narrative sections of a mandate: key facts, priorities, objectives, performance, risks."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from childrens_services import formatting
from childrens_services.models import OwnedThroughParent

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from mandates.models.mandate import Mandate


class Area(models.TextChoices):
    """The areas a mandate's facts and objectives are grouped by (seed 000, sections 1-2)."""

    BACKGROUND = "background", "Background to children's services"
    SOCIAL_CARE = "social_care", "Social care"
    EARLY_INTERVENTION = "early_intervention", "Early intervention and prevention"
    EDUCATION = "education", "Education"


class MandateSection(OwnedThroughParent):
    """A row of one of a mandate's sections: owned, and frozen, with its mandate.

    ``copy_into`` makes the row's twin in another mandate when a mandate is rolled forward;
    ``natural_key_fields`` match a row with its twin when two versions are compared.
    """

    parent_field = "mandate"
    natural_key_fields: ClassVar[tuple[str, ...]] = ()
    compared_fields: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True

    def copied_values(self) -> dict:
        skip = {"id", "version", "mandate"}
        return {
            field.attname: getattr(self, field.attname)
            for field in self._meta.concrete_fields
            if field.name not in skip
        }

    def copy_into(self, mandate: Mandate, user: AbstractBaseUser) -> MandateSection:
        twin = type(self)(mandate=mandate, **self.copied_values())
        twin._history_user = user
        twin._change_reason = "Rolled forward"
        twin.save()
        return twin


#: Where a key fact's wording takes its value.
VALUE_PLACE = "{value}"


class KeyFact(MandateSection):
    """A fact about the borough's children, as at a date or for a period, with its source.

    ``value`` holds the number the system can compare and chart; ``value_text`` what the paper
    prints when it is not a single number ("7 out of 9").
    """

    mandate = models.ForeignKey(
        "mandates.Mandate", on_delete=models.CASCADE, related_name="key_facts"
    )
    area = models.CharField(max_length=20, choices=Area.choices, default=Area.BACKGROUND)
    position = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(max_length=250)
    wording = models.CharField(
        max_length=300,
        blank=True,
        help_text="The fact as the paper words it, when that is a sentence rather than "
        "“label: value”; {value} stands for the value.",
    )
    value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    unit = models.CharField(max_length=60, blank=True, help_text="e.g. children, %, pupils.")
    value_text = models.CharField(
        "value as printed", max_length=120, blank=True, help_text="When not a single number."
    )
    as_at = models.DateField("as at", null=True, blank=True)
    period = models.CharField(
        max_length=60, blank=True, help_text="When the fact covers a period: 2010, 2010/11."
    )
    source = models.CharField(max_length=250, blank=True, help_text="The footnote's source.")
    footnote = models.PositiveSmallIntegerField(null=True, blank=True)

    history = HistoricalRecords()

    natural_key_fields = ("area", "label")
    compared_fields = ("wording", "value", "unit", "value_text", "as_at", "period", "source")

    class Meta:
        ordering = ["mandate", "area", "position", "pk"]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.value is None and not self.value_text:
            errors["value"] = "Give the fact's value, or its value as printed."
        if self.wording and VALUE_PLACE not in self.wording:
            errors["wording"] = (
                f"Write {VALUE_PLACE} where the value goes in the sentence, so the figure "
                "printed is the one recorded."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def statement(self) -> str:
        """The fact as printed: its wording with the value in place, or "label: value"."""
        if self.wording:
            return self.wording.replace(VALUE_PLACE, self.display_value)
        return f"{self.label}: {self.display_value}"

    @property
    def display_value(self) -> str:
        if self.value_text:
            return self.value_text
        if self.unit == "%":
            return formatting.percent(self.value)
        return formatting.count(self.value)


class StrategicPriority(MandateSection):
    """One of the mandate's numbered strategic priorities for children and young people."""

    mandate = models.ForeignKey(
        "mandates.Mandate", on_delete=models.CASCADE, related_name="priorities"
    )
    number = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=300)

    history = HistoricalRecords()

    natural_key_fields = ("number",)
    compared_fields = ("text",)

    class Meta:
        ordering = ["mandate", "number"]
        verbose_name_plural = "strategic priorities"
        constraints = [
            models.UniqueConstraint(fields=["mandate", "number"], name="priority_number_once")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


class Objective(MandateSection):
    """A key operational objective in one area (social care, early intervention, education)."""

    mandate = models.ForeignKey(
        "mandates.Mandate", on_delete=models.CASCADE, related_name="objectives"
    )
    area = models.CharField(
        max_length=20,
        choices=[c for c in Area.choices if c[0] != Area.BACKGROUND],
    )
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()

    history = HistoricalRecords()

    natural_key_fields = ("area", "text")
    compared_fields = ("position",)

    class Meta:
        ordering = ["mandate", "area", "position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class ListedText(MandateSection):
    """A section that is a numbered list of paragraphs, matched with its twin by the text.

    The shape of the performance arrangements and the statutory responsibilities; each
    concrete section declares its own ``mandate`` key (for its related name) and history.
    """

    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()

    natural_key_fields = ("text",)
    compared_fields = ("position",)

    class Meta:
        abstract = True
        ordering = ["mandate", "position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class PerformanceArrangement(ListedText):
    """One of the monitoring systems by which the service manages performance."""

    mandate = models.ForeignKey(
        "mandates.Mandate", on_delete=models.CASCADE, related_name="performance_arrangements"
    )

    history = HistoricalRecords()

    class Meta(ListedText.Meta):
        verbose_name = "managing-performance arrangement"


class Level(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class Risk(MandateSection):
    """A key risk to achieving the mandate, with how it is mitigated and who owns it."""

    mandate = models.ForeignKey("mandates.Mandate", on_delete=models.CASCADE, related_name="risks")
    position = models.PositiveSmallIntegerField(default=0)
    description = models.TextField()
    likelihood = models.CharField(max_length=6, choices=Level.choices, blank=True)
    impact = models.CharField(max_length=6, choices=Level.choices, blank=True)
    mitigation = models.TextField(blank=True)
    owner = models.CharField(max_length=120, blank=True)

    history = HistoricalRecords()

    natural_key_fields = ("description",)
    compared_fields = ("likelihood", "impact", "mitigation", "owner")

    class Meta:
        ordering = ["mandate", "position", "pk"]

    def __str__(self) -> str:
        return self.description[:80]


class StatutoryResponsibility(ListedText):
    """A statutory responsibility the department discharges, alone or with partners."""

    mandate = models.ForeignKey(
        "mandates.Mandate", on_delete=models.CASCADE, related_name="statutory_responsibilities"
    )

    history = HistoricalRecords()

    class Meta(ListedText.Meta):
        verbose_name_plural = "statutory responsibilities"


class ServiceChallenge(MandateSection):
    """A challenge the department must meet: department-wide, service-specific, or a review."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", "Department-wide transformation"
        SERVICE = "service", "Service-specific challenge"
        REVIEW = "review", "Service strategy under review"

    mandate = models.ForeignKey(
        "mandates.Mandate", on_delete=models.CASCADE, related_name="service_challenges"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.SERVICE)
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()

    history = HistoricalRecords()

    natural_key_fields = ("kind", "text")
    compared_fields = ("position",)

    class Meta:
        ordering = ["mandate", "kind", "position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]
