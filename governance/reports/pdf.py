"""PDF rendering with WeasyPrint: A4, tagged PDF/UA-1, metadata from the HTML head."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.template.loader import render_to_string

from governance.reports.html import print_html

PDF_VARIANT = "pdf/ua-1"


@lru_cache(maxsize=1)
def _stylesheet():
    from weasyprint import CSS

    return CSS(string=render_to_string("reports/pdf.css"))


def html_to_pdf(html: str) -> bytes:
    """Tagged (PDF/UA-1) PDF bytes of ``html``, styled by the small print stylesheet only."""
    from weasyprint import HTML

    return HTML(string=html, base_url=None).write_pdf(
        stylesheets=[_stylesheet()], pdf_variant=PDF_VARIANT
    )


def document_subject(document: dict[str, Any]) -> str:
    parts = [document["committee"], document["meeting_date_label"]]
    return ", ".join(part for part in parts if part) or document["title"]


def report_html(document: dict[str, Any]) -> str:
    return print_html(
        [document],
        title=document["title"],
        author=document["author"]["name"] or document["council"],
        subject=document_subject(document),
    )


def render_report_pdf(document: dict[str, Any]) -> bytes:
    """One report's PDF, drawn from its document (live for drafts, frozen once published)."""
    return html_to_pdf(report_html(document))
