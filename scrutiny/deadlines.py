"""When a scrutiny recommendation's response or an action is late: the rule, written once.

The executive must respond within two months of a recommendation being sent (Localism Act 2011,
s.9FE; the date is ``childrens_services.calendar_days.response_due``); an action is due on the
date its owner agreed. Either is late from the day after its due date while it is still
outstanding. ``days_late`` is the rule for one record (plain, no database); ``late_q`` is the
same rule as a filter, for the lists and the dashboard, and ``tests/scrutiny/test_deadlines.py``
checks the two agree.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q


def days_late(due: dt.date | None, on: dt.date, *, outstanding: bool = True) -> int:
    """How many days past ``due`` an outstanding response or action is on ``on``; 0 when it
    is not late (not yet due, due today, already settled, or with no due date yet)."""
    if due is None or not outstanding:
        return 0
    return max((on - due).days, 0)


def late_q(due_field: str, on: dt.date, outstanding: Q) -> Q:
    """The rows ``days_late`` counts as late on ``on``: outstanding, and due before it."""
    return outstanding & Q(**{f"{due_field}__lt": on})
