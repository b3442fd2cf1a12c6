"""Red, amber, green: the one status scale and the one tolerance every rule judges against.

A success measure (``mandates.status``) and a saving (``savings.computations``) each decide
what is "short" of what; both call a shortfall within ``AMBER_TOLERANCE`` of the goal amber, so
the line between amber and red is drawn in one place. Domain-neutral, so the core holds it and
every app imports it.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

#: How far short of its goal a figure may fall and still be amber: 10% of the goal.
AMBER_TOLERANCE = Decimal("0.10")


class Rag(StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    #: A saving with neither a forecast nor an achieved figure entered yet.
    NOT_REPORTED = "not reported"


def within_tolerance(shortfall: Decimal, goal: Decimal) -> bool:
    """Whether a shortfall against ``goal`` is small enough to be amber rather than red."""
    return shortfall <= abs(goal) * AMBER_TOLERANCE
