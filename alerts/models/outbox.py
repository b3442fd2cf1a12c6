"""What happened (``Event``) and the outbox of who is told of it (``Delivery``).

One ``Delivery`` per (event, person), unique in the database: a worker that runs the same
event twice (a retry, two workers) finds the row there and sends nothing more. A row is
claimed (pending -> sending) by one conditional UPDATE before the e-mail goes, so two workers
cannot both send it; a worker that dies between claiming and sending leaves it "sending"
(at most once, never twice: a missed alert is better than a repeated one, and the admin lists
rows left sending).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from childrens_services.events import KINDS


class Event(models.Model):
    """One announced event (``childrens_services.events.announce``), kept so the worker, the
    digest and the Atom feed read the same record of it.

    ``about`` holds what a person may have followed to hear of it, as JSON: ``{"ct": <content
    type id>, "pk": <id>}`` for a record, ``{"topic": "forward-plan"}`` for a topic.
    """

    kind = models.CharField(max_length=40, choices=[(k, v) for k, v in KINDS.items()])
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    about = models.JSONField(default=list)
    happened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-happened_at", "-pk"]
        # The Atom feed reads the latest events of a few kinds.
        indexes = [models.Index(fields=["kind", "-happened_at"], name="events_by_kind")]

    def __str__(self) -> str:
        return f"{KINDS.get(self.kind, self.kind)}: {self.record}"

    @property
    def headline(self) -> str:
        return KINDS.get(self.kind, self.kind)


class Delivery(models.Model):
    """One person told (or to be told) of one event, through one of their subscriptions."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        WITHHELD = "withheld", "Withheld: the person may not read the record"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    subscription = models.ForeignKey(
        "alerts.Subscription", on_delete=models.CASCADE, related_name="deliveries"
    )
    digest = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    batch = models.UUIDField(null=True, blank=True, help_text="The digest run that claimed it.")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="one_alert_per_event_and_person")
        ]
        # The digest's question: pending digest rows, by subscription.
        indexes = [models.Index(fields=["digest", "status"], name="digest_waiting")]

    def __str__(self) -> str:
        return f"{self.event} to {self.user} ({self.get_status_display()})"
