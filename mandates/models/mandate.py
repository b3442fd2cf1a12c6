"""The mandate: one authority's children's services plan for a period, and its lifecycle."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from simple_history.models import HistoricalRecords

from childrens_services import financial_years
from childrens_services.financial_years import YEAR_VALIDATORS
from childrens_services.lifecycle import Lifecycle, Transition, TransitionError
from childrens_services.models import AuthorityOwned

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

__all__ = ["Mandate", "TransitionError"]


def _refusal(mandate: Mandate, step: Transition) -> str:
    return (
        f"You may not {step.verb} “{mandate.title}”: only an officer of "
        f"{mandate.authority.short_name} or an administrator may."
    )


class Mandate(AuthorityOwned):
    """An authority's mandate for children's services over a period of financial years.

    Lifecycle (``Mandate.lifecycle``, see ``childrens_services.lifecycle``): draft ->
    submitted -> approved -> published. Each step is a method that checks the step is allowed
    from the current status, then records who took it and when (in the fields below and in
    the history). Who may take it is asked of the one rule set by the caller, through
    ``Mandate.lifecycle.check``: ``mandates.change_mandate`` (an officer of the authority, or
    an administrator) submits, approves and publishes. Approval is given off-system by the
    lead member with the DCS; the officer records it, and ``approved_by``/``approved_at`` say
    who recorded it and when. Rolling forward needs ``mandates.add_mandate`` (the same people).

    A published mandate is frozen: it and every section refuse to save or delete. Next year's
    draft is rolled forward from it as a full copy linked through ``previous_mandate``.
    Mandates are renewed annually over overlapping multi-year periods, so the overlap rule
    applies between mandates of the same authority that are not versions of one another.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        APPROVED = "approved", "Approved"
        PUBLISHED = "published", "Published"

    #: The reverse relations holding the mandate's sections' rows (each success measure with
    #: its actuals): prefetched, one query each, wherever a whole mandate is read.
    SECTION_RELATIONS = (
        "statutory_responsibilities",
        "key_facts",
        "priorities",
        "objectives",
        "assets",
        "performance_arrangements",
        "success_measures__actuals",
        "risks",
        "milestones",
        "service_challenges",
    )

    lifecycle = Lifecycle(
        Transition(
            "submit", Status.DRAFT, Status.SUBMITTED, "mandates.change_mandate",
            label="Submit for approval",
        ),
        Transition(
            "approve", Status.SUBMITTED, Status.APPROVED, "mandates.change_mandate",
            label="Record approval",
        ),
        Transition(
            "publish", Status.APPROVED, Status.PUBLISHED, "mandates.change_mandate",
            label="Publish",
        ),
        Transition(
            "roll_forward", Status.PUBLISHED, None, "mandates.add_mandate",
            label="Roll forward to next year's draft", done="rolled forward",
        ),
        noun="mandate",
        refusal=_refusal,
    )  # fmt: skip

    authority = models.ForeignKey(
        "governance.Authority", on_delete=models.PROTECT, related_name="mandates"
    )
    title = models.CharField(max_length=200)
    start_year = models.PositiveSmallIntegerField(
        help_text="First financial year covered, as its start year (2011 means 2011/12).",
        validators=YEAR_VALIDATORS,
    )
    end_year = models.PositiveSmallIntegerField(
        help_text="Last financial year covered, as its start year (2014 means 2014/15).",
        validators=YEAR_VALIDATORS,
    )
    vision = models.TextField(blank=True)
    introduction = models.TextField(blank=True)
    commitments = models.TextField(
        blank=True, help_text="What the council prides itself upon (one per line)."
    )
    objectives_summary = models.TextField(
        "objectives", blank=True, help_text="Introduction to the key operational objectives."
    )
    commissioning_summary = models.TextField(
        "commissioning plan",
        blank=True,
        help_text="How services are provided and commissioned, and how that will change.",
    )
    procurement_summary = models.TextField(
        "procurement", blank=True, help_text="Introduction to the largest contracts."
    )
    procurement_note = models.TextField(
        "after the contracts", blank=True, help_text="What follows the contracts and their key."
    )
    savings_summary = models.TextField(
        "current and future savings", blank=True, help_text="Introduction to the savings table."
    )
    assets_summary = models.TextField(
        "assets", blank=True, help_text="Introduction to the asset lists."
    )
    workforce = models.TextField(blank=True, help_text="The workforce section.")
    performance_summary = models.TextField(
        "managing performance", blank=True, help_text="Introduction to the monitoring systems."
    )
    success_summary = models.TextField(
        "what constitutes success", blank=True, help_text="Introduction to the success measures."
    )
    risks_summary = models.TextField(
        "risks", blank=True, help_text="Introduction to the key risks."
    )
    risks_note = models.TextField(
        "after the risks", blank=True, help_text="What follows the list of risks."
    )
    commissioning_vision = models.TextField(
        "commissioning plan vision",
        blank=True,
        help_text="The vision heading the commissioning plan annexe.",
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    previous_mandate = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_mandates",
        help_text="The mandate this one was rolled forward from.",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", editable=False,
    )  # fmt: skip
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", editable=False,
    )  # fmt: skip
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", editable=False,
    )  # fmt: skip
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["authority__name", "-start_year", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def period_label(self) -> str:
        return financial_years.period_label(self.start_year, self.end_year)

    def frozen_reason(self) -> str | None:
        """Frozen when the *stored* status is published, so ``publish()`` itself can save."""
        if self.pk is None:
            return None
        stored = Mandate._base_manager.filter(pk=self.pk).values_list("status", flat=True).first()
        if stored == self.Status.PUBLISHED:
            return (
                f"“{self.title}” is published, so neither it nor any of its sections may "
                "change; roll it forward to start next year's draft."
            )
        return None

    @classmethod
    def frozen_q(cls) -> Q:
        """Published mandates (``frozen_reason``'s rule as a query)."""
        return Q(status=cls.Status.PUBLISHED)

    def lineage_ids(self) -> set[int]:
        """Ids of the mandates this one was rolled from or into: versions of one plan."""
        ids: set[int] = set()
        earlier = self.previous_mandate
        while earlier is not None and earlier.pk not in ids:
            ids.add(earlier.pk)
            earlier = earlier.previous_mandate
        if self.pk is not None:
            frontier = [self.pk]
            while frontier:
                later = list(
                    Mandate._base_manager.filter(previous_mandate__in=frontier)
                    .exclude(pk__in=ids)
                    .values_list("pk", flat=True)
                )
                ids.update(later)
                frontier = later
        return ids

    def clean(self) -> None:
        super().clean()
        if self.start_year is None or self.end_year is None:
            return
        if self.end_year < self.start_year:
            raise ValidationError(
                {"end_year": "The last year of the period cannot be before the first."}
            )
        if self.authority_id is None:
            return
        rivals = (
            Mandate._base_manager.filter(
                authority_id=self.authority_id,
                start_year__lte=self.end_year,
                end_year__gte=self.start_year,
            )
            .exclude(pk=self.pk)
            .exclude(pk__in=self.lineage_ids())
        )
        rival = rivals.first()
        if rival is not None:
            raise ValidationError(
                {
                    "start_year": (
                        f"This period ({self.period_label}) overlaps “{rival.title}” "
                        f"({rival.period_label}) of the same authority; roll that mandate "
                        "forward instead of starting another."
                    )
                }
            )

    # Lifecycle ---------------------------------------------------------------------------

    def submit(self, user: AbstractBaseUser) -> None:
        """Send the draft for approval by the lead member and DCS."""
        self.lifecycle.enter(self, "submit", user, stamp="submitted")

    def approve(self, user: AbstractBaseUser) -> None:
        """Record approval, with who recorded it and when."""
        self.lifecycle.enter(self, "approve", user, stamp="approved")

    def publish(self, user: AbstractBaseUser) -> None:
        """Publish the approved mandate; from now on it and its sections are frozen."""
        self.lifecycle.enter(self, "publish", user, stamp="published")

    def roll_forward(self, user: AbstractBaseUser) -> Mandate:
        """Start next year's draft: a full copy of every section, its period one year on."""
        self.lifecycle.check_status(self, "roll_forward")
        successor = self.next_mandates.first()
        if successor is not None:
            raise TransitionError(
                f"“{self.title}” has already been rolled forward into “{successor.title}”."
            )
        from mandates.models import SECTION_MODELS

        old_year, new_year = str(self.start_year), str(self.start_year + 1)
        title = (
            self.title.replace(old_year, new_year)
            if old_year in self.title
            else f"{self.title} ({financial_years.label(self.start_year + 1)})"
        )
        draft = Mandate(
            authority=self.authority,
            title=title,
            start_year=self.start_year + 1,
            end_year=self.end_year + 1,
            previous_mandate=self,
            **{name: getattr(self, name) for name in self.copied_text_fields()},
        )
        draft.full_clean()
        draft._history_user = user
        draft._change_reason = f"Rolled forward from {self.title} by {user.get_username()}"
        with transaction.atomic():
            draft.save()
            for model in SECTION_MODELS:
                for row in model.objects.filter(mandate=self):
                    row.copy_into(draft, user)
        return draft

    @staticmethod
    def copied_text_fields() -> list[str]:
        return [
            "vision",
            "introduction",
            "commitments",
            "objectives_summary",
            "commissioning_summary",
            "procurement_summary",
            "procurement_note",
            "savings_summary",
            "assets_summary",
            "workforce",
            "performance_summary",
            "success_summary",
            "risks_summary",
            "risks_note",
            "commissioning_vision",
        ]
