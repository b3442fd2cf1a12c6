"""What a system user may do: their role and the authorities they work for."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from childrens_services.permissions import ROLE_CHOICES
from governance.models.authorities import Authority
from governance.models.people import Person


class UserProfile(models.Model):
    """A user's role and authorities: the facts every permission rule reads.

    Officers and clerks act only for the authorities listed here; scrutiny members read across
    all of them; administrators need none.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    role = models.CharField(max_length=20, choices=ROLE_CHOICES)
    authorities = models.ManyToManyField(Authority, blank=True, related_name="user_profiles")
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The person in the papers this user is, if any.",
    )

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"
