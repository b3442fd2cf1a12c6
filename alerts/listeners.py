"""The one listener: an announced event is kept and handed to the background worker.

Runs after the announcing transaction commits (``childrens_services.events``), in the
process that made the change; sending, and deciding who may read the record, happen on the
worker (``alerts.tasks.deliver_event``), so a clerk's "Publish" never waits for a mail server.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.dispatch import receiver

from alerts.models import Event
from alerts.tasks import deliver_event
from childrens_services.events import happened


def about_entries(about) -> list[dict]:
    """An event's ``about`` (records and topic names) in ``Event.about``'s JSON form."""
    entries = []
    for item in about:
        if isinstance(item, str):
            entries.append({"topic": item})
        elif item is not None and item.pk is not None:
            ct = ContentType.objects.get_for_model(item, for_concrete_model=True)
            entries.append({"ct": ct.pk, "pk": item.pk})
    return entries


@receiver(happened, dispatch_uid="alerts.record_and_deliver")
def record_and_deliver(sender, kind: str, record, about, **kwargs) -> None:
    event = Event.objects.create(
        kind=kind,
        content_type=ContentType.objects.get_for_model(record, for_concrete_model=True),
        object_id=record.pk,
        about=about_entries(about),
    )
    deliver_event.enqueue(event.pk)
