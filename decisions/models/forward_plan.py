"""The forward plan of key decisions: what the executive will decide, when, and on what paper.

A key decision may be taken only when the public had notice of it: 28 clear days on the
forward plan (Executive Arrangements Regulations 2012, reg. 9), or, when that cannot be met,
a general exception notice five clear days before (reg. 10, the scrutiny chair informed) or a
special urgency notice (reg. 11, the scrutiny chair agreeing). The day arithmetic is
``childrens_services.calendar_days``; the rule as the clerk meets it is here: a draft entry
warns once the 28 days can no longer be met (``notice_warning``), and an entry published too
late, or a decision date moved too soon, is refused unless an exception is recorded.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from childrens_services import calendar_days, formatting
from childrens_services.calendar_days import NoticeRoute
from childrens_services.events import announce
from childrens_services.lifecycle import Lifecycle, Transition
from childrens_services.models import AuthorityOwned, PrivateByRule, illustrative_field
from governance.models import Committee, CommitteeReport


class DecisionMaker(models.TextChoices):
    """Who takes an executive decision."""

    CABINET = "cabinet", "Cabinet"
    CABINET_MEMBER = "cabinet_member", "A Cabinet member"
    OFFICER = "officer", "An officer under delegated powers"


class Classification(models.TextChoices):
    OPEN = "open", "Open"
    EXEMPT = "exempt", "Exempt"


EXEMPTION_HELP = (
    "For an exempt item: the paragraph of Schedule 12A to the Local Government Act 1972 that "
    "applies, e.g. 'Paragraph 3 (financial or business affairs)'."
)


def authority_problems(record, **committees: Committee | None) -> dict[str, str]:
    """A decision's committee, meeting or report must be its own authority's: each field whose
    committee belongs to another authority, with the sentence saying so."""
    authority_id = record.authority_id
    problems = {}
    for field, committee in committees.items():
        if committee is None or authority_id is None:
            continue
        partnership = committee.partnership
        owners = {committee.authority_id} if committee.authority_id else set()
        if partnership is not None:
            owners |= partnership.member_ids()
        if authority_id not in owners:
            noun = record._meta.get_field(field).verbose_name
            problems[field] = f"Choose a {noun} of this authority."
    return problems


def _refusal(entry: ForwardPlanEntry, step: Transition) -> str:
    return f"Only the clerks of the entry's authority may {step.verb} it."


class ForwardPlanEntry(PrivateByRule, AuthorityOwned):
    """One key decision on an authority's forward plan, with how notice of it was given.

    Lifecycle: draft -> published -> withdrawn. A published entry may still change (a new
    decision date, the report named); each change is announced and checked again.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Route(models.TextChoices):
        """The routes of ``calendar_days.NoticeRoute``, in the clerk's words."""

        FORWARD_PLAN = NoticeRoute.FORWARD_PLAN.value, "28 clear days on the forward plan"
        GENERAL_EXCEPTION = NoticeRoute.GENERAL_EXCEPTION.value, "General exception (reg. 10)"
        SPECIAL_URGENCY = NoticeRoute.SPECIAL_URGENCY.value, "Special urgency (reg. 11)"

    lifecycle = Lifecycle(
        Transition(
            "publish", Status.DRAFT, Status.PUBLISHED, "decisions.change_forwardplanentry",
            label="Publish on the forward plan",
        ),
        Transition(
            "withdraw", Status.PUBLISHED, Status.WITHDRAWN, "decisions.change_forwardplanentry",
            label="Withdraw from the forward plan",
        ),
        noun="forward plan entry",
        refusal=_refusal,
    )  # fmt: skip

    record_kind = "committee"

    authority = models.ForeignKey(
        "governance.Authority", on_delete=models.PROTECT, related_name="+"
    )
    reference = models.CharField(
        max_length=60, help_text="The key decision's reference in the forward plan, e.g. KD1234."
    )
    subject = models.CharField(max_length=300, help_text="The matter to be decided.")
    summary = models.TextField(blank=True)
    decision_maker_kind = models.CharField(
        "decision maker", max_length=16, choices=DecisionMaker.choices
    )
    decision_maker = models.CharField(
        "decision maker's title",
        max_length=200,
        help_text="As the plan prints it: 'Cabinet', 'Cabinet Member for Children's Services', "
        "'Director of Children's Services'.",
    )
    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The Cabinet, when it decides; blank for a Cabinet member or an officer.",
    )
    wards = models.CharField("wards affected", max_length=200, blank=True)
    decision_date = models.DateField(help_text="The date the decision will be taken.")
    report = models.ForeignKey(
        CommitteeReport,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The report the decision maker will consider, once it is written.",
    )
    documents = models.TextField(
        "documents to be considered", blank=True, help_text="The report and any other papers."
    )
    contact_name = models.CharField("contact officer", max_length=120, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_telephone = models.CharField(max_length=40, blank=True)
    classification = models.CharField(
        max_length=10, choices=Classification.choices, default=Classification.OPEN
    )
    exemption_paragraph = models.CharField(max_length=300, blank=True, help_text=EXEMPTION_HELP)
    notice_route = models.CharField(
        "how notice is given", max_length=20, choices=Route.choices, default=Route.FORWARD_PLAN
    )
    exception_notice_published_on = models.DateField(
        "exception notice published on",
        null=True,
        blank=True,
        help_text="For a general exception or special urgency: the day the notice was "
        "published (a general exception needs five clear days before the decision).",
    )
    exception_reason = models.TextField(
        "why the 28 days cannot be met",
        blank=True,
        help_text="As the general exception or special urgency notice gives it.",
    )
    scrutiny_chair = models.CharField(
        "scrutiny chair",
        max_length=200,
        blank=True,
        help_text="The chair of the overview and scrutiny committee informed (general "
        "exception) or agreeing the decision is urgent (special urgency).",
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    published_on = models.DateField(
        "first published on",
        null=True,
        blank=True,
        editable=False,
        help_text="The day the entry first appeared on the forward plan.",
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    illustrative = illustrative_field()

    history = HistoricalRecords()

    class Meta:
        verbose_name = "forward plan entry"
        verbose_name_plural = "forward plan entries"
        ordering = ["decision_date", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "reference"], name="forward_plan_reference_per_authority"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("decisions:forward_plan_entry", args=[self.pk])

    @classmethod
    def private_q(cls) -> Q:
        """A draft entry is seen only by its authority's clerks and officers."""
        return Q(status=cls.Status.DRAFT)

    @property
    def is_exempt(self) -> bool:
        return self.classification == Classification.EXEMPT

    @property
    def by_exception(self) -> bool:
        return self.notice_route != NoticeRoute.FORWARD_PLAN

    def notice(self, published: dt.date | None = None) -> calendar_days.NoticeCheck | None:
        """The notice this entry gives of its decision: by the forward plan from the day it was
        (or would be, ``published``) first published, or by its exception notice."""
        if self.decision_date is None:
            return None
        if self.by_exception:
            if self.exception_notice_published_on is None:
                return None
            return calendar_days.notice_check(
                self.exception_notice_published_on, self.decision_date, self.notice_route
            )
        published = self.published_on or published
        if published is None:
            return None
        return calendar_days.notice_check(published, self.decision_date, self.notice_route)

    @property
    def publish_by(self) -> dt.date | None:
        """The last day the entry may be published and give 28 clear days' notice."""
        if self.decision_date is None:
            return None
        return calendar_days.latest_publication(
            self.decision_date, calendar_days.FORWARD_PLAN_CLEAR_DAYS
        )

    def notice_warning(self, today: dt.date | None = None) -> str:
        """For a draft: that publishing today would give too little notice ("" otherwise). It
        warns before ``clean`` refuses: the clerk can still record an exception."""
        if self.status != self.Status.DRAFT or self.by_exception or self.decision_date is None:
            return ""
        today = today or timezone.localdate()
        notice = calendar_days.notice_check(today, self.decision_date, self.notice_route)
        if notice.sufficient:
            return ""
        return (
            f"Published today, this entry would give {notice.given} of the 28 clear days a key "
            f"decision needs (it had to be published by {formatting.day(notice.latest)}). "
            "Move the decision date, or record a general exception or special urgency notice "
            "before publishing."
        )

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.is_exempt and not self.exemption_paragraph.strip():
            errors["exemption_paragraph"] = (
                "An exempt item must name the paragraph of Schedule 12A that applies."
            )
        if self.decision_maker_kind == DecisionMaker.CABINET and self.committee_id is None:
            errors["committee"] = "Choose the Cabinet that takes the decision."
        errors.update(
            authority_problems(
                self,
                committee=self.committee if self.committee_id else None,
                report=self.report.meeting.committee if self.report_id else None,
            )
        )
        if self.report_id is not None and "report" not in errors:
            errors.update(self._report_problems())
        if self.by_exception:
            for name in ("exception_notice_published_on", "exception_reason", "scrutiny_chair"):
                if not getattr(self, name):
                    label = self._meta.get_field(name).verbose_name
                    errors[name] = f"A {self.get_notice_route_display()} needs the {label}."
        if not errors and self.status != self.Status.DRAFT:
            notice = self.notice()
            if notice is not None and not notice.sufficient:
                field = "exception_notice_published_on" if self.by_exception else "decision_date"
                errors[field] = notice.problem + (
                    ""
                    if self.by_exception
                    else " Record a general exception or special "
                    "urgency notice, or move the decision date."
                )
        if errors:
            raise ValidationError(errors)

    def _report_problems(self) -> dict[str, str]:
        report = self.report
        if report.key_decision is False:
            return {"report": f"“{report}” says it is not a key decision."}
        if report.forward_plan_reference and report.forward_plan_reference != self.reference:
            return {
                "report": f"“{report}” gives forward plan reference "
                f"{report.forward_plan_reference}, not {self.reference}."
            }
        return {}

    def about(self) -> list:
        """What a follower may have followed to hear of this entry."""
        return [x for x in (self.committee, self.authority) if x is not None] + ["forward-plan"]

    def save(self, *args, **kwargs) -> None:
        changed = not self._state.adding and self.status == self.Status.PUBLISHED
        super().save(*args, **kwargs)
        if changed and not getattr(self, "_stepping", False):
            announce("forward_plan.changed", self, about=self.about())

    def publish(self, user, on: dt.date | None = None) -> None:
        """Put the entry on the forward plan (``on``: the day it appeared, today by default);
        refused, every reason given, when the notice would be too short without an exception."""
        self.lifecycle.check_status(self, "publish")
        self.published_on = on or timezone.localdate()
        self.status = self.Status.PUBLISHED
        try:
            self.full_clean()
        finally:
            self.status = self.Status.DRAFT
        self.published_by = user
        self._stepping = True
        try:
            self.lifecycle.enter(self, "publish", user)
        finally:
            self._stepping = False
        announce("forward_plan.added", self, about=self.about())

    def withdraw(self, user) -> None:
        """Take the entry off the plan (the decision will not be taken as planned)."""
        self._stepping = True
        try:
            self.lifecycle.enter(self, "withdraw", user)
        finally:
            self._stepping = False
        announce("forward_plan.changed", self, about=self.about())
