"""A paper's HTML is laid out once: the same HTML again is served from the ``pdfs`` cache."""

from __future__ import annotations

import uuid

import weasyprint

from governance.reports import pdf


def counted_layouts(monkeypatch) -> list[str]:
    laid_out: list[str] = []
    real = pdf.render_pdf

    def render(html: str) -> bytes:
        laid_out.append(html)
        return real(html)

    monkeypatch.setattr(pdf, "render_pdf", render)
    return laid_out


def page(text: str) -> str:
    return f"<!DOCTYPE html><html lang='en-GB'><head><title>t</title></head><body><p>{text}</p>"


def test_the_same_html_is_laid_out_once_and_gives_the_same_bytes(monkeypatch):
    laid_out = counted_layouts(monkeypatch)
    html = page(f"Paper {uuid.uuid4()}")
    first = pdf.html_to_pdf(html)
    second = pdf.html_to_pdf(html)
    assert first.startswith(b"%PDF") and second == first
    assert laid_out == [html]


def test_other_html_is_laid_out_again(monkeypatch):
    laid_out = counted_layouts(monkeypatch)
    one, other = page(f"One {uuid.uuid4()}"), page(f"Other {uuid.uuid4()}")
    pdf.html_to_pdf(one)
    pdf.html_to_pdf(other)
    assert laid_out == [one, other]


def test_another_weasyprint_or_stylesheet_makes_another_key(monkeypatch):
    html = page("Same words")
    before = pdf.pdf_cache_key(html)
    monkeypatch.setattr(weasyprint, "__version__", weasyprint.__version__ + ".next")
    pdf._layout_version.cache_clear()
    try:
        assert pdf.pdf_cache_key(html) != before
    finally:
        monkeypatch.undo()
        pdf._layout_version.cache_clear()
    assert pdf.pdf_cache_key(html) == before
