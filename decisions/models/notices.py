"""Decision notices and call-in: what was decided, and whether it may yet be acted on.

A decision notice records an executive decision (what, why, the alternatives rejected, the
conflicts declared and dispensations given) and is published. Publishing opens the call-in
window: a set number of working days (five unless the constitution says otherwise; weekends
and bank holidays of England and Wales skipped, ``childrens_services.calendar_days``) in which
scrutiny members may call the decision in. The decision may be implemented only once the window
has closed uncalled, or once a call-in has been resolved with the decision standing
(``implementable``). A published notice is frozen; the call-in steps are its lifecycle.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from childrens_services import calendar_days, formatting
from childrens_services.events import announce
from childrens_services.lifecycle import Lifecycle, Transition, TransitionError
from childrens_services.models import AuthorityOwned, PrivateByRule, illustrative_field
from decisions.models.forward_plan import (
    EXEMPTION_HELP,
    Classification,
    DecisionMaker,
    ForwardPlanEntry,
    authority_problems,
)
from governance.models import Committee, Meeting


def _refusal(notice: DecisionNotice, step: Transition) -> str:
    if step.name == "call_in":
        return "Only scrutiny members may call a decision in."
    return f"Only the clerks of the decision's authority may {step.verb} it."


class DecisionNotice(PrivateByRule, AuthorityOwned):
    """One executive decision as its notice records it.

    Lifecycle: draft -> published -> called in -> call-in resolved. A published notice cannot
    be edited; a call-in and its resolution are recorded as steps.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        CALLED_IN = "called_in", "Called in"
        RESOLVED = "resolved", "Call-in resolved"

    class Outcome(models.TextChoices):
        STANDS = "stands", "No further action: the decision stands"
        REFERRED_BACK = "referred_back", "Referred back to the decision maker"
        REFERRED_TO_COUNCIL = "referred_to_council", "Referred to full Council"

    lifecycle = Lifecycle(
        Transition(
            "publish", Status.DRAFT, Status.PUBLISHED, "decisions.change_decisionnotice",
            label="Publish the decision notice",
        ),
        Transition(
            "call_in", Status.PUBLISHED, Status.CALLED_IN, "decisions.call_in_decisionnotice",
            label="Call in this decision", done="called in",
        ),
        Transition(
            "resolve_call_in", Status.CALLED_IN, Status.RESOLVED,
            "decisions.resolve_call_in_decisionnotice", label="Record the call-in's outcome",
            done="resolved",
        ),
        noun="decision",
        refusal=_refusal,
    )  # fmt: skip

    record_kind = "committee"

    authority = models.ForeignKey(
        "governance.Authority", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=300)
    forward_plan_entry = models.ForeignKey(
        ForwardPlanEntry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        help_text="For a key decision: its entry on the forward plan.",
    )
    key_decision = models.BooleanField(default=False)
    decision_maker_kind = models.CharField(
        "decision maker", max_length=16, choices=DecisionMaker.choices
    )
    decision_maker = models.CharField("decision maker's title", max_length=200)
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The meeting it was taken at, if any.",
    )
    decided_on = models.DateField("date of decision")
    decision = models.TextField("what was decided")
    reasons = models.TextField("reasons for the decision")
    alternatives_rejected = models.TextField("alternative options considered and rejected")
    conflicts_declared = models.TextField(
        "conflicts of interest declared",
        blank=True,
        help_text="By any member consulted or the decision maker; blank if none.",
    )
    dispensations = models.TextField(
        "dispensations granted", blank=True, help_text="Blank if none."
    )
    classification = models.CharField(
        max_length=10, choices=Classification.choices, default=Classification.OPEN
    )
    exemption_paragraph = models.CharField(max_length=300, blank=True, help_text=EXEMPTION_HELP)
    call_in_working_days = models.PositiveSmallIntegerField(
        "call-in period (working days)",
        default=calendar_days.CALL_IN_WORKING_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text="As the constitution sets it; weekends and bank holidays are not counted.",
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    published_on = models.DateField(null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    call_in_closes = models.DateField(
        "call-in period ends",
        null=True,
        blank=True,
        editable=False,
        help_text="The last working day a scrutiny member may call the decision in.",
    )
    illustrative = illustrative_field()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_on", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("decisions:decision", args=[self.pk])

    @classmethod
    def private_q(cls) -> Q:
        """A draft notice is seen only by its authority's clerks and officers."""
        return Q(status=cls.Status.DRAFT)

    def frozen_reason(self) -> str | None:
        if self.status != self.Status.DRAFT and not getattr(self, "_stepping", False):
            return (
                f"This decision notice was published on {formatting.day(self.published_on)} "
                "and can no longer be edited."
            )
        return None

    @classmethod
    def frozen_q(cls) -> Q:
        return ~Q(status=cls.Status.DRAFT)

    @property
    def is_exempt(self) -> bool:
        return self.classification == Classification.EXEMPT

    def call_in_open(self, today: dt.date | None = None) -> bool:
        """Whether the call-in window is open on ``today``."""
        today = today or timezone.localdate()
        return (
            self.status == self.Status.PUBLISHED
            and self.call_in_closes is not None
            and today <= self.call_in_closes
        )

    def implementable(self, today: dt.date | None = None) -> bool:
        """Whether the decision may be acted on: the window closed uncalled, or the call-in
        was resolved with the decision standing."""
        today = today or timezone.localdate()
        if self.status == self.Status.PUBLISHED:
            return self.call_in_closes is not None and today > self.call_in_closes
        if self.status == self.Status.RESOLVED:
            call_in = self.call_ins.order_by("-called_at").first()
            return call_in is not None and call_in.outcome == self.Outcome.STANDS
        return False

    def call_in_status(self, today: dt.date | None = None) -> str:
        """The decision's standing as a sentence for its page."""
        today = today or timezone.localdate()
        if self.status == self.Status.DRAFT:
            return "Not yet published."
        if self.status == self.Status.CALLED_IN:
            return "Called in: it may not be implemented until the call-in is resolved."
        if self.status == self.Status.RESOLVED:
            call_in = self.call_ins.order_by("-called_at").first()
            outcome = call_in.get_outcome_display() if call_in else ""
            if self.implementable(today):
                return f"Call-in resolved ({outcome.lower()}): it may be implemented."
            return f"Call-in resolved ({outcome.lower()}): it may not be implemented as taken."
        closes = formatting.day(self.call_in_closes)
        if self.call_in_open(today):
            return f"Open to call-in until the end of {closes}; it may not be implemented yet."
        return f"Not called in by {closes}: it may be implemented."

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.is_exempt and not self.exemption_paragraph.strip():
            errors["exemption_paragraph"] = (
                "An exempt decision must name the paragraph of Schedule 12A that applies."
            )
        errors.update(
            authority_problems(
                self,
                committee=self.committee if self.committee_id else None,
                meeting=self.meeting.committee if self.meeting_id else None,
            )
        )
        entry = self.forward_plan_entry if self.forward_plan_entry_id else None
        if self.key_decision and entry is None:
            errors["forward_plan_entry"] = (
                "A key decision needs its forward plan entry (or its exception notice)."
            )
        if entry is not None:
            if entry.authority_id != self.authority_id:
                errors["forward_plan_entry"] = "Choose an entry of this authority's forward plan."
            elif entry.status != ForwardPlanEntry.Status.PUBLISHED:
                errors["forward_plan_entry"] = (
                    f"“{entry}” is not published on the forward plan, so the decision had no "
                    "notice."
                )
            elif self.decided_on is not None:
                notice = entry.notice()
                if notice is not None:
                    taken = calendar_days.notice_check(
                        notice.published, self.decided_on, notice.route
                    )
                    if not taken.sufficient:
                        errors["decided_on"] = taken.problem
        taken_elsewhere = (
            self.meeting_id and self.decided_on and self.meeting.date != self.decided_on
        )
        if taken_elsewhere and "meeting" not in errors:
            errors["decided_on"] = "A decision taken at a meeting is dated the meeting's day."
        if errors:
            raise ValidationError(errors)

    def about(self) -> list:
        """What a follower may have followed to hear of this decision."""
        about = [x for x in (self.committee, self.authority) if x is not None]
        return about + (["forward-plan"] if self.forward_plan_entry_id else [])

    def _step(self, name: str, user) -> None:
        self._stepping = True
        try:
            self.lifecycle.enter(self, name, user)
        finally:
            self._stepping = False

    def publish(self, user, on: dt.date | None = None) -> None:
        """Publish the notice (``on``: the day, today by default) and open the call-in window."""
        self.lifecycle.check_status(self, "publish")
        self.full_clean()
        self.published_on = on or timezone.localdate()
        self.published_by = user
        self.call_in_closes = calendar_days.call_in_closes(
            self.published_on, self.call_in_working_days
        )
        self._step("publish", user)
        announce("decision.published", self, about=self.about())

    def call_in(self, user, members: str, reasons: str, today: dt.date | None = None) -> CallIn:
        """Call the decision in, by the scrutiny members named, for the reasons given; refused
        once the window has closed, or without reasons."""
        self.lifecycle.check_status(self, "call_in")
        today = today or timezone.localdate()
        if not self.call_in_open(today):
            raise TransitionError(
                f"The call-in period for “{self}” ended on {formatting.day(self.call_in_closes)}."
            )
        call_in = CallIn(
            decision=self, called_by=user, members=members.strip(), reasons=reasons.strip()
        )
        call_in.full_clean(exclude=["decision"])
        with transaction.atomic():
            self._step("call_in", user)
            call_in._history_user = user
            call_in.save()
        announce("decision.called_in", self, about=self.about())
        return call_in

    def resolve_call_in(self, user, outcome: str, note: str = "", on: dt.date | None = None):
        """Record what scrutiny resolved on the call-in: the decision stands, or is referred."""
        self.lifecycle.check_status(self, "resolve_call_in")
        call_in = self.call_ins.order_by("-called_at").first()
        if outcome not in self.Outcome.values:
            raise TransitionError(f"“{outcome}” is not an outcome of a call-in.")
        call_in.outcome = outcome
        call_in.outcome_note = note.strip()
        call_in.resolved_on = on or timezone.localdate()
        call_in._history_user = user
        with transaction.atomic():
            call_in.save()
            self._step("resolve_call_in", user)


class CallIn(PrivateByRule, AuthorityOwned):
    """Scrutiny members' call-in of a published decision, and what scrutiny resolved."""

    record_kind = "committee"
    authority_path = "decision__authority"

    decision = models.ForeignKey(DecisionNotice, on_delete=models.CASCADE, related_name="call_ins")
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    called_at = models.DateTimeField(default=timezone.now)
    members = models.CharField(
        "members calling it in",
        max_length=300,
        help_text="The scrutiny members who call the decision in, as the constitution requires.",
    )
    reasons = models.TextField("reasons for the call-in")
    outcome = models.CharField(max_length=24, choices=DecisionNotice.Outcome.choices, blank=True)
    outcome_note = models.TextField("what scrutiny resolved", blank=True)
    resolved_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "call-in"
        ordering = ["-called_at"]

    def __str__(self) -> str:
        return f"Call-in of {self.decision}"

    @classmethod
    def private_q(cls) -> Q:
        """A call-in of a draft decision is as private as the decision."""
        return Q(decision__status=DecisionNotice.Status.DRAFT)

    def clean(self) -> None:
        super().clean()
        if not self.members.strip():
            raise ValidationError({"members": "Name the members calling the decision in."})
        if not self.reasons.strip():
            raise ValidationError({"reasons": "Give the reasons for the call-in."})
