"""A member's subscription: one thing followed (a record or a topic) and how often to be told."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from childrens_services.events import TOPICS
from childrens_services.models import VersionedModel

#: The kinds of record a member may follow, by model label, with what the pages call them.
FOLLOWABLE: dict[str, str] = {
    "governance.committee": "Committee",
    "governance.authority": "Authority",
    "savings.savingsprogramme": "Savings programme",
    "commissioning.contract": "Contract",
}


class SubscriptionQuerySet(models.QuerySet):
    def of(self, user) -> SubscriptionQuerySet:
        """A person's own subscriptions: nobody else's are ever listed, changed or removed."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)

    def about(self, about: list[dict]) -> SubscriptionQuerySet:
        """Subscriptions to any of an event's ``about`` entries (``Event.about``'s form)."""
        q = Q(pk__in=[])
        for entry in about:
            if "topic" in entry:
                q |= Q(topic=entry["topic"])
            else:
                q |= Q(content_type_id=entry["ct"], object_id=entry["pk"])
        return self.filter(q)


class Subscription(VersionedModel):
    """One member following one thing: a record (a committee, an authority, a savings
    programme, a contract) or a topic (the forward plan), told at once or in a daily digest.

    Owned by its user, not by an authority: the authority rule set
    (``childrens_services.permissions``) has no say over it; pages, admin and API all read
    ``Subscription.objects.of(user)``. Whether the person may read what an alert is about is
    asked when it is sent (``alerts.delivery``), never when they follow.
    """

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", "At once, one e-mail for each"
        DAILY = "daily", "In a daily digest"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscriptions"
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    topic = models.CharField(max_length=40, blank=True, choices=[(k, v) for k, v in TOPICS.items()])
    frequency = models.CharField(
        max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["user", "topic", "content_type", "object_id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(topic="", content_type__isnull=False, object_id__isnull=False)
                    | (~Q(topic="") & Q(content_type__isnull=True, object_id__isnull=True))
                ),
                name="subscription_follows_a_record_or_a_topic",
            ),
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"],
                condition=Q(topic=""),
                name="follow_a_record_once",
            ),
            models.UniqueConstraint(
                fields=["user", "topic"], condition=~Q(topic=""), name="follow_a_topic_once"
            ),
        ]
        # The listener's question, "who follows any of these?", by record and by topic.
        indexes = [models.Index(fields=["content_type", "object_id"], name="followers_of")]

    def __str__(self) -> str:
        return self.describe()

    def describe(self) -> str:
        """What is followed, in words: "Committee: Education Select Committee (H&F)"."""
        if self.topic:
            return TOPICS[self.topic]
        kind = FOLLOWABLE.get(_label(self.content_type))
        target = self.target
        name = str(target) if target is not None else "a record that no longer exists"
        return f"{kind}: {name}" if kind else name

    @property
    def is_daily(self) -> bool:
        return self.frequency == self.Frequency.DAILY


def _label(content_type: ContentType) -> str:
    return f"{content_type.app_label}.{content_type.model}"


def label_of(model) -> str:
    """A model's label as ``FOLLOWABLE`` keys it (``governance.committee``)."""
    return model._meta.label_lower
