"""Success measures: what the mandate will be judged by, and the actuals reported against them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from childrens_services import events
from childrens_services.models import OwnedThroughParent
from childrens_services.rag import Rag
from mandates import status
from mandates.models.sections import MandateSection

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from mandates.models.mandate import Mandate


class SuccessMeasure(MandateSection):
    """An indicator with its baseline, comparator, target and actuals; its RAG is computed.

    The target is a value, a rule ("lower than the statistical-neighbour average": better
    than the comparator, in the measure's polarity) or "to be confirmed", which has no RAG
    (see ``mandates.status``).
    """

    class Unit(models.TextChoices):
        PERCENT = "percent", "%"
        COUNT = "count", "number"
        RATE_10K = "rate_10k", "rate per 10,000 children"

    class Polarity(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"

    class Comparator(models.TextChoices):
        STATISTICAL_NEIGHBOURS = "statistical_neighbours", "Statistical-neighbour average"
        NATIONAL = "national", "National average"
        LONDON = "london", "London average"

    class TargetKind(models.TextChoices):
        VALUE = "value", "A value"
        BETTER_THAN_COMPARATOR = "better_than_comparator", "Better than the comparator"
        TO_BE_CONFIRMED = "tbc", "To be confirmed"

    mandate = models.ForeignKey(
        "mandates.Mandate", on_delete=models.CASCADE, related_name="success_measures"
    )
    position = models.PositiveSmallIntegerField(default=0)
    theme = models.CharField(max_length=250, help_text="The outcome the indicator evidences.")
    indicator = models.CharField(max_length=300)
    unit = models.CharField(max_length=10, choices=Unit.choices, blank=True)
    polarity = models.CharField(max_length=6, choices=Polarity.choices)
    baseline_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    baseline_period = models.CharField(max_length=40, blank=True, help_text="e.g. 2010, 2010/11.")
    comparator = models.CharField(max_length=30, choices=Comparator.choices, blank=True)
    comparator_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    target_kind = models.CharField(
        max_length=30, choices=TargetKind.choices, default=TargetKind.VALUE
    )
    target_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    target_date = models.DateField(null=True, blank=True, help_text="When the target is due.")
    target_text = models.CharField(
        "target as worded", max_length=250, blank=True, help_text="The paper's own wording."
    )

    history = HistoricalRecords()

    natural_key_fields = ("indicator",)
    compared_fields = (
        "theme",
        "unit",
        "polarity",
        "baseline_value",
        "baseline_period",
        "comparator",
        "comparator_value",
        "target_kind",
        "target_value",
        "target_date",
        "target_text",
    )

    class Meta:
        ordering = ["mandate", "position", "pk"]

    def __str__(self) -> str:
        return self.indicator

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("mandates:detail", args=[self.mandate_id])

    def save(self, *args, **kwargs) -> None:
        # A new measure has not "turned" anything: only a change to a stored one announces.
        before = stored_rag(self.pk) if self.pk is not None else Rag.RED
        super().save(*args, **kwargs)
        announce_if_turned_red(self.pk, before)

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.baseline_value is not None and not self.unit:
            errors["unit"] = (
                "A success measure with a baseline value needs a unit (%, number, rate)."
            )
        if self.comparator_value is not None and not self.comparator:
            errors["comparator"] = "Say what the comparator value is (e.g. statistical neighbours)."
        if self.target_kind == self.TargetKind.VALUE and self.target_value is None:
            errors["target_value"] = "Give the target value, or choose another kind of target."
        if self.target_kind != self.TargetKind.VALUE and self.target_value is not None:
            errors["target_value"] = "Only a target of kind “a value” has a target value."
        if errors:
            raise ValidationError(errors)

    def latest_actual(self) -> MeasureActual | None:
        """The actual with the latest ``as_at``, the newest record among equals; read from the
        actuals prefetched with the measure when they were, so a page of measures asks no
        query a measure."""
        prefetched = getattr(self, "_prefetched_objects_cache", {}).get("actuals")
        if prefetched is not None:
            return max(prefetched, key=lambda actual: (actual.as_at, actual.pk), default=None)
        return self.actuals.order_by("-as_at", "-pk").first()

    def copy_into(self, mandate: Mandate, user: AbstractBaseUser) -> SuccessMeasure:
        twin = super().copy_into(mandate, user)
        for actual in self.actuals.all():
            copy = MeasureActual(measure=twin, **actual.copied_values())
            copy._history_user = user
            copy._change_reason = "Rolled forward"
            copy._rolled_forward = True  # a copy of what was already so: nothing turned red
            copy.save()
        return twin


def stored_rag(measure_id: int) -> Rag | None:
    """A measure's RAG as the database holds it now (read before a change is saved)."""
    stored = SuccessMeasure._base_manager.filter(pk=measure_id).first()
    return status.measure_rag(stored) if stored is not None else None


def announce_if_turned_red(measure_id: int, before: Rag | None) -> None:
    """Announce ``measure.turned_red`` when the measure is red now and was not ``before``:
    the change to red, not every save of a red measure."""
    if before == Rag.RED:
        return
    measure = SuccessMeasure._base_manager.select_related("mandate").get(pk=measure_id)
    if status.measure_rag(measure) == Rag.RED:
        events.announce("measure.turned_red", measure, about=[measure.mandate.authority])


class MeasureActual(OwnedThroughParent):
    """A reported value of a success measure for a period, and the comparator's if known."""

    parent_field = "measure"

    measure = models.ForeignKey(SuccessMeasure, on_delete=models.CASCADE, related_name="actuals")
    period = models.CharField(max_length=40, help_text="As reported: 2011/12 Q2, 2012.")
    as_at = models.DateField("as at")
    value = models.DecimalField(max_digits=14, decimal_places=2)
    comparator_value = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The comparator for the same period, when the target is relative to it.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "as_at", "pk"]

    def __str__(self) -> str:
        return f"{self.measure}: {self.value} ({self.period})"

    def save(self, *args, **kwargs) -> None:
        if getattr(self, "_rolled_forward", False):
            super().save(*args, **kwargs)
            return
        before = stored_rag(self.measure_id)
        super().save(*args, **kwargs)
        announce_if_turned_red(self.measure_id, before)

    def delete(self, *args, **kwargs):
        # Removing the latest actual makes an earlier one count: that may be red.
        measure_id, before = self.measure_id, stored_rag(self.measure_id)
        result = super().delete(*args, **kwargs)
        announce_if_turned_red(measure_id, before)
        return result

    def copied_values(self) -> dict:
        return {
            name: getattr(self, name) for name in ("period", "as_at", "value", "comparator_value")
        }
