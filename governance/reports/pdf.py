"""PDF rendering with WeasyPrint: A4, tagged PDF/UA-1, metadata from the HTML head."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import Any

from django.core.cache import caches
from django.template.loader import render_to_string

from governance.reports.html import print_html

PDF_VARIANT = "pdf/ua-1"


@lru_cache(maxsize=1)
def _stylesheet():
    from weasyprint import CSS

    return CSS(string=render_to_string("reports/pdf.css"))


@lru_cache(maxsize=1)
def _layout_version() -> str:
    """What shapes a PDF besides its HTML: the stylesheet, WeasyPrint's version, the variant."""
    import weasyprint

    stylesheet = render_to_string("reports/pdf.css")
    shaped_by = f"{weasyprint.__version__}\n{PDF_VARIANT}\n{stylesheet}"
    return hashlib.sha256(shaped_by.encode()).hexdigest()[:16]


def pdf_cache_key(html: str) -> str:
    return f"pdf:{_layout_version()}:{hashlib.sha256(html.encode()).hexdigest()}"


def render_pdf(html: str) -> bytes:
    """Lay ``html`` out now: tagged (PDF/UA-1) PDF bytes, styled by the print stylesheet only.

    Always does the work; the load and speed measurements (``perf/``) time this."""
    from weasyprint import HTML

    return HTML(string=html, base_url=None).write_pdf(
        stylesheets=[_stylesheet()], pdf_variant=PDF_VARIANT
    )


def html_to_pdf(html: str) -> bytes:
    """The PDF of ``html``, laid out once: the same HTML (a draft previewed again unchanged,
    the seed papers loaded into another database) is served from the ``pdfs`` cache.

    Layout is the slow part of a paper (seconds for the mandate); the same HTML, stylesheet
    and WeasyPrint give the same document, so the bytes are kept by a hash of all three.
    """
    key = pdf_cache_key(html)
    pdfs = caches["pdfs"]
    pdf = pdfs.get(key)
    if pdf is None:
        pdf = render_pdf(html)
        pdfs.set(key, pdf)
    return pdf


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
