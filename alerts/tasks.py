"""Background tasks (django-tasks, run by ``manage.py db_worker``): alerts are sent on the
worker, never in the request that published the paper."""

from __future__ import annotations

from django_tasks import task

from alerts import delivery


@task()
def deliver_event(event_id: int) -> int:
    """Tell the followers of one event (immediate ones now, digest ones later)."""
    return delivery.deliver(event_id)


@task()
def send_digests() -> int:
    """Send the daily digests (queued once a day by ``manage.py send_alert_digests``)."""
    return delivery.send_digests()
