"""Report documents drawn as HTML: the same fragment serves the web preview and the PDF."""

from __future__ import annotations

import copy
from typing import Any

from django.template.loader import render_to_string

from childrens_services import blocks


def with_block_context(document: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``document`` whose block appendices carry their template context.

    A block may turn its stored snapshot into a richer context (formatted figures, totals);
    the snapshot itself stays as stored.
    """
    drawn = copy.deepcopy(document)
    for appendix in drawn["appendices"]:
        if appendix["kind"] == blocks.TEXT:
            continue
        if blocks.is_registered(appendix["kind"]):
            block = blocks.get(appendix["kind"])
            appendix["context"] = block.context(appendix["data"])
        else:
            appendix["context"] = appendix["data"]
    return drawn


def report_fragment(document: dict[str, Any]) -> str:
    """The report's HTML body, for embedding in a web page."""
    return render_to_string("reports/_report.html", {"doc": with_block_context(document)})


def print_html(
    documents: list[dict[str, Any]],
    title: str,
    author: str,
    subject: str,
    pack: dict[str, Any] | None = None,
) -> str:
    """A whole HTML document for WeasyPrint: one report, or a pack of them with a cover."""
    return render_to_string(
        "reports/pdf.html",
        {
            "documents": [with_block_context(document) for document in documents],
            "title": title,
            "author": author,
            "subject": subject,
            "pack": pack,
        },
    )
