"""Background tasks (django-tasks): announcing responses as they fall due."""

from __future__ import annotations

from django_tasks import task

from scrutiny import announcements


@task()
def announce_due_responses() -> int:
    """Announce the responses fallen due since the last run (each once); returns how many."""
    return announcements.announce_due_responses()
