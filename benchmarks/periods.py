"""LAIT period labels parsed into sortable calendar-year spans, the label kept as published.

``2016`` (a calendar or academic year named by one year), ``2015-16`` and ``2015/16`` (a year
across two calendar years; the ``/`` form is always one such year), ``2014-16`` (three years),
``2013/14-15/16`` (three academic years), each optionally followed by LAIT's note: ``(OT)``,
``(Rev)``, ``(Final)``, ``(prov)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from childrens_services.financial_years import FIRST_YEAR, LAST_YEAR

#: The placeholder period LAIT gives a few rows with no value (``CINPermExclusion``).
UNDATED = "0"
#: What the values file shows for a missing or suppressed figure (compared case-insensitively).
MISSING_MARKERS = {"", "-", "x", "c", ":", ".", "..", "n/a", "na"}
#: The marks of a figure withheld to protect individuals rather than not collected.
SUPPRESSED_MARKERS = {"x", "c"}
#: A stored value has at most six decimal places and sixteen digits before the point.
VALUE_PLACES = Decimal("0.000001")
VALUE_LIMIT = Decimal("1e16")
#: The longest period LAIT publishes spans three academic years (``2013/14-15/16``).
MAX_SPAN_YEARS = 4

_QUALIFIER = r"(?:\s*\((?P<qualifier>[A-Za-z]{1,10})\))?"
_PATTERNS = [
    re.compile(r"^(?P<start>[0-9]{4})" + _QUALIFIER + "$"),
    re.compile(r"^(?P<start>[0-9]{4})-(?P<end>[0-9]{2})" + _QUALIFIER + "$"),
    re.compile(r"^(?P<start>[0-9]{4})/(?P<end>[0-9]{2})(?P<one_year>)" + _QUALIFIER + "$"),
    re.compile(r"^(?P<start>[0-9]{4})/[0-9]{2}-[0-9]{2}/(?P<end>[0-9]{2})" + _QUALIFIER + "$"),
]


class PeriodError(ValueError):
    """A period label that is not one of LAIT's forms."""


@dataclass(frozen=True)
class ParsedPeriod:
    label: str
    start_year: int
    end_year: int
    qualifier: str = ""


def parse_period(text: str) -> ParsedPeriod:
    """``"2024-25 (OT)"`` -> ``ParsedPeriod("2024-25 (OT)", 2024, 2025, "OT")``."""
    label = " ".join(text.split())
    for pattern in _PATTERNS:
        match = pattern.match(label)
        if match is None:
            continue
        start = int(match.group("start"))
        end_digits = match.groupdict().get("end")
        end = start if end_digits is None else start - start % 100 + int(end_digits)
        if end_digits is not None and end < start:
            end += 100
        shortest = 0 if end_digits is None else 1
        longest = 1 if match.groupdict().get("one_year") is not None else MAX_SPAN_YEARS
        in_range = FIRST_YEAR <= start <= end <= LAST_YEAR
        if not in_range or not shortest <= end - start <= longest:
            break
        return ParsedPeriod(label, start, end, match.group("qualifier") or "")
    raise PeriodError(f"{text!r} is not a period such as 2016, 2015-16, 2014-16 or 2024-25 (OT).")


def parse_value(text: str) -> tuple[Decimal | None, str]:
    """The figure and an empty marker, or ``None`` and what the file showed instead.

    Suppressed and missing figures stay missing (never zero). The file's floating-point noise
    (``7.0000000000000007E-2``) is rounded to six decimal places.
    """
    cell = text.strip()
    if cell.lower() in MISSING_MARKERS:
        return None, cell[:2]
    try:
        number = Decimal(cell)
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a number or a missing-value mark (-, x, c).") from None
    if not number.is_finite() or abs(number) >= VALUE_LIMIT:
        raise ValueError(f"{text!r} is out of range for a published value.")
    return number.quantize(VALUE_PLACES), ""


def missing_words(marker: str) -> str:
    """What a missing figure's mark means, in the words the pages and the downloads use."""
    return "suppressed" if marker.lower() in SUPPRESSED_MARKERS else "not available"
