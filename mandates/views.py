"""Pages for officers and members: the mandates they may see, one mandate, and a comparison."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from childrens_services.caching import cached_figures
from childrens_services.generic import ScopedTableView
from childrens_services.permissions import viewable_or_404
from mandates.compare import compare_mandates
from mandates.filtersets import MandateFilterSet
from mandates.models import Area, Mandate
from mandates.status import measure_judged
from mandates.tables import MandateTable

#: The mandate page's sections of rows; its milestones are read with their overdue mark below.
SECTIONS = tuple(name for name in Mandate.SECTION_RELATIONS if name != "milestones")


def _viewable_mandate(request: HttpRequest, pk: int) -> Mandate:
    """A mandate the user may not see answers 404, exactly as one that does not exist."""
    return viewable_or_404(request.user, Mandate.objects.select_related("authority"), pk=pk)


@login_required
@require_GET
def compare(request: HttpRequest, older: int, newer: int) -> HttpResponse:
    """What was added, removed and changed in each section between two versions."""
    older_mandate = _viewable_mandate(request, older)
    newer_mandate = _viewable_mandate(request, newer)
    sections = compare_mandates(older_mandate, newer_mandate)
    return render(
        request,
        "mandates/compare.html",
        {
            "older": older_mandate,
            "newer": newer_mandate,
            "sections": sections,
            "unchanged": all(section.is_empty for section in sections),
        },
    )


class MandateList(ScopedTableView):
    """The mandates the user may see, newest first within each authority."""

    queryset = Mandate.objects.select_related("authority")
    filterset_class = MandateFilterSet
    table_class = MandateTable
    title = "Mandates"
    #: Nationally the "rolled from" select would list all 1,530 mandates.
    choices_follow = {"previous_mandate": "authority"}


@login_required
@require_GET
def mandate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One mandate, every section, with each measure's RAG and each milestone's due date.

    The body is drawn once and kept under the generation of the mandate's authority (every
    section is its records; reference data counts in every key), for each view of the
    records and each day (overdue is counted to today): read again after an edit in that
    borough, not after one elsewhere."""
    mandate = _viewable_mandate(request, pk)
    today = timezone.localdate()
    body = cached_figures(
        "mandate-page",
        request.user,
        (mandate.pk, today),
        lambda: _mandate_body(mandate, today),
        frozenset({mandate.authority_id}),
    )
    context = {"mandate": mandate, "body": mark_safe(body)}  # noqa: S308 - the template's output
    return render(request, "mandates/mandate_detail.html", context)


def _mandate_body(mandate: Mandate, today) -> str:
    # Each section is read once, whatever its length: the template asks each whether it has
    # rows and then lists them, from these prefetched rows.
    prefetch_related_objects([mandate], *SECTIONS)
    measures = [(measure, *measure_judged(measure)) for measure in mandate.success_measures.all()]
    facts_by_area = [
        (label, [fact for fact in mandate.key_facts.all() if fact.area == area])
        for area, label in Area.choices
    ]
    objectives_by_area = [
        (label, [row for row in mandate.objectives.all() if row.area == area])
        for area, label in Area.choices
    ]
    # Without the line ends of the template's own first lines and last: the page as before.
    return (
        render_to_string(
            "mandates/_mandate_body.html",
            {
                "mandate": mandate,
                "facts_by_area": [(label, rows) for label, rows in facts_by_area if rows],
                "objectives_by_area": [(label, rows) for label, rows in objectives_by_area if rows],
                "measures": measures,
                "milestones": mandate.milestones.select_related("division").with_overdue(today),
                "successor": mandate.next_mandates.first(),
            },
        )
        .lstrip("\n")
        .removesuffix("\n")
    )
