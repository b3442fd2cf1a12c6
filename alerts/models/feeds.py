"""A person's feed key: part of their feed addresses, changed to revoke the old ones."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


def new_key() -> str:
    return secrets.token_urlsafe(12)


class FeedKey(models.Model):
    """Signed into the person's feed addresses (``alerts.tokens.feed_token``): a feed address
    copied somewhere it should not be stops working when the person asks for new ones, and no
    other person's addresses change."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_key"
    )
    key = models.CharField(max_length=32, default=new_key)
    changed_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Feed key of {self.user}"

    @classmethod
    def of(cls, user) -> FeedKey:
        return cls.objects.get_or_create(user=user)[0]

    def renew(self) -> None:
        self.key = new_key()
        self._change_reason = "Feed addresses renewed"
        self.save()
