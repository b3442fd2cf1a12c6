"""Computed status: a success measure's RAG.

RAG rules (from the measure's latest actual, its target and its polarity):

* No status when the target is "to be confirmed" or not recorded, when there is no actual
  yet, or when the target is relative to a comparator whose value is not known
  (``why_no_status`` says which, for the pages and papers to print). An unset target is never
  green and a missing actual never red.
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


def why_no_status(
    actual: Decimal | None,
    *,
    target_kind: str,
    target_value: Decimal | None = None,
    comparator_value: Decimal | None = None,
) -> str:
    """Why a measure can have no RAG status, in words a reader is shown ("" when it can have
    one): a status needs both an actual and something recorded to judge it against."""
    if target_kind == TARGET_TO_BE_CONFIRMED:
        return "target to be confirmed"
    if target_kind == TARGET_VALUE and target_value is None:
        return "no target recorded"
    if actual is None:
        return "no actual recorded"
    if target_kind == TARGET_BETTER_THAN_COMPARATOR and comparator_value is None:
        return "comparator not recorded"
    return ""


def rag(
    actual: Decimal | None,
    *,
    polarity: str,
    target_kind: str,
    target_value: Decimal | None = None,
    comparator_value: Decimal | None = None,
) -> Rag | None:
    """The RAG status of one actual against a target (rules in the module docstring)."""
    if why_no_status(
        actual,
        target_kind=target_kind,
        target_value=target_value,
        comparator_value=comparator_value,
    ):
        return None
    if polarity not in (HIGHER, LOWER):
        raise ValueError(f"Unknown polarity {polarity!r}.")
    if target_kind == TARGET_VALUE:
        shortfall = _shortfall(actual, target_value, polarity)
        if shortfall <= 0:
            return Rag.GREEN
        goal = target_value
    elif target_kind == TARGET_BETTER_THAN_COMPARATOR:
        shortfall = _shortfall(actual, comparator_value, polarity)
        if shortfall < 0:
            return Rag.GREEN
        goal = comparator_value
    else:
        raise ValueError(f"Unknown kind of target {target_kind!r}.")
    if within_tolerance(shortfall, goal):
        return Rag.AMBER
    return Rag.RED


def measure_judged(measure) -> tuple[Rag | None, str]:
    """A ``SuccessMeasure``'s RAG from its latest actual, and why it has none when it has none."""
    latest = measure.latest_actual()
    comparator = (
        latest.comparator_value
        if latest is not None and latest.comparator_value is not None
        else measure.comparator_value
    )
    judged = {
        "target_kind": measure.target_kind,
        "target_value": measure.target_value,
        "comparator_value": comparator,
    }
    value = latest.value if latest is not None else None
    return rag(value, polarity=measure.polarity, **judged), why_no_status(value, **judged)


def measure_rag(measure) -> Rag | None:
    """The RAG of a ``SuccessMeasure`` from its latest actual."""
    return measure_judged(measure)[0]
