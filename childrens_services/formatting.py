"""Money and text as people type them and as the pages show them, each rule written once.

Reading input (this section) is shared by the forms, the API serializers and the imports, so
a value refused in one is refused in all, with the same message.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

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
