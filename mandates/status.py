"""Computed status: a success measure's RAG.

RAG rules (from the measure's latest actual, its target and its polarity):

* No status when the target is "to be confirmed", when there is no actual yet, or when the
  target is relative to a comparator whose value is not known. An unset target is never green.
* A target value: **green** when the actual meets it (at or above it when higher is better, at
  or below it when lower is better); **amber** when it misses by no more than 10% of the
  target; **red** otherwise.
* "Better than the comparator" (e.g. a rate lower than the statistical-neighbour average):
  the comparator is the one reported with the actual, else the measure's baseline comparator.
  **Green** when strictly better than it; **amber** when equal or worse by no more than 10%
  of it; **red** otherwise.

(Whether a milestone is overdue is ``Milestone.overdue_q``, a rule the database applies.)
"""

from __future__ import annotations

from decimal import Decimal

from childrens_services.rag import Rag, within_tolerance

HIGHER = "higher"
LOWER = "lower"
TARGET_VALUE = "value"
TARGET_BETTER_THAN_COMPARATOR = "better_than_comparator"
TARGET_TO_BE_CONFIRMED = "tbc"


def _shortfall(actual: Decimal, goal: Decimal, polarity: str) -> Decimal:
    """How far ``actual`` is on the wrong side of ``goal`` (zero or negative when it is not)."""
    return goal - actual if polarity == HIGHER else actual - goal


def rag(
    actual: Decimal | None,
    *,
    polarity: str,
    target_kind: str,
    target_value: Decimal | None = None,
    comparator_value: Decimal | None = None,
) -> Rag | None:
    """The RAG status of one actual against a target (rules in the module docstring)."""
    if actual is None or target_kind == TARGET_TO_BE_CONFIRMED:
        return None
    if polarity not in (HIGHER, LOWER):
        raise ValueError(f"Unknown polarity {polarity!r}.")
    if target_kind == TARGET_VALUE:
        if target_value is None:
            return None
        shortfall = _shortfall(actual, target_value, polarity)
        if shortfall <= 0:
            return Rag.GREEN
        goal = target_value
    elif target_kind == TARGET_BETTER_THAN_COMPARATOR:
        if comparator_value is None:
            return None
        shortfall = _shortfall(actual, comparator_value, polarity)
        if shortfall < 0:
            return Rag.GREEN
        goal = comparator_value
    else:
        raise ValueError(f"Unknown kind of target {target_kind!r}.")
    if within_tolerance(shortfall, goal):
        return Rag.AMBER
    return Rag.RED


def measure_rag(measure) -> Rag | None:
    """The RAG of a ``SuccessMeasure`` from its latest actual."""
    latest = measure.latest_actual()
    if latest is None:
        return None
    comparator = (
        latest.comparator_value if latest.comparator_value is not None else measure.comparator_value
    )
    return rag(
        latest.value,
        polarity=measure.polarity,
        target_kind=measure.target_kind,
        target_value=measure.target_value,
        comparator_value=comparator,
    )
