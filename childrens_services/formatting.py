"""Money, counts, percentages and dates as people type them and as the pages show them: the
one module that formats or parses them, each rule written once.

Reading input (the first section) is shared by the forms, the API serializers, the imports and
the demo loaders, so a value refused in one is refused in all, with the same message.

Showing figures (the second section) is as the papers write them: pounds with thousands
separators and pence only when held (``£19,365,000``, ``£1,250.50``), counts without a ``.00``
(``34,853``), negatives in brackets (``(£620)``), percentages with their sign (``12.5%``),
financial years as ``2011/12``; papers in £000s or £m use ``figure`` with their own scale and
places; how long between two dates in words (``14 years 2 months``). The templates
(``{% load formatting %}``: ``money``, ``count``, ``percent``, ``fy``, ``day``, ``elapsed``),
the admin, the tables, the charts and the report blocks all format through here.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils import dateformat, timezone

from childrens_services import financial_years
from childrens_services.calendar_days import months_on

# --- Reading input ------------------------------------------------------------------------

#: Unicode's explicit direction controls (embeddings, overrides, isolates) and marks. They are
#: invisible and reorder the text around them: with U+202E "evil" prints as "live", so a name,
#: a figure's label or a supplier could read as something else than what is stored.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
CENT = Decimal("0.01")


def bidi_problem(text: str) -> str | None:
    """What is wrong with ``text`` if it holds a direction control, naming the character."""
    for char in text:
        if char in BIDI_CONTROLS:
            return (
                f"Remove the invisible character U+{ord(char):04X} "
                f"({unicodedata.name(char).title()}): it changes how the text around it is "
                "shown."
            )
    return None


def digit_problem(text: str) -> str | None:
    """What is wrong with a number typed with digits other than 0-9 (full-width ``１２``,
    Arabic-Indic ``١٢``), which Python's ``Decimal`` and ``int`` would silently accept."""
    for char in text:
        if char.isdigit() and not ("0" <= char <= "9"):
            return (
                f"Write numbers with the digits 0 to 9; “{char}” "
                f"({unicodedata.name(char, 'a digit').title()}) is not one of them."
            )
    return None


def parse_money(
    value: Any, *, scale: int | Decimal = 1, allow_negative: bool = False
) -> Decimal | None:
    """An amount of money in pounds to the penny, from a cell or a typed figure.

    Accepts ``£1,250,000.00``, ``1250000``, ``(620)`` for a negative, and numbers a spreadsheet
    stored; ``scale`` turns a figure printed in thousands into pounds. Refuses anything else,
    including digits other than 0-9, with a ``ValueError`` that says why. Blank is ``None``.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not an amount of money.")
    if isinstance(value, int | float | Decimal):
        amount = Decimal(str(value))
    else:
        problem = digit_problem(str(value))
        if problem:
            raise ValueError(problem)
        text = re.sub(r"[£,\s]", "", str(value))
        negative = text.startswith("(") and text.endswith(")")
        text = text.strip("()")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"{value!r} is not an amount of money.") from None
        if negative:
            amount = -amount
    if not amount.is_finite():
        raise ValueError(f"{value!r} is not an amount of money.")
    if amount < 0 and not allow_negative:
        raise ValueError(f"{value!r} is negative; a value cannot be negative.")
    return (amount * scale).quantize(CENT)


def from_paper(text: str | None, scale: Decimal | int = 1) -> Decimal | None:
    """A figure as a committee paper prints it, in the paper's unit (``scale`` 1000 for
    £000s), negatives allowed, as pounds: how the demo loaders read the seed papers."""
    return parse_money(text, scale=scale, allow_negative=True)


# --- Showing figures ----------------------------------------------------------------------

#: Shown for a figure the record does not have (the admin's own "empty" mark).
MISSING = "—"
#: Said of a figure nobody has recorded, where a blank or a zero would be read as "none":
#: a delivery never reported, a contract with no value, a measure with no actual.
NOT_RECORDED = "not recorded"

#: Dates in running text and summaries (Django's ``date`` filter format).
DATE_FORMAT = "j F Y"
#: A moment: when something was published, requested or changed.
MOMENT_FORMAT = "j F Y, H:i"
#: A time of day on its own, beside a date already given.
CLOCK_FORMAT = "H:i"


def figure(
    value: Any, places: int = 0, negatives: str = "brackets", scale: int = 1, blank: str = ""
) -> str:
    """A figure as committee papers print it: thousands separators, negatives per the paper.

    ``negatives`` is ``"brackets"`` (H&F, Tri-borough: ``(620)``) or ``"minus"`` (Harrow:
    ``-1,259``); ``scale`` divides first (1000 for £000s). ``None`` and ``""`` print as
    ``blank``: empty, or ``MISSING`` in a table whose key says it means "not recorded".
    """
    if value is None or value == "":
        return blank
    try:
        number = Decimal(str(value)) / scale
    except InvalidOperation:
        return str(value)
    text = f"{abs(number):,.{places}f}"
    if number < 0 and Decimal(text.replace(",", "")) != 0:
        return f"({text})" if negatives == "brackets" else f"-{text}"
    return text


def money(
    value: Any,
    *,
    places: int | None = None,
    negatives: str = "brackets",
    unit: str = "",
    scale: int = 1,
    blank: str = "",
) -> str:
    """Pounds as the pages show them: ``£19,365,000``, pence only when held (``£1,250.50``),
    negatives in brackets (``(£620)``) or, for a paper that prints them so, with a minus
    (``-£620``). ``places`` fixes the decimals (0 for whole pounds); ``scale`` divides first
    (1,000,000 for millions); ``unit`` follows the figure (``k`` for a figure held in £000s,
    `` million``); a missing figure is ``blank``."""
    if value is None or value == "":
        return blank
    try:
        number = Decimal(str(value)) / scale
    except InvalidOperation:
        return str(value)
    if places is None:
        places = 0 if number == number.to_integral_value() else 2
    text = figure(number, places=places, negatives=negatives)
    if text.startswith("("):
        return f"(£{text[1:-1]}{unit})"
    if text.startswith("-"):
        return f"-£{text[1:]}{unit}"
    return f"£{text}{unit}"


def pounds(value: Any) -> str:
    """Whole pounds: ``£1,234``, negatives ``(£1,234)``; blank stays blank."""
    return money(value, places=0)


def thousands(value: Any) -> str:
    """A figure held in £000s, as the papers' £000s tables print it: ``£1,234k``, ``(£620k)``."""
    return money(value, places=0, unit="k")


def count(value: Any) -> str:
    """A count or measure: ``34,853`` (no ``.00``), ``2.5``, ``(3)``; up to two places kept."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    places = max(0, min(2, -number.normalize().as_tuple().exponent))
    return figure(number, places=places)


def percent(value: Any) -> str:
    """A percentage: ``12.5%``; blank stays blank."""
    text = count(value)
    return f"{text}%" if text else ""


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def note_mark(number: int) -> str:
    """A footnote's mark after a figure, as superscript digits (``34,853¹``): a raised ``1``
    set as an ordinary digit would be read back, copied or searched as ``34,8531``."""
    return str(number).translate(_SUPERSCRIPT)


def points_change(value: Any) -> str:
    """A change in a percentage, in words, since a sign or brackets are easily misread in a
    table of percentages: ``up 4 points``, ``down 1 point``, ``no change``; blank stays blank."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    if number == 0:
        return "no change"
    size = count(abs(number))
    return f"{'up' if number > 0 else 'down'} {size} point{'' if abs(number) == 1 else 's'}"


def or_not_recorded(text: Any, reason: str = "") -> str:
    """A figure already formatted, or "not recorded" (with why, when given) where it is blank,
    so a missing figure never reads as zero or as nothing to say: in templates
    ``{{ p.delivered|money|or_not_recorded:"no delivery figure entered" }}``."""
    if text is not None and str(text) != "":
        return str(text)
    return f"{NOT_RECORDED} ({reason})" if reason else NOT_RECORDED


def left_out(number: int, singular: str, plural: str, reason: str) -> str:
    """What a total leaves out for want of data, in brackets after it ("" when it leaves out
    none): ``left_out(3, "contract", "contracts", "with no value recorded")`` is "(leaves out
    3 contracts with no value recorded)"."""
    if not number:
        return ""
    return f"(leaves out {count(number)} {singular if number == 1 else plural} {reason})"


def fy(start_year: Any) -> str:
    """A financial year from its start year, as the papers write it: ``2011`` -> ``2011/12``."""
    if start_year is None or start_year == "":
        return ""
    return financial_years.label(int(start_year))


def _local(value: Any) -> Any:
    """A stored (UTC) moment in the site's time zone, as Django's ``date`` filter shows it."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def day(value: Any) -> str:
    """A date as the pages write it: ``4 November 2012``; blank stays blank."""
    if not value:
        return ""
    return dateformat.format(_local(value), DATE_FORMAT)


def moment(value: Any) -> str:
    """A date and time as the pages write it: ``4 November 2012, 14:05``; blank stays blank."""
    if not value:
        return ""
    return dateformat.format(_local(value), MOMENT_FORMAT)


def clock(value: Any) -> str:
    """A time of day: ``14:05``; blank stays blank."""
    if not value:
        return ""
    return dateformat.format(_local(value), CLOCK_FORMAT)


def elapsed(start: Any, end: Any) -> str:
    """How long from ``start`` to ``end`` (dates), in words as people say it: years and
    months (``14 years 2 months``), months alone under a year (``3 months``), days under a
    month (``12 days``). Blank when either date is blank or ``end`` comes first."""
    if not start or not end or end < start:
        return ""
    months = (end.year - start.year) * 12 + end.month - start.month
    if months_on(start, months) > end:
        months -= 1
    if months == 0:
        days = (end - start).days
        return f"{days} day{'' if days == 1 else 's'}"
    years, months = divmod(months, 12)
    parts = [f"{years} year{'' if years == 1 else 's'}"] if years else []
    if months:
        parts.append(f"{months} month{'' if months == 1 else 's'}")
    return " ".join(parts)


def for_input(value: Any) -> Any:
    """A stored number as an edit box shows it: ``34853.00`` as ``34853`` (a count, or whole
    pounds), pence and other fractions kept as held. Anything else is returned unchanged, so
    what the user typed and sent back is shown back to them as they typed it."""
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value


def trimmed(value: Decimal) -> Decimal:
    """A figure without the zeros its storage added: ``4.400000`` as ``4.4``, ``10.000000`` as
    ``10`` (never ``1E+1``), as the source published it."""
    if not value.is_finite() or value == value.to_integral_value():
        return for_input(value)
    return value.normalize()


def is_pounds(field: models.Field) -> bool:
    """Whether a model field holds pounds: its label or help says "£" or "Pounds", or it is a
    savings money column (``savings.models.programmes.MONEY``) other than a reported figure,
    whose value may be a head count."""
    if not isinstance(field, models.DecimalField):
        return False
    said = f"{field.verbose_name} {field.help_text}"
    if "£" in said or str(field.help_text).startswith("Pounds"):
        return True
    return (
        field.model._meta.app_label == "savings"
        and (field.max_digits, field.decimal_places) == (14, 2)
        and field.model._meta.model_name != "reportedfigure"
    )


def for_field(field: models.Field, value: Any) -> str | None:
    """A model field's value as a read-only screen shows it, or ``None`` to leave it alone."""
    if value is None or not isinstance(field, models.DecimalField):
        return None
    return money(value) if is_pounds(field) else count(value)


def millions(value: Any) -> str:
    """Pounds in millions as the budget papers write them: ``£19.365 million``."""
    return money(value, places=3, scale=1_000_000, unit=" million")


# --- Figures in downloads -----------------------------------------------------------------

#: A date cell of a spreadsheet download, as the tables write it ("1 Apr 2012").
SPREADSHEET_DATE = "d mmm yyyy"


def spreadsheet_money(value: Any, *, negatives: str = "brackets") -> str:
    """The number format of a spreadsheet cell holding pounds, so the cell reads as the pages
    do and stays a number: ``£#,##0`` (whole pounds), ``£#,##0.00`` where pence are held,
    negatives in brackets or, for a paper that prints them so, with a minus."""
    places = "" if value is None or Decimal(str(value)) % 1 == 0 else ".00"
    shown = f"£#,##0{places}"
    negative = f"({shown})" if negatives == "brackets" else f"-{shown}"
    return f"{shown};{negative}"


def plain_number(value: Any, *, pounds: bool = False) -> str:
    """A figure as a CSV download holds it: digits and a point, no separators or unit (the
    column's heading names the unit): ``19365000``, ``-620``; ``pounds`` keeps pence to two
    places when held (``1250.50``). Blank stays blank."""
    if value is None or value == "":
        return ""
    if pounds:
        value = Decimal(str(value)).quantize(CENT)
    return str(for_input(value))


def in_pounds(heading: str) -> str:
    """A column heading that names its unit, as a download needs with bare numbers in its
    cells: ``2014/15`` -> ``2014/15 (£)``; a heading already naming pounds is kept."""
    return heading if "£" in heading else f"{heading} (£)"


# --- Chart axes -------------------------------------------------------------------------------

#: The multiples of a power of ten an axis steps by: 1, 2, 2.5 and 5 (so 0, 2.5m, 5m, 7.5m).
NICE_STEPS = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5))
#: At most this many steps from the lowest to the highest label.
AXIS_STEPS = 8
#: (pounds per unit, unit, from which largest label): £m from £1m, £k from £10k, else pounds.
AXIS_UNITS = ((1_000_000, "m", 1_000_000), (1000, "k", 10_000), (1, "", 0))


def axis_ticks(values: Iterable[Any], most: int = AXIS_STEPS) -> list[Decimal]:
    """The figures a value axis is labelled at: from zero (or the lowest negative) to at least
    the highest value, in at most ``most`` equal steps of 1, 2, 2.5 or 5 times a power of ten.
    Missing values are left out; no values at all give ``[0]``."""
    numbers = [Decimal(str(v)) for v in values if v is not None and v != ""]
    low, high = min([Decimal(0), *numbers]), max([Decimal(0), *numbers])
    span = high - low
    if span == 0:
        return [Decimal(0)]
    power = Decimal(1).scaleb(span.adjusted() - 1)
    step = next(
        factor * scale
        for scale in (power, power * 10, power * 100)
        for factor in NICE_STEPS
        if math.ceil(high / (factor * scale)) - math.floor(low / (factor * scale)) <= most
    )
    first, last = math.floor(low / step), math.ceil(high / step)
    return [_plain(n * step) for n in range(first, last + 1)]


def _plain(number: Decimal) -> Decimal:
    """``2E+6`` as ``2000000``: the same number, written as people read it."""
    return number.quantize(Decimal(1)) if number == number.to_integral_value() else number


def money_axis(ticks: list[Decimal]) -> list[str]:
    """Pounds on a chart's value axis, in £m or £k by the largest tick (``AXIS_UNITS``), every
    label with the decimals the step needs: ``£0``, ``£2.5m``, ``£5.0m``; ``£0``, ``£250k``."""
    largest = max((abs(t) for t in ticks), default=Decimal(0))
    scale, unit = next((scale, unit) for scale, unit, above in AXIS_UNITS if largest >= above)
    places = max((max(0, -(t / scale).normalize().as_tuple().exponent) for t in ticks), default=0)
    return [money(t, places=places, scale=scale, unit=unit) if t else money(0) for t in ticks]
