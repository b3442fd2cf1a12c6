"""Report documents drawn as HTML: the same fragment serves the web preview and the PDF."""

from __future__ import annotations

import copy
import re
from typing import Any

from django.template.loader import render_to_string

from childrens_services import blocks
from governance.reports.markup import FOOTNOTE_ANCHOR


def with_block_context(document: dict[str, Any], anchor: str) -> dict[str, Any]:
    """A copy of ``document`` whose block appendices carry their template context, and whose
    headings' ids start with ``anchor``.

    A block may turn its stored snapshot into a richer context (formatted figures, totals);
    the snapshot itself stays as stored.
    """
    drawn = copy.deepcopy(document)
    drawn["anchor"] = anchor
    for appendix in [*drawn["appendices"], *_placed_tables(drawn)]:
        if appendix["kind"] == blocks.TEXT:
            continue
        if blocks.is_registered(appendix["kind"]):
            block = blocks.get(appendix["kind"])
            appendix["context"] = block.context(appendix["data"])
        else:
            appendix["context"] = appendix["data"]
    for body in _bodies(drawn):
        for piece in body.get("pieces", []):
            if "html" in piece:
                piece["html"] = piece["html"].replace(
                    f'href="#{FOOTNOTE_ANCHOR}', f'href="#{anchor}-{FOOTNOTE_ANCHOR}'
                )
    return drawn


def _bodies(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Every body of text in the document (front page, sections, text appendices)."""
    bodies = [
        document.get("synopsis"),
        document.get("next_steps"),
        *document.get("recommendations", []),
        *document.get("sections", []),
        *(appendix.get("body") for appendix in document.get("appendices", [])),
    ]
    return [body for body in bodies if isinstance(body, dict)]


def _placed_tables(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        piece["table"]
        for body in _bodies(document)
        for piece in body.get("pieces", [])
        if "table" in piece
    ]


def footnotes_at_their_calls(document: dict[str, Any]) -> dict[str, Any]:
    """``document`` (as ``with_block_context`` drew it) with each footnote's text moved to
    the first place that calls it, for print: the stylesheet floats it to the foot of that
    page (WeasyPrint's ``float: footnote``). A note called nowhere stays in its body's list.

    The web preview keeps the list at the end of each body instead, with links both ways.
    """
    call = re.compile(
        rf'<sup class="footnote-ref"><a href="#{re.escape(document["anchor"])}-'
        rf'{FOOTNOTE_ANCHOR}(\d+)">\d+</a></sup>'
    )
    for body in _bodies(document):
        _notes_at_calls(body, call)
    return document


def _notes_at_calls(body: dict[str, Any], call: re.Pattern) -> None:
    notes = {note["number"]: note for note in body.get("footnotes", [])}
    placed: set[int] = set()

    def at_call(match: re.Match) -> str:
        number = int(match.group(1))
        note = notes.get(number)
        if note is None or number in placed:
            return match.group(0)
        placed.add(number)
        return f'<span class="footnote" data-number="{number}">{note["html"]}</span>'

    for piece in body.get("pieces", []):
        if "html" in piece:
            piece["html"] = call.sub(at_call, piece["html"])
    body["footnotes"] = [note for number, note in notes.items() if number not in placed]


def report_fragment(document: dict[str, Any]) -> str:
    """The report's HTML body, for embedding in a web page."""
    anchor = f"report-{document.get('id') or 'block'}"
    return render_to_string("reports/_report.html", {"doc": with_block_context(document, anchor)})


def print_html(
    documents: list[dict[str, Any]],
    title: str,
    author: str,
    subject: str,
    pack: dict[str, Any] | None = None,
) -> str:
    """A whole HTML document for WeasyPrint: one report, or a pack of them with a cover.

    Headings are anchored by the report's place in the document, not its database id, so the
    same papers give the same HTML (and ``html_to_pdf`` lays them out once).
    """
    return stable_ids(
        render_to_string(
            "reports/pdf.html",
            {
                "documents": [
                    footnotes_at_their_calls(with_block_context(document, f"report-{position}"))
                    for position, document in enumerate(documents, start=1)
                ],
                "title": title,
                "author": author,
                "subject": subject,
                "pack": pack,
            },
        )
    )


#: The random ids charts are drawn with (``chart-<uuid4>``, ``chart-<12 hex>``,
#: ``serie-<8 hex>``) and pygal's dated "Generated with" comments.
_RANDOM_ID = re.compile(
    r"\b(chart|serie)-([0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}|[0-9a-f]{12}|[0-9a-f]{8})\b"
)
_PYGAL_COMMENT = re.compile(
    r"<!--(?:Generated with pygal|http://pygal|http://github.com/Kozea)[^>]*-->"
)


def stable_ids(html: str) -> str:
    """The document with its charts' random ids numbered in order of appearance (still unique
    within it) and pygal's dated comments dropped: the same papers give the same HTML."""
    numbers: dict[str, str] = {}

    def number(match: re.Match) -> str:
        token = match.group(0)
        if token not in numbers:
            numbers[token] = f"{match.group(1)}-n{len(numbers) + 1}"
        return numbers[token]

    return _RANDOM_ID.sub(number, _PYGAL_COMMENT.sub("", html))


def pack_front_html(
    contents: list[dict[str, Any]], title: str, author: str, subject: str, pack: dict[str, Any]
) -> str:
    """An agenda pack's cover and contents on their own, for joining to the reports' own
    PDFs: ``contents`` has a row per report (``anchor``, ``title``, ``agenda_item``,
    ``exempt``, ``status``, ``first_page``: the pack page its report starts on)."""
    return render_to_string(
        "reports/pdf.html",
        {
            "documents": contents,
            "title": title,
            "author": author,
            "subject": subject,
            "pack": pack,
            "front_only": True,
        },
    )
