"""Telling followers that an executive response has fallen due, once per recommendation.

Run by ``manage.py announce_due_responses`` (from cron) or the background worker
(``scrutiny.tasks.announce_due_responses``). Each recommendation is claimed with one
conditional UPDATE (``due_announced_at`` still empty), so two workers, or a retry after a
crash, never announce the same one twice; the announcement goes out when the claim commits
(``childrens_services.events.announce``).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from childrens_services.events import announce
from scrutiny.models import ScrutinyRecommendation


def announce_due_responses(on: dt.date | None = None) -> int:
    """Announce every sent recommendation whose response is due on or before ``on`` (today)
    and not yet announced; returns how many were announced."""
    on = on or timezone.localdate()
    due = ScrutinyRecommendation.objects.filter(
        status=ScrutinyRecommendation.Status.SENT,
        response_due__lte=on,
        due_announced_at__isnull=True,
    ).select_related("committee__authority", "committee__partnership")
    announced = 0
    for recommendation in due:
        with transaction.atomic():
            claimed = ScrutinyRecommendation.objects.filter(
                pk=recommendation.pk, due_announced_at__isnull=True
            ).update(due_announced_at=timezone.now())
            if not claimed:
                continue
            committee = recommendation.committee
            about = [committee, *[o for o in (committee.authority, committee.partnership) if o]]
            announce("recommendation.response_due", recommendation, about=about)
            announced += 1
    return announced
