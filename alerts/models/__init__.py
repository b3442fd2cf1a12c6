"""Who follows what (``Subscription``), what happened (``Event``), who was told (``Delivery``)."""

from alerts.models.feeds import FeedKey
from alerts.models.outbox import Delivery, Event
from alerts.models.subscriptions import FOLLOWABLE, Subscription

__all__ = ["FOLLOWABLE", "Delivery", "Event", "FeedKey", "Subscription"]
