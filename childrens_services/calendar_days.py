"""Calendar arithmetic for the statutory periods committee business runs on: clear days,
working days and months on.

Written once here because several rules count days their own way, and a slip of one day makes
a lawful decision unlawful (or the reverse):

* **Clear days** leave out both the day something is published and the day of the meeting or
  decision it gives notice of (only the whole days between them count). A key decision needs
  **28 clear days** on the forward plan (Local Authorities (Executive Arrangements)
  (Meetings and Access to Information) (England) Regulations 2012, reg. 9); a meeting's
  agenda and open papers **five clear days** (Local Government Act 1972 s.100B(3)); the
  general exception needs **five clear days** of notice (reg. 10); special urgency needs
  none, only the scrutiny chair's agreement (reg. 11).
* **Working days** skip Saturdays, Sundays and the bank holidays of England and Wales (from
  the ``holidays`` package, which knows substitute days such as 27 December 2021 and one-off
  holidays such as 19 September 2022): the call-in window after a decision is published.
* **Months on** from a day, clamped to the end of a shorter month (31 December + 2 months is
  28 or 29 February): the executive's response to a scrutiny recommendation is due two months
  after it is sent (Localism Act 2011 s.9FE, ``response_due``).

Every function is plain and typed, and reads no database.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from dataclasses import dataclass
from enum import StrEnum

import holidays


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


#: Key decisions: clear days on the forward plan before the decision (reg. 9).
FORWARD_PLAN_CLEAR_DAYS = 28
#: The general exception: clear days of notice when the 28 cannot be met (reg. 10).
GENERAL_EXCEPTION_CLEAR_DAYS = 5
#: A meeting's agenda and open papers: clear days before the meeting (LGA 1972 s.100B).
AGENDA_CLEAR_DAYS = 5
#: The call-in window's length unless the constitution sets another.
CALL_IN_WORKING_DAYS = 5


def clear_days(published: dt.date, event: dt.date) -> int:
    """Whole days between publication and the event, neither day counted (0 if none, or if
    the event comes first): published Monday 1st, meeting Saturday 6th gives 4."""
    return max(0, (event - published).days - 1)


def latest_publication(event: dt.date, days: int) -> dt.date:
    """The last day something may be published and still give ``days`` clear days' notice of
    ``event``: 28 clear days before a decision on 20 June 2011 means published by 22 May."""
    return event - dt.timedelta(days=days + 1)


def earliest_event(published: dt.date, days: int) -> dt.date:
    """The first day an event may be held after ``days`` clear days from ``published``."""
    return published + dt.timedelta(days=days + 1)


@functools.cache
def _bank_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def bank_holiday(day: dt.date) -> bool:
    """Whether ``day`` is a bank holiday in England and Wales (substitute days included)."""
    return day in _bank_holidays(day.year)


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday, not a bank holiday in England and Wales."""
    return day.weekday() < 5 and not bank_holiday(day)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The ``days``-th working day after ``start`` (``start`` itself never counted; 0 gives
    ``start``): four working days from Thursday 23 December 2021 is Friday 31 December (the
    27th and 28th were the Christmas substitutes)."""
    if days < 0:
        raise ValueError("Count working days forwards: days must be 0 or more.")
    day, counted = start, 0
    while counted < days:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end`` is not later)."""
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def call_in_closes(published: dt.date, working_days: int = CALL_IN_WORKING_DAYS) -> dt.date:
    """The last day a published decision may be called in: the ``working_days``-th working day
    after the day the decision notice is published (that day not counted)."""
    if working_days < 1:
        raise ValueError("A call-in window is at least one working day.")
    return add_working_days(published, working_days)


class NoticeRoute(StrEnum):
    """How a key decision was given notice: the forward plan's 28 days, or an exception."""

    FORWARD_PLAN = "forward_plan"
    GENERAL_EXCEPTION = "general_exception"
    SPECIAL_URGENCY = "special_urgency"


#: Clear days each route needs before the decision (special urgency: none).
ROUTE_CLEAR_DAYS: dict[NoticeRoute, int] = {
    NoticeRoute.FORWARD_PLAN: FORWARD_PLAN_CLEAR_DAYS,
    NoticeRoute.GENERAL_EXCEPTION: GENERAL_EXCEPTION_CLEAR_DAYS,
    NoticeRoute.SPECIAL_URGENCY: 0,
}

ROUTE_NAMES: dict[NoticeRoute, str] = {
    NoticeRoute.FORWARD_PLAN: "the forward plan (regulation 9)",
    NoticeRoute.GENERAL_EXCEPTION: "the general exception (regulation 10)",
    NoticeRoute.SPECIAL_URGENCY: "special urgency (regulation 11)",
}


@dataclass(frozen=True)
class NoticeCheck:
    """Whether notice given on ``published`` by ``route`` lets a decision be taken on
    ``decision``: the clear days given and needed, and the problem in words (or ``""``)."""

    route: NoticeRoute
    published: dt.date
    decision: dt.date
    given: int
    needed: int

    @property
    def sufficient(self) -> bool:
        return self.decision > self.published and self.given >= self.needed

    @property
    def latest(self) -> dt.date:
        """The last day the notice could have been published in time."""
        return latest_publication(self.decision, self.needed)

    @property
    def problem(self) -> str:
        """What is wrong with the notice, in a sentence for the clerk ("" when nothing is)."""
        if self.sufficient:
            return ""
        day = _day()
        if self.decision <= self.published:
            return (
                f"The decision date ({day(self.decision)}) must come after the notice was "
                f"published ({day(self.published)})."
            )
        return (
            f"Notice published on {day(self.published)} gives {_days(self.given)} before the "
            f"decision on {day(self.decision)}; {ROUTE_NAMES[self.route]} needs "
            f"{self.needed} (published by {day(self.latest)})."
        )


def _day():
    """``formatting.day``, imported when a sentence is written (formatting reads this module's
    ``months_on``, so it is not imported at the top)."""
    from childrens_services.formatting import day

    return day


def _days(number: int) -> str:
    return f"{number} clear day{'' if number == 1 else 's'}"


def notice_check(published: dt.date, decision: dt.date, route: NoticeRoute | str) -> NoticeCheck:
    """Check the notice of a key decision taken on ``decision`` and published on
    ``published`` by ``route``."""
    route = NoticeRoute(route)
    return NoticeCheck(
        route=route,
        published=published,
        decision=decision,
        given=clear_days(published, decision),
        needed=ROUTE_CLEAR_DAYS[route],
    )


def agenda_check(published: dt.date, meeting: dt.date) -> NoticeCheck:
    """Whether an agenda (or a paper) published on ``published`` is in time for the meeting:
    five clear days (s.100B); checked as the forward plan's notice with five days needed."""
    given = clear_days(published, meeting)
    return _AgendaCheck(
        route=NoticeRoute.FORWARD_PLAN,
        published=published,
        decision=meeting,
        given=given,
        needed=AGENDA_CLEAR_DAYS,
    )


class _AgendaCheck(NoticeCheck):
    @property
    def problem(self) -> str:
        if self.sufficient:
            return ""
        day = _day()
        return (
            f"Published on {day(self.published)}, {_days(self.given)} before the meeting on "
            f"{day(self.decision)}; the agenda and open papers need {self.needed} (published "
            f"by {day(self.latest)}), so this is a late item: the chair must give the reason "
            "it is urgent."
        )
