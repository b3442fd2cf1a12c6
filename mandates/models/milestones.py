"""Milestones: what each division will deliver, by financial year and quarter."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from childrens_services import financial_years
from childrens_services.expressions import evaluate, field_values
from childrens_services.financial_years import YEAR_VALIDATORS
from childrens_services.models import RestrictedQuerySet
from mandates.models.sections import MandateSection

QUARTERS = (1, 2, 3, 4)

#: The annotations of ``with_overdue``: whether each milestone is overdue, and as at which day.
OVERDUE, OVERDUE_ON = "overdue", "overdue_on"


class MilestoneQuerySet(RestrictedQuerySet):
    def overdue(self, today: dt.date) -> MilestoneQuerySet:
        """The milestones overdue on ``today`` (``Milestone.overdue_q``)."""
        return self.filter(Milestone.overdue_q(today))

    def with_overdue(self, today: dt.date) -> MilestoneQuerySet:
        """Each milestone with whether it is overdue on ``today``, for ``is_overdue`` to read."""
        return self.annotate(
            **{
                OVERDUE: models.ExpressionWrapper(
                    Milestone.overdue_q(today), output_field=models.BooleanField()
                ),
                OVERDUE_ON: models.Value(today, output_field=models.DateField()),
            }
        )


class Milestone(MandateSection):
    """A division's milestone in a quarter; "3BW" marks one delivered tri-borough-wide."""

    class Scope(models.TextChoices):
        BOROUGH = "borough", "This borough"
        TRI_BOROUGH = "3BW", "Tri-borough-wide (3BW)"

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        ON_TRACK = "on_track", "On track"
        AT_RISK = "at_risk", "At risk"
        DONE = "done", "Done"
        SLIPPED = "slipped", "Slipped"

    mandate = models.ForeignKey(
        "mandates.Mandate", on_delete=models.CASCADE, related_name="milestones"
    )
    division = models.ForeignKey(
        "governance.Division", on_delete=models.PROTECT, related_name="milestones"
    )
    year = models.PositiveSmallIntegerField(
        "financial year", help_text="Start year: 2012 means 2012/13.", validators=YEAR_VALIDATORS
    )
    quarter = models.PositiveSmallIntegerField(
        choices=[(q, f"Q{q}") for q in QUARTERS],
        validators=[
            MinValueValidator(1, "A quarter is Q1 to Q4."),
            MaxValueValidator(4, "A quarter is Q1 to Q4."),
        ],
    )
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(max_length=300)
    scope = models.CharField(max_length=8, choices=Scope.choices, default=Scope.BOROUGH)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)

    history = HistoricalRecords()

    objects = MilestoneQuerySet.as_manager()

    natural_key_fields = ("division_id", "text")
    compared_fields = ("year", "quarter", "scope", "status")

    class Meta:
        ordering = ["mandate", "year", "quarter", "division__name", "position", "pk"]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        super().clean()
        if (
            self.division_id
            and self.mandate_id
            and self.division.authority_id != self.mandate.authority_id
        ):
            raise ValidationError({"division": "Choose a division of the mandate's own authority."})

    @property
    def period_label(self) -> str:
        return f"{financial_years.label(self.year)} Q{self.quarter}"

    @classmethod
    def overdue_q(cls, today: dt.date) -> models.Q:
        """The one rule for an overdue milestone, as a filter: it is due on the last day of
        its quarter (``due_date``) and overdue once that day has passed and it is not done.
        A quarter ends before today exactly when it comes before today's quarter."""
        year, quarter = financial_years.of_date(today), financial_years.quarter_of(today)
        before = models.Q(year__lt=year) | models.Q(year=year, quarter__lt=quarter)
        return before & ~models.Q(status=cls.Status.DONE)

    @property
    def due_date(self) -> dt.date | None:
        """The last day of the milestone's quarter of its financial year."""
        if self.year is None or self.quarter not in QUARTERS:
            return None
        return financial_years.quarter_end(self.year, self.quarter)

    def is_overdue(self, today: dt.date | None = None) -> bool:
        """Past the end of its quarter and not done (``today`` defaults to the local date).

        Read from ``Milestone.objects.with_overdue(today)``; a milestone read without it asks
        the database to apply ``overdue_q`` to its current year, quarter and status.
        """
        today = today or timezone.localdate()
        if self.__dict__.get(OVERDUE_ON) == today:
            return bool(self.__dict__[OVERDUE])
        if self.year is None or self.quarter not in QUARTERS:
            return False
        values = field_values(self, ("year", "quarter", "status"))
        return bool(evaluate(self.overdue_q(today), values, models.BooleanField()))
