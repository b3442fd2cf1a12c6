"""Financial-year arithmetic: April to March, stored as the start year, written ``2011/12``.

Plain typed functions so every app computes years and quarters one way, without a database.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.validators import MaxValueValidator, MinValueValidator

#: Every year the system stores or is asked for (financial years, periods, mandates,
#: programmes, benchmark periods) lies in this range, inclusive: a year outside it is a typo,
#: and an unbounded year would make every page that lists years list thousands of them.
FIRST_YEAR = 2000
LAST_YEAR = 2100
_OUT_OF_RANGE = f"Enter a year from {FIRST_YEAR} to {LAST_YEAR} (2011 means 2011/12)."
#: The validators of every year field, so the admin, the pages, the API and imports all refuse
#: a year outside the range with the same message (and the API schema states the range).
YEAR_VALIDATORS = [
    MinValueValidator(FIRST_YEAR, message=_OUT_OF_RANGE),
    MaxValueValidator(LAST_YEAR, message=_OUT_OF_RANGE),
]

_LABEL = re.compile(r"^\s*([0-9]{4})\s*[/-]\s*([0-9]{2}|[0-9]{4})\s*$")


def check_year(year: int) -> int:
    """``year`` itself, or ``ValueError`` naming the range when it lies outside it."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"{year} is not a year from {FIRST_YEAR} to {LAST_YEAR}.")
    return year


def label(start_year: int) -> str:
    """``2011`` -> ``"2011/12"``."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def parse(text: str) -> int:
    """``"2011/12"`` (or ``2011-12``, ``2011/2012``) -> ``2011``; refuses a non-consecutive pair."""
    match = _LABEL.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a financial year such as 2011/12.")
    start, end = int(match.group(1)), match.group(2)
    expected = str(start + 1) if len(end) == 4 else f"{(start + 1) % 100:02d}"
    if end != expected:
        raise ValueError(f"{text!r}: a financial year runs from one year to the next.")
    return check_year(start)


def of_date(day: dt.date) -> int:
    """The financial year (start year) ``day`` falls in: 1 April starts a new one."""
    return day.year if day.month >= 4 else day.year - 1


def start_date(start_year: int) -> dt.date:
    return dt.date(start_year, 4, 1)


def end_date(start_year: int) -> dt.date:
    return dt.date(start_year + 1, 3, 31)


def quarter_of(day: dt.date) -> int:
    """Q1 is April to June, Q4 January to March."""
    return (day.month - 4) % 12 // 3 + 1


def quarter_end(start_year: int, quarter: int) -> dt.date:
    """The last day of quarter ``quarter`` (1-4) of the financial year starting ``start_year``."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError("A quarter is 1, 2, 3 or 4.")
    return {
        1: dt.date(start_year, 6, 30),
        2: dt.date(start_year, 9, 30),
        3: dt.date(start_year, 12, 31),
        4: dt.date(start_year + 1, 3, 31),
    }[quarter]


def period_label(start_year: int, end_year: int) -> str:
    """A period of one or more years: ``(2013, 2014)`` -> ``"2013/15"``; one year as ``label``."""
    if end_year < start_year:
        raise ValueError("A period cannot end before it starts.")
    if end_year == start_year:
        return label(start_year)
    return f"{start_year}/{(end_year + 1) % 100:02d}"
