"""Who attended a meeting, and the interests members declared on its items.

Clerks record both for the minutes: attendance (present, apologies, absent, a substitute
attending for a member) and each declaration of interest against the agenda item it concerns,
with its kind (a disclosable pecuniary interest, which bars the member from the item under the
Localism Act 2011 s.31, or another registrable or non-registrable interest) and what the
member did. Both are committee business of the meeting's committee.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from childrens_services.models import OwnedThroughParent, illustrative_field
from governance.models.committees import AgendaItem, Meeting
from governance.models.people import Person


class Attendance(OwnedThroughParent):
    """One person's attendance at one meeting, as the minutes record it."""

    class Kind(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        ABSENT = "absent", "Absent"
        SUBSTITUTE = "substitute", "Substitute"
        IN_ATTENDANCE = "in_attendance", "In attendance (not a member)"

    record_kind = "committee"
    parent_field = "meeting"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=14, choices=Kind.choices, default=Kind.PRESENT)
    substitute_for = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="For a substitute: the member they attended for.",
    )
    capacity = models.CharField(
        max_length=200,
        blank=True,
        help_text="e.g. Chair, Cabinet Member, Director of Children's Services",
    )
    illustrative = illustrative_field()

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "kind", "person__name"]
        verbose_name_plural = "attendance"
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="attends_once")]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_kind_display().lower()}"

    def clean(self) -> None:
        super().clean()
        if self.kind == self.Kind.SUBSTITUTE and self.substitute_for_id is None:
            raise ValidationError(
                {"substitute_for": "Name the member this substitute attended for."}
            )
        if self.kind != self.Kind.SUBSTITUTE and self.substitute_for_id is not None:
            raise ValidationError(
                {"substitute_for": "Only a substitute attends for another member; clear this."}
            )
        if self.substitute_for_id is not None and self.substitute_for_id == self.person_id:
            raise ValidationError({"substitute_for": "A member cannot substitute for themself."})


class InterestDeclaration(OwnedThroughParent):
    """An interest a member declared on one agenda item of a meeting."""

    class Kind(models.TextChoices):
        PECUNIARY = "pecuniary", "Disclosable pecuniary interest"
        OTHER_REGISTRABLE = "registrable", "Other registrable interest"
        NON_REGISTRABLE = "non_registrable", "Non-registrable interest"

    class Action(models.TextChoices):
        LEFT = "left", "Left the meeting for the item"
        NO_PART = "no_part", "Stayed but took no part"
        SPOKE_NO_VOTE = "spoke", "Spoke but did not vote"
        TOOK_PART = "took_part", "Took part (interest not prejudicial)"
        DISPENSATION = "dispensation", "Took part under a dispensation"

    record_kind = "committee"
    parent_field = "meeting"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="declarations")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="declarations"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    nature = models.TextField(help_text="The interest, as the member declared it.")
    action = models.CharField("what the member did", max_length=12, choices=Action.choices)
    illustrative = illustrative_field()

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "agenda_item__number", "person__name"]

    def __str__(self) -> str:
        return f"{self.person}, item {self.agenda_item.number}: {self.get_kind_display().lower()}"

    def clean(self) -> None:
        super().clean()
        errors = {}
        if (
            self.agenda_item_id
            and self.meeting_id
            and self.agenda_item.meeting_id != self.meeting_id
        ):
            errors["agenda_item"] = "Choose an item of this meeting's agenda."
        if self.kind == self.Kind.PECUNIARY and self.action in (
            self.Action.TOOK_PART,
            self.Action.SPOKE_NO_VOTE,
        ):
            errors["action"] = (
                "A member with a disclosable pecuniary interest may not take part in the item "
                "(Localism Act 2011 s.31) unless given a dispensation: record that instead."
            )
        if errors:
            raise ValidationError(errors)
