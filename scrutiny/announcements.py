"""Telling followers that an executive response has fallen due, once per recommendation.

Run by ``manage.py announce_due_responses`` (from cron) or the background worker
(``scrutiny.tasks.announce_due_responses``). Each recommendation is claimed by saving
``due_announced_at`` on the copy that was read: the versioned save is one conditional UPDATE,
so of two workers (or a retry racing a slow first run) only one saves and the other is refused
as stale and skips it; a run that crashes before committing announced nothing and marked
nothing, so the next run tells it. The announcement goes out when the claim commits
(``childrens_services.events.announce``), and the claim keeps a history row like any change.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from childrens_services.events import announce
from childrens_services.models import StaleRecordError
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
        recommendation.due_announced_at = timezone.now()
        recommendation._change_reason = "Response due: followers told"
        try:
            with transaction.atomic():
                recommendation.save(update_fields=["due_announced_at"])
                committee = recommendation.committee
                owners = (committee.authority, committee.partnership)
                about = [committee, *[owner for owner in owners if owner is not None]]
                announce("recommendation.response_due", recommendation, about=about)
        except StaleRecordError:
            continue  # another run claimed it (or someone edited it): told there, or next run
        announced += 1
    return announced
