"""Agenda packs: a meeting's reports in agenda order behind a cover and contents, one PDF."""

from __future__ import annotations

import hashlib
from typing import Any

from django.utils import timezone

from governance.reports.document import build_document, council_name
from governance.reports.html import print_html
from governance.reports.pdf import html_to_pdf


def current_reports(meeting):
    """The meeting's reports in agenda order, leaving out versions since superseded."""
    return (
        meeting.reports.filter(superseded_by__isnull=True)
        .select_related("agenda_item")
        .order_by("agenda_item__number", "pk")
    )


def pack_reports(meeting, *, include_drafts: bool):
    """The reports an agenda pack holds: the published ones, and the drafts only when the
    clerk chose to include them (each of their pages is then marked DRAFT)."""
    reports = current_reports(meeting)
    if include_drafts:
        return reports
    return reports.filter(status=reports.model.Status.PUBLISHED)


def report_document(report) -> dict[str, Any]:
    """A published report as it was frozen; a draft as its records are now."""
    return report.snapshot if report.is_published and report.snapshot else build_document(report)


def pack_cover(meeting, includes_exempt: bool, includes_drafts: bool = False) -> dict[str, Any]:
    return {
        "council": council_name(meeting.committee),
        "committee": meeting.committee.name,
        "meeting_date_label": f"{meeting.date:%-d %B %Y}",
        "venue": meeting.venue,
        "includes_exempt": includes_exempt,
        "includes_drafts": includes_drafts,
    }


def pack_html(meeting, documents: list[dict[str, Any]]) -> str:
    cover = pack_cover(
        meeting,
        any(document["exempt"] for document in documents),
        any(document["status"] != "published" for document in documents),
    )
    title = f"{meeting.committee.name}, {cover['meeting_date_label']}: agenda pack"
    return print_html(
        documents, title=title, author=cover["council"], subject="Agenda and reports", pack=cover
    )


def build_pack(pack) -> None:
    """Render ``pack`` step by step, saving progress so the clerk's page can show it."""
    reports = list(pack_reports(pack.meeting, include_drafts=pack.includes_drafts))
    _progress(pack, status=pack.Status.RUNNING, steps_done=0, steps_total=len(reports) + 1)
    documents = []
    try:
        for done, report in enumerate(reports, start=1):
            documents.append(report_document(report))
            _progress(pack, steps_done=done)
        pdf = html_to_pdf(pack_html(pack.meeting, documents))
    except Exception as exc:
        _progress(pack, status=pack.Status.FAILED, error=str(exc))
        raise
    _progress(
        pack,
        status=pack.Status.DONE,
        steps_done=len(reports) + 1,
        includes_exempt=any(document["exempt"] for document in documents),
        pdf=pdf,
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
    )


def _progress(pack, **values) -> None:
    for name, value in values.items():
        setattr(pack, name, value)
    pack._change_reason = (
        f"Agenda pack {pack.get_status_display().lower()} at {timezone.now():%H:%M:%S}"
    )
    pack.save()
