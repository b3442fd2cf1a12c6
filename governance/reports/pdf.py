"""PDF rendering with WeasyPrint: A4, tagged PDF/UA-1, metadata from the HTML head."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from django.core.cache import caches
from django.template.loader import render_to_string

from governance.reports.html import print_html

PDF_VARIANT = "pdf/ua-1"
POINTS_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class PageGeometry:
    """An A4 sheet and its margins in millimetres: the stylesheet's ``@page`` rules are drawn
    from these, and the layout tests measure the content box from the same numbers."""

    width: float = 210
    height: float = 297
    top: float = 18
    right: float = 18
    bottom: float = 22
    left: float = 18

    def landscape(self) -> PageGeometry:
        return PageGeometry(self.height, self.width, self.top, self.right, self.bottom, self.left)

    def content_box(self) -> tuple[float, float, float, float]:
        """(x0, top, x1, bottom) of the content area, in millimetres from the top left."""
        return (self.left, self.top, self.width - self.right, self.height - self.bottom)


#: Portrait pages; ``page: wide`` tables go on ``PAGE.landscape()`` pages.
PAGE = PageGeometry()


def stylesheet_text() -> str:
    """The print stylesheet with its page geometry and the draft watermark filled in."""
    watermark = render_to_string("reports/draft-watermark.svg").split("#}", 1)[-1].strip()
    return render_to_string(
        "reports/pdf.css",
        {"page": PAGE, "watermark": f"data:image/svg+xml,{quote(watermark)}"},
    )


@lru_cache(maxsize=1)
def _stylesheet():
    from weasyprint import CSS

    return CSS(string=stylesheet_text())


@lru_cache(maxsize=1)
def _layout_version() -> str:
    """What shapes a PDF besides its HTML: the stylesheet, WeasyPrint's version, the variant."""
    import weasyprint

    shaped_by = f"{weasyprint.__version__}\n{PDF_VARIANT}\n{stylesheet_text()}"
    return hashlib.sha256(shaped_by.encode()).hexdigest()[:16]


def pdf_cache_key(html: str) -> str:
    return f"pdf:{_layout_version()}:{hashlib.sha256(html.encode()).hexdigest()}"


def layout(html: str):
    """``html`` laid out in pages by WeasyPrint (a ``weasyprint.Document``), styled by the
    print stylesheet only: what ``render_pdf`` writes, open for the layout tests to read."""
    from weasyprint import HTML

    return HTML(string=html, base_url=None).render(
        stylesheets=[_stylesheet()], pdf_variant=PDF_VARIANT
    )


def render_pdf(html: str) -> bytes:
    """Lay ``html`` out now: tagged (PDF/UA-1) PDF bytes, styled by the print stylesheet only.

    Always does the work; the load and speed measurements (``perf/``) time this."""
    return layout(html).write_pdf(pdf_variant=PDF_VARIANT)


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
    """The PDF's subject: the meeting the paper goes to, or what a paper standing alone is
    (its council, period and status)."""
    cover = document.get("cover") or {}
    parts = [document["committee"], document["meeting_date_label"]]
    if not any(parts):
        parts = [document["council"], cover.get("period"), cover.get("status")]
    return ", ".join(part for part in parts if part) or document["title"]


def document_author(document: dict[str, Any]) -> str:
    """The PDF's author: the report's author, or else the council whose paper it is."""
    return document["author"]["name"] or document["council"]


def report_html(document: dict[str, Any]) -> str:
    return print_html(
        [document],
        title=document["title"],
        author=document_author(document),
        subject=document_subject(document),
    )


def render_report_pdf(document: dict[str, Any]) -> bytes:
    """One report's PDF, drawn from its document (live for drafts, frozen once published)."""
    return html_to_pdf(report_html(document))
