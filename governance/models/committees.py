"""Committees, their members, meetings and agenda items: the clerks' records."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from childrens_services import calendar_days
from childrens_services.models import AuthorityOrPartnershipOwned, OwnedThroughParent
from governance.models.authorities import Authority
from governance.models.people import Person


class Committee(AuthorityOrPartnershipOwned):
    """A council committee or a partnership's member group that receives papers."""

    class Kind(models.TextChoices):
        SCRUTINY = "scrutiny", "Overview and scrutiny committee or panel"
        SELECT = "select", "Select committee"
        PAC = "pac", "Policy and accountability committee"
        CABINET = "cabinet", "Cabinet"
        STEERING = "steering", "Member steering group"
        OTHER = "other", "Other"

    record_kind = "committee"

    name = models.CharField(max_length=160)
    short_name = models.CharField(max_length=30, blank=True, help_text="e.g. CEPAC.")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    remit = models.TextField(blank=True)
    members = models.ManyToManyField(Person, through="CommitteeMembership", related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "authority", "partnership"], name="committee_name_per_owner"
            )
        ]

    def __str__(self) -> str:
        owner = self.owner
        return f"{self.name} ({owner.short_name})" if owner else self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("reports:committee", args=[self.pk])

    def authorities(self) -> list[Authority]:
        """The authorities whose business this is: its own, or each member of its partnership
        (a Tri-borough committee's paper is news to each of the three boroughs)."""
        if self.authority_id is not None:
            return [self.authority]
        return list(self.partnership.members.all()) if self.partnership_id else []


class CommitteeMembership(OwnedThroughParent):
    """A person's seat on a committee, and which authority they represent on a joint body."""

    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice-chair"
        MEMBER = "member", "Member"
        ATTENDING_OFFICER = "officer", "Attending officer"

    record_kind = "committee"
    parent_field = "committee"

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="seats")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="seats")
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.MEMBER)
    representing = models.ForeignKey(
        Authority, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["committee__name", "role", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "person"], name="one_seat_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()}, {self.committee.name})"


class Meeting(OwnedThroughParent):
    """One meeting of a committee on a date."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    record_kind = "committee"
    parent_field = "committee"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField()
    start_time = models.TimeField(null=True, blank=True)
    venue = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    agenda_published_on = models.DateField(
        "agenda published on",
        null=True,
        blank=True,
        help_text="The day the agenda and open papers were published: at least five clear days "
        "before the meeting (Local Government Act 1972 s.100B). Blank until published.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "date"], name="one_meeting_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.committee.name}, {self.date:%-d %B %Y}"

    @property
    def agenda_due_by(self) -> dt.date:
        """The last day the agenda may be published and give five clear days' notice."""
        return calendar_days.latest_publication(self.date, calendar_days.AGENDA_CLEAR_DAYS)

    def agenda_notice(self) -> calendar_days.NoticeCheck | None:
        """The agenda's notice of the meeting, or ``None`` while it is unpublished."""
        if self.agenda_published_on is None or self.date is None:
            return None
        return calendar_days.agenda_check(self.agenda_published_on, self.date)

    def clean(self) -> None:
        """A late agenda makes every item late: each needs the chair's reason for urgency."""
        super().clean()
        notice = self.agenda_notice()
        if notice is None or notice.sufficient or self.pk is None:
            return
        unexplained = [
            str(item) for item in self.agenda_items.all() if not item.urgency_reason.strip()
        ]
        if unexplained:
            raise ValidationError(
                {
                    "agenda_published_on": f"{notice.problem} Record the chair's reason for "
                    f"urgency on each item first: {'; '.join(unexplained)}."
                }
            )


class AgendaItem(OwnedThroughParent):
    """A numbered item on a meeting's agenda; a committee report is presented under one."""

    record_kind = "committee"
    parent_field = "meeting"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    number = models.PositiveSmallIntegerField(help_text="Its place in the agenda: 1, 2, 3...")
    title = models.CharField(max_length=300)
    published_on = models.DateField(
        "papers published on",
        null=True,
        blank=True,
        help_text="For an item added after the agenda: the day its papers were published. "
        "Blank when they were published with the agenda.",
    )
    urgency_reason = models.TextField(
        "chair's reason for urgency",
        blank=True,
        help_text="For a late item (papers published less than five clear days before the "
        "meeting): why the chair agreed it is urgent (s.100B(4)), as the minutes record it.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="agenda_number_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def notice(self) -> calendar_days.NoticeCheck | None:
        """The item's papers' notice of the meeting: from their own publication day, else the
        agenda's; ``None`` while neither is published."""
        published = self.published_on or self.meeting.agenda_published_on
        if published is None:
            return None
        return calendar_days.agenda_check(published, self.meeting.date)

    @property
    def is_late(self) -> bool:
        notice = self.notice() if self.meeting_id else None
        return notice is not None and not notice.sufficient

    def clean(self) -> None:
        """A late item is considered only with the chair's reason for urgency recorded."""
        super().clean()
        if not self.meeting_id:
            return
        notice = self.notice()
        if notice is not None and not notice.sufficient and not self.urgency_reason.strip():
            field = "published_on" if self.published_on else "urgency_reason"
            raise ValidationError({field: f"{notice.problem}"})
