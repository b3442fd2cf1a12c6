"""People named in committee papers (councillors and officers), posts and appointments."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from childrens_services.models import VersionedModel
from governance.models.authorities import Authority, Division, Partnership


class Person(VersionedModel):
    """A councillor or officer who appears in the papers (not necessarily a system user)."""

    class Kind(models.TextChoices):
        COUNCILLOR = "councillor", "Councillor"
        OFFICER = "officer", "Officer"
        OTHER = "other", "Other"

    record_kind = "reference"

    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, null=True, blank=True, related_name="people"
    )
    email = models.EmailField(blank=True)
    telephone = models.CharField(max_length=40, blank=True)
    notes = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(fields=["name", "authority"], name="person_name_per_authority")
        ]

    def __str__(self) -> str:
        prefix = "Cllr " if self.kind == self.Kind.COUNCILLOR else ""
        return f"{prefix}{self.name}"

    @classmethod
    def owned_by_q(cls, authority_ids: list[int]) -> Q:
        return Q(authority__in=authority_ids)


class Post(VersionedModel):
    """A job or office: "Tri-borough Director of Children's Services", "Lead Member"."""

    record_kind = "reference"

    title = models.CharField(max_length=160)
    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, null=True, blank=True, related_name="posts"
    )
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, null=True, blank=True, related_name="posts"
    )
    division = models.ForeignKey(
        Division, on_delete=models.SET_NULL, null=True, blank=True, related_name="posts"
    )
    statutory = models.BooleanField(
        default=False, help_text="A statutory appointment, such as the DCS."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["title", "authority", "partnership"], name="post_title_per_owner"
            )
        ]

    def __str__(self) -> str:
        owner = self.partnership or self.authority
        return f"{self.title} ({owner.short_name})" if owner else self.title

    @classmethod
    def owned_by_q(cls, authority_ids: list[int]) -> Q:
        return Q(authority__in=authority_ids) | Q(partnership__lead_authority__in=authority_ids)


class Appointment(VersionedModel):
    """A person holding a post over a period, at a scope.

    The same post can change scope over time ("bi-borough from 26 May 2011, tri-borough from
    1 Jan 2012"): that is two appointments, the first ending the day before the second begins.
    """

    class Scope(models.TextChoices):
        BOROUGH = "borough", "Single borough"
        BI_BOROUGH = "bi", "Bi-borough"
        TRI_BOROUGH = "tri", "Tri-borough"

    record_kind = "reference"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="appointments")
    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="appointments")
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.BOROUGH)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    interim = models.BooleanField(default=False)
    notes = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["post__title", "start_date"]

    def __str__(self) -> str:
        return f"{self.person} — {self.post.title} ({self.get_scope_display()})"

    def clean(self) -> None:
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "An appointment cannot end before it starts."})

    @classmethod
    def owned_by_q(cls, authority_ids: list[int]) -> Q:
        return Q(post__authority__in=authority_ids) | Q(
            post__partnership__lead_authority__in=authority_ids
        )
