"""Agenda packs: a meeting's reports in agenda order behind a cover and contents, one PDF.

Each report is laid out once, on its own (a published report's PDF is the one kept when it was
published; a draft's is rendered and kept by the ``pdfs`` cache), and the pack is joined from
those PDFs (``governance.reports.assembly``): only the cover, the contents and the pack's page
numbers are laid out for the pack itself.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.utils import timezone

from governance.reports.assembly import Part, assemble, page_count
from governance.reports.document import build_document, council_name
from governance.reports.html import pack_front_html
from governance.reports.pdf import PAGE, POINTS_PER_MM, render_pdf, render_report_pdf


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


def report_pdf(report, document: dict[str, Any]) -> bytes:
    """The report's own PDF: as published, or (a draft) drawn from ``document`` now."""
    if report.is_published and report.pdf:
        return bytes(report.pdf)
    return render_report_pdf(document)


def pack_title(meeting) -> str:
    return f"{meeting.committee.name}, {meeting.date:%-d %B %Y}: agenda pack"


def pack_front_pdf(
    cover: dict[str, Any], title: str, documents: list[dict[str, Any]], first_pages: list[int]
) -> bytes:
    """The cover and contents, each report's row giving the pack page it starts on."""
    contents = [
        {
            "anchor": f"report-{position}",
            "title": document["title"],
            "agenda_item": document.get("agenda_item"),
            "exempt": document["exempt"],
            "status": document["status"],
            "first_page": first_page,
        }
        for position, (document, first_page) in enumerate(
            zip(documents, first_pages, strict=True), start=1
        )
    ]
    html = pack_front_html(
        contents, title=title, author=cover["council"], subject="Agenda and reports", pack=cover
    )
    return render_pdf(html)


def assemble_pack(meeting, documents: list[dict[str, Any]], pdfs: list[bytes]) -> bytes:
    """The meeting's pack from its reports' documents and their own PDFs."""
    cover = pack_cover(
        meeting,
        any(document["exempt"] for document in documents),
        any(document["status"] != "published" for document in documents),
    )
    return join_pack(cover, pack_title(meeting), documents, pdfs)


def join_pack(
    cover: dict[str, Any], title: str, documents: list[dict[str, Any]], pdfs: list[bytes]
) -> bytes:
    """The reports' own PDFs, in order, behind a cover and contents rendered for the pack;
    the pack's page numbers stamped on every page, each report's bookmarks kept."""

    def front(counts: list[int]) -> bytes:
        front_pages, pdf = 2, b""
        for _ in range(3):  # the contents' length hardly ever changes with its page numbers
            first_pages, start = [], front_pages + 1
            for count in counts:
                first_pages.append(start)
                start += count
            pdf = pack_front_pdf(cover, title, documents, first_pages)
            if (laid := page_count(pdf)) == front_pages:
                break
            front_pages = laid
        return pdf

    parts = [
        Part(anchor=f"report-{position}", pdf=pdf) for position, pdf in enumerate(pdfs, start=1)
    ]
    return assemble(parts, front, margins=(PAGE.top * POINTS_PER_MM, PAGE.right * POINTS_PER_MM))


def build_pack(pack) -> None:
    """Render ``pack`` step by step, saving progress so the clerk's page can show it."""
    reports = list(pack_reports(pack.meeting, include_drafts=pack.includes_drafts))
    _progress(pack, status=pack.Status.RUNNING, steps_done=0, steps_total=len(reports) + 1)
    documents, pdfs = [], []
    try:
        for done, report in enumerate(reports, start=1):
            documents.append(report_document(report))
            pdfs.append(report_pdf(report, documents[-1]))
            _progress(pack, steps_done=done)
        pdf = assemble_pack(pack.meeting, documents, pdfs)
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
