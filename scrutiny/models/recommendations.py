"""Scrutiny recommendations followed to an outcome: sent to the executive, answered within two
months, acted on, reviewed at later meetings, until implemented or closed.

An overview and scrutiny committee's recommendations to the executive must be answered within
two months (Localism Act 2011, s.9FE): the executive says whether it accepts each, in part or
not, and why. What follows is the weak part of committee-management systems, usually kept in
spreadsheets: the actions agreed with their owners and dates, and each later meeting's review.
The steps are declared in ``ScrutinyRecommendation.lifecycle`` and taken by the named methods
(``send``, ``respond``, ``implement``, ``close``); every save keeps a history row with who and
when, and a step's row says from which status to which.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from childrens_services.calendar_days import response_due
from childrens_services.lifecycle import Lifecycle, Transition, TransitionError
from childrens_services.models import OwnedThroughParent, RestrictedQuerySet, illustrative_field
from governance.models import Committee, Meeting, Recommendation
from scrutiny import deadlines

FOLLOW_UP = "follow-up"


def _refusal(record, step: Transition) -> str:
    return (
        f"Only the clerks and officers of the committee's authority may {step.verb} this "
        f"{'action' if isinstance(record, RecommendationAction) else 'recommendation'}."
    )


class RecommendationQuerySet(RestrictedQuerySet):
    def response_late(self, on: dt.date) -> RecommendationQuerySet:
        """Sent, unanswered and past the two-month date on ``on``."""
        return self.filter(ScrutinyRecommendation.response_late_q(on))


class ScrutinyRecommendation(OwnedThroughParent):
    """A recommendation a scrutiny committee made to the executive at a meeting.

    It may come from a paper's recommendations (``report_recommendation``) or from the
    meeting's minutes (``minute_reference``). Lifecycle: agreed -> sent -> responded ->
    implemented, or responded -> closed.
    """

    class Status(models.TextChoices):
        AGREED = "agreed", "Agreed, not yet sent"
        SENT = "sent", "Sent, awaiting response"
        RESPONDED = "responded", "Response received"
        IMPLEMENTED = "implemented", "Implemented"
        CLOSED = "closed", "Closed"

    class Response(models.TextChoices):
        ACCEPTED = "accepted", "Accepted"
        PARTLY = "partly", "Partly accepted"
        REJECTED = "rejected", "Rejected"

    lifecycle = Lifecycle(
        Transition(
            "send", Status.AGREED, Status.SENT, "scrutiny.change_scrutinyrecommendation",
            label="Send to the executive",
        ),
        Transition(
            "respond", Status.SENT, Status.RESPONDED, "scrutiny.change_scrutinyrecommendation",
            label="Record the executive's response", done="answered",
        ),
        Transition(
            "implement", Status.RESPONDED, Status.IMPLEMENTED,
            "scrutiny.change_scrutinyrecommendation", label="Mark implemented",
        ),
        Transition(
            "close", Status.RESPONDED, Status.CLOSED, "scrutiny.change_scrutinyrecommendation",
            label="Close",
        ),
        noun="recommendation",
        refusal=_refusal,
    )  # fmt: skip

    record_kind = FOLLOW_UP
    parent_field = "committee"

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="scrutiny_recommendations"
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        related_name="scrutiny_recommendations",
        help_text="The meeting that agreed the recommendation.",
    )
    reference = models.CharField(
        max_length=40, blank=True, help_text="The committee's own reference, e.g. ESC/2012/1."
    )
    text = models.TextField(help_text="The recommendation as the committee agreed it.")
    report_recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="paper's recommendation",
        help_text="The recommendation of the paper it arose from, if any.",
    )
    minute_reference = models.CharField(
        max_length=60, blank=True, help_text="Where the minutes record it, e.g. Minute 5."
    )
    addressed_to = models.CharField(
        max_length=200, default="Cabinet", help_text="Cabinet, a Cabinet member, or an officer."
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.AGREED)
    sent_on = models.DateField(null=True, blank=True, editable=False)
    response_due = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="Two months after it was sent (Localism Act 2011, s.9FE).",
    )
    response = models.CharField(max_length=10, choices=Response.choices, blank=True)
    response_reasons = models.TextField(
        "reasons", blank=True, help_text="The executive's reasons, as its response gives them."
    )
    responded_on = models.DateField(null=True, blank=True)
    outcome_note = models.TextField(
        blank=True, help_text="How it was implemented, or why it was closed."
    )
    illustrative = illustrative_field()
    due_announced_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When followers were told the response fell due (told once).",
    )

    objects = RecommendationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-meeting__date", "reference", "pk"]
        verbose_name = "scrutiny recommendation"

    def __str__(self) -> str:
        label = self.reference or f"Recommendation {self.pk or ''}".strip()
        return f"{label}: {self.text[:70]}"

    def get_absolute_url(self) -> str:
        return reverse("scrutiny:recommendation", args=[self.pk])

    @classmethod
    def response_late_q(cls, on: dt.date) -> Q:
        """Sent and unanswered past the two-month date (``deadlines``' rule as a filter)."""
        return deadlines.late_q("response_due", on, Q(status=cls.Status.SENT))

    def response_days_late(self, on: dt.date) -> int:
        return deadlines.days_late(
            self.response_due, on, outstanding=self.status == self.Status.SENT
        )

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.meeting_id and self.committee_id and self.meeting.committee_id != self.committee_id:
            errors["meeting"] = "Choose a meeting of this committee."
        if self.committee_id and self.committee.kind not in (
            Committee.Kind.SCRUTINY,
            Committee.Kind.SELECT,
            Committee.Kind.PAC,
        ):
            errors["committee"] = (
                "Only an overview and scrutiny, select or policy and accountability committee "
                "makes recommendations to the executive."
            )
        rec = self.report_recommendation
        if rec is not None and self.meeting_id and rec.report.meeting_id != self.meeting_id:
            errors["report_recommendation"] = (
                "Choose a recommendation of a paper presented to this meeting."
            )
        if errors:
            raise ValidationError(errors)

    # Lifecycle steps -------------------------------------------------------------------

    def send(self, user, on: dt.date | None = None) -> None:
        """Send it to the executive on ``on`` (today by default); the response falls due two
        months later."""
        self.lifecycle.check_status(self, "send")
        self.sent_on = on or timezone.localdate()
        self.response_due = response_due(self.sent_on)
        self.lifecycle.enter(self, "send", user)

    def respond(self, user, response: str, reasons: str, on: dt.date | None = None) -> None:
        """Record the executive's response: accepted, partly accepted or rejected, with its
        reasons (a rejection or partial acceptance without reasons is refused)."""
        self.lifecycle.check_status(self, "respond")
        if response not in self.Response.values:
            raise TransitionError(
                "Choose whether the executive accepted, partly accepted or rejected it."
            )
        if response != self.Response.ACCEPTED and not reasons.strip():
            raise TransitionError("Give the executive's reasons for not accepting it in full.")
        on = on or timezone.localdate()
        if self.sent_on and on < self.sent_on:
            raise TransitionError("The response cannot come before the recommendation was sent.")
        self.response, self.response_reasons, self.responded_on = response, reasons, on
        self.lifecycle.enter(self, "respond", user)

    def implement(self, user, note: str = "") -> None:
        """Mark it implemented: only one the executive accepted, in full or in part."""
        self.lifecycle.check_status(self, "implement")
        if self.response == self.Response.REJECTED:
            raise TransitionError("A rejected recommendation is closed, not implemented.")
        if note:
            self.outcome_note = note
        self.lifecycle.enter(self, "implement", user)

    def close(self, user, note: str = "") -> None:
        """Close it without implementation (rejected, overtaken by events), saying why."""
        self.lifecycle.check_status(self, "close")
        if not (note or self.outcome_note).strip():
            raise TransitionError("Say why the recommendation is closed.")
        if note:
            self.outcome_note = note
        self.lifecycle.enter(self, "close", user)

    def status_history(self) -> list:
        """Each named step taken, oldest first: the history rows a step wrote (who, when,
        from which status to which)."""
        rows = self.history.filter(status__isnull=False).order_by("history_date")
        steps = []
        previous = None
        for row in rows.select_related("history_user"):
            if row.status != previous:
                steps.append(row)
            previous = row.status
        return steps


class RecommendationAction(OwnedThroughParent):
    """An action the executive agreed in its response, with its owner and due date."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    lifecycle = Lifecycle(
        Transition(
            "complete", Status.OPEN, Status.DONE, "scrutiny.change_recommendationaction",
            label="Mark done",
        ),
        Transition(
            "drop", Status.OPEN, Status.DROPPED, "scrutiny.change_recommendationaction",
            label="Drop",
        ),
        noun="action",
        refusal=_refusal,
    )  # fmt: skip

    record_kind = FOLLOW_UP
    parent_field = "recommendation"

    recommendation = models.ForeignKey(
        ScrutinyRecommendation, on_delete=models.CASCADE, related_name="actions"
    )
    description = models.TextField()
    owner = models.CharField(max_length=200, help_text="Who is responsible: name and post.")
    due = models.DateField("due date")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    completed_on = models.DateField(null=True, blank=True)
    illustrative = illustrative_field()

    objects = RestrictedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["due", "pk"]

    def __str__(self) -> str:
        return self.description[:80]

    @classmethod
    def action_late_q(cls, on: dt.date) -> Q:
        """Open past its due date (``deadlines``' rule as a filter)."""
        return deadlines.late_q("due", on, Q(status=cls.Status.OPEN))

    def days_late(self, on: dt.date) -> int:
        return deadlines.days_late(self.due, on, outstanding=self.status == self.Status.OPEN)

    def complete(self, user, on: dt.date | None = None) -> None:
        self.lifecycle.check_status(self, "complete")
        self.completed_on = on or timezone.localdate()
        self.lifecycle.enter(self, "complete", user)

    def drop(self, user) -> None:
        self.lifecycle.enter(self, "drop", user)


class RecommendationReview(OwnedThroughParent):
    """A later meeting's review of a recommendation's progress."""

    record_kind = FOLLOW_UP
    parent_field = "recommendation"

    recommendation = models.ForeignKey(
        ScrutinyRecommendation, on_delete=models.CASCADE, related_name="reviews"
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="recommendation_reviews"
    )
    note = models.TextField(help_text="What the meeting heard and concluded.")
    illustrative = illustrative_field()

    objects = RestrictedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting__date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "meeting"], name="reviewed_once_per_meeting"
            )
        ]

    def __str__(self) -> str:
        return f"Review at {self.meeting}"

    def clean(self) -> None:
        super().clean()
        if (
            self.meeting_id
            and self.recommendation_id
            and self.meeting.date <= self.recommendation.meeting.date
        ):
            raise ValidationError(
                {"meeting": "A review is at a later meeting than the one that made it."}
            )
