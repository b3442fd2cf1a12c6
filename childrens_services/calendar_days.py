"""Calendar arithmetic for the statutory periods committee business runs on.

Plain typed functions, no database, so the rules are tested on their own and every app (and
``formatting.elapsed``) asks the same one.
"""

from __future__ import annotations

import calendar
import datetime as dt


def months_on(start: dt.date, months: int) -> dt.date:
    """``start`` moved on by whole calendar months, kept within the month it lands in (31
    December and two months is the last day of February)."""
    total = start.month - 1 + months
    year, month = start.year + total // 12, total % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(start.day, last))


def response_due(sent: dt.date) -> dt.date:
    """The day the executive's response to a scrutiny recommendation is due: two months after
    it was sent (Localism Act 2011, s.9FE, "within two months"), on the same day of the month,
    or the last day of that month when it has no such day (sent 31 December, due 28 or 29
    February)."""
    return months_on(sent, 2)
