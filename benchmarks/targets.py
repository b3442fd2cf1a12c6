"""A success measure's relative target evaluated from published data.

"Lower than the average rate for statistical neighbours" is the seed mandate's own wording:
once an officer links the success measure to a LAIT measure, the authority's latest published
value is compared with its neighbours' mean in the same period, and the RAG follows the one
rule every success measure uses (``mandates.status.rag``).
"""

from __future__ import annotations

from dataclasses import dataclass

from benchmarks.comparisons import Comparison, latest
from benchmarks.models import Area, SuccessMeasureBenchmark
from childrens_services.rag import Rag
from mandates.status import TARGET_BETTER_THAN_COMPARATOR, rag


@dataclass(frozen=True)
class Evaluation:
    """The RAG and the comparison it came from (``None`` when nothing is published)."""

    rag: Rag | None
    comparison: Comparison | None


def evaluate(link: SuccessMeasureBenchmark) -> Evaluation:
    """RAG of the linked success measure against its statistical neighbours' mean."""
    success_measure = link.success_measure
    area = Area.objects.filter(authority=success_measure.mandate.authority_id).first()
    if area is None:
        return Evaluation(None, None)
    found = latest(area, link.neighbour_model, [link.measure])
    comparison = found[0] if found else None
    if comparison is None or success_measure.target_kind != TARGET_BETTER_THAN_COMPARATOR:
        return Evaluation(None, comparison)
    status = rag(
        comparison.value,
        polarity=success_measure.polarity,
        target_kind=success_measure.target_kind,
        comparator_value=comparison.neighbours_mean,
    )
    return Evaluation(status, comparison)
