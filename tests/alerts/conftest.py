"""Alerts' fixtures: the world's users with e-mail addresses, tasks run at once, and a paper
published with its after-commit announcement run (tests never commit)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from alerts.models import Subscription
from tests.governance.reports_factory import make_report


@pytest.fixture
def people(world):
    for user in world.users.values():
        user.email = f"{user.username}@example.gov.uk"
        user.save()
    return world.users


@pytest.fixture
def immediate_tasks(settings):
    """The worker's tasks run as they are queued (the test process is the worker)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publish a report as the clerks' page does (minus the PDF rendering), running what
    waits for the commit: the announcement, and so the alerts."""

    def _publish(report, user):
        with django_capture_on_commit_callbacks(execute=True):
            report.publish(
                user, document={"title": report.title}, pdf=b"%PDF-1.7", at=timezone.now()
            )
        return report

    return _publish


@pytest.fixture
def follows():
    def _follows(user, target, frequency=Subscription.Frequency.IMMEDIATE) -> Subscription:
        if isinstance(target, str):
            return Subscription.objects.create(user=user, topic=target, frequency=frequency)
        return Subscription.objects.create(user=user, target=target, frequency=frequency)

    return _follows


@pytest.fixture
def report(world):
    return make_report(world.hf, title="Savings update for scrutiny")
