"""Body text as clerks type it: Markdown, drawn as safe HTML with the papers' paragraph numbers.

Clerks write a section's body in Markdown (CommonMark with pipe tables and footnotes) through
``markdown-it-py``; raw HTML is switched off, so anything typed between angle brackets is
printed as text, and ``nh3`` cleans the result again against a short list of tags. On top of
Markdown the body follows the council papers' conventions:

- every top-level paragraph takes the next paragraph number (``3.1``, ``3.2`` ...; or ``1``,
  ``2`` ... through the whole report, as Harrow numbers them); headings, lists, tables and
  quotations take none, so sub-items never shift the paragraph numbers a cross-reference uses;
- numbered list items print as (a), (b), (c), bullets as bullets;
- ``### Heading`` is an unnumbered subheading within the section;
- ``> text`` is unnumbered text carrying on after a list (the papers' "An update on those
  ... is outlined below:"), printed as a plain paragraph, not as a quotation;
- ``[^1]`` marks a footnote, whose text (``[^1]: ...``) is printed with the paper's footnotes,
  numbered through the whole report;
- a paragraph that is only ``{{table LABEL}}`` places the report's table LABEL there (a live
  block or one typed in the composer), so "the table below" has its table below.

``render`` returns the body as *pieces*: HTML, then a table placement, then HTML..., so the
document can carry each table's data (frozen at publication) beside the text around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, TypedDict

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

#: How a report numbers its paragraphs (``CommitteeReport.numbering``).
Numbering = Literal["decimal", "continuous", "none"]

#: Footnote links point at "#fn<number>"; ``html.with_block_context`` prefixes the report's
#: anchor, so each report in an agenda pack links to its own footnotes.
FOOTNOTE_ANCHOR = "fn"

TABLE_PLACEMENT = re.compile(r"^\{\{\s*table\s+([A-Za-z0-9_-]+)\s*\}\}$")

#: The tags a body may produce; everything else is dropped (its text kept).
ALLOWED_TAGS = {
    "p", "div", "span", "strong", "em", "ul", "ol", "li", "h3", "h4", "blockquote", "br", "sup",
    "a", "table", "thead", "tbody", "tr", "th", "td", "caption", "code", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "span": {"class"},
    "p": {"class"},
    "div": {"class"},
    "ol": {"class"},
    "sup": {"class"},
    "a": {"href", "id"},
    "th": {"class", "scope"},
    "td": {"class"},
    "table": {"class"},
}


class Piece(TypedDict, total=False):
    """Part of a body: HTML (``html``), or the place of a table (``table``: its label)."""

    html: str
    table: str


class Footnote(TypedDict):
    number: int
    html: str


@dataclass
class Counter:
    """Numbers carried from one body to the next: paragraphs (for continuous numbering) and
    footnotes (always numbered through the report)."""

    paragraphs: int = 0
    footnotes: int = 0


@dataclass
class Body:
    pieces: list[Piece]
    footnotes: list[Footnote]
    tables: list[str]


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.use(footnote_plugin)
    return md


_MD = _parser()

#: Stands where a table goes, until the HTML is split into pieces. Typed text can never
#: produce it: raw HTML is escaped, so a typed "<!--" arrives as "&lt;!--".
_SENTINEL = "<!--table:{}-->"
_SENTINEL_RE = re.compile(r"<!--table:([A-Za-z0-9_-]+)-->")


def clean(html: str) -> str:
    """``html`` with only the tags and attributes a body may use."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
    )


def render(
    body: str,
    *,
    section: str | None = None,
    numbering: Numbering = "decimal",
    counter: Counter | None = None,
) -> Body:
    """``body`` as pieces of safe HTML with paragraph numbers, table places and footnotes.

    ``section`` is the section's number ("3"): with ``decimal`` numbering the paragraphs are
    3.1, 3.2 ...; with ``continuous`` they carry on from ``counter``; with ``section`` ``None``
    or ``none`` numbering nothing is numbered (a synopsis, an appendix's text).
    """
    counter = counter if counter is not None else Counter()
    env: dict = {}
    tokens = _MD.parse(body or "", env)
    footnote_texts = _footnote_texts(tokens, env)
    tokens = _without_footnote_block(tokens)
    local_count = 0
    tables: list[str] = []
    references: dict[int, int] = {}
    for index, token in enumerate(tokens):
        if token.type == "paragraph_open" and token.level == 0:
            inline = tokens[index + 1]
            placement = TABLE_PLACEMENT.match(inline.content.strip())
            if placement:
                token.meta["table"] = tokens[index + 2].meta["table"] = placement.group(1)
                inline.children = []
                tables.append(placement.group(1))
                continue
            if section is None or numbering == "none":
                continue
            if numbering == "continuous":
                counter.paragraphs += 1
                token.meta["number"] = str(counter.paragraphs)
            else:
                local_count += 1
                token.meta["number"] = f"{section}.{local_count}"
        elif token.type == "blockquote_open" and token.level == 0:
            token.meta["continuation"] = True
            _closing(tokens, index, "blockquote_close").meta["continuation"] = True
        elif token.type == "ordered_list_open":
            token.attrSet("class", "lettered")
        elif token.type in ("th_open", "td_open"):
            style = token.attrGet("style") or ""
            token.attrs.pop("style", None)
            if "right" in style:
                token.attrSet("class", "figure")
            if token.type == "th_open":
                token.attrSet("scope", "col")
        elif token.type == "inline" and token.children:
            for child in token.children:
                if child.type == "footnote_ref":
                    note = child.meta["id"]
                    if note not in references:
                        counter.footnotes += 1
                        references[note] = counter.footnotes
    html = _MD.renderer.render(tokens, _MD.options, env | {"_refs": references})
    footnotes = [
        Footnote(number=references[note], html=clean(text))
        for note, text in footnote_texts.items()
        if note in references
    ]
    footnotes.sort(key=lambda note: note["number"])
    return Body(pieces=_pieces(html), footnotes=footnotes, tables=tables)


def placed_tables(body: str) -> list[str]:
    """The labels of the tables ``body`` places, in order (``render``'s reading of them)."""
    return render(body).tables


def _pieces(html: str) -> list[Piece]:
    pieces: list[Piece] = []
    parts = _SENTINEL_RE.split(html)
    for position, part in enumerate(parts):
        if position % 2:
            pieces.append(Piece(table=part))
        elif part.strip():
            pieces.append(Piece(html=clean(part)))
    return pieces


def _footnote_texts(tokens: list[Token], env: dict) -> dict[int, str]:
    """Each footnote's text as HTML, by the plugin's id."""
    texts: dict[int, str] = {}
    current: int | None = None
    collected: list[Token] = []
    for token in tokens:
        if token.type == "footnote_open":
            current, collected = token.meta["id"], []
        elif token.type == "footnote_close" and current is not None:
            inner = [t for t in collected if t.type != "footnote_anchor"]
            texts[current] = _MD.renderer.render(inner, _MD.options, env).strip()
            for tag in ("<p>", "</p>"):
                texts[current] = texts[current].replace(tag, " ")
            texts[current] = texts[current].strip()
            current = None
        elif current is not None:
            collected.append(token)
    return texts


def _without_footnote_block(tokens: list[Token]) -> list[Token]:
    kept, inside = [], False
    for token in tokens:
        if token.type == "footnote_block_open":
            inside = True
        elif token.type == "footnote_block_close":
            inside = False
        elif not inside:
            kept.append(token)
    return kept


def _closing(tokens: list[Token], index: int, kind: str) -> Token:
    """The token closing the one at ``index`` (the next ``kind`` at its level)."""
    level = tokens[index].level
    return next(t for t in tokens[index + 1 :] if t.type == kind and t.level == level)


def _blockquote_open(self, tokens, index, options, env) -> str:
    if tokens[index].meta.get("continuation"):
        return '<div class="continuation">\n'
    return self.renderToken(tokens, index, options, env)


def _blockquote_close(self, tokens, index, options, env) -> str:
    if tokens[index].meta.get("continuation"):
        return "</div>\n"
    return self.renderToken(tokens, index, options, env)


def _paragraph_open(self, tokens, index, options, env) -> str:
    token = tokens[index]
    if "table" in token.meta:
        return _SENTINEL.format(token.meta["table"])
    if "number" in token.meta:
        return f'<p class="numbered"><span class="number">{token.meta["number"]}</span> '
    return self.renderToken(tokens, index, options, env)


def _paragraph_close(self, tokens, index, options, env) -> str:
    if "table" in tokens[index].meta:
        return ""
    return self.renderToken(tokens, index, options, env)


def _footnote_ref(self, tokens, index, options, env) -> str:
    number = env.get("_refs", {}).get(tokens[index].meta["id"])
    return f'<sup class="footnote-ref"><a href="#{FOOTNOTE_ANCHOR}{number}">{number}</a></sup>'


_MD.add_render_rule("blockquote_open", _blockquote_open)
_MD.add_render_rule("blockquote_close", _blockquote_close)
_MD.add_render_rule("paragraph_open", _paragraph_open)
_MD.add_render_rule("paragraph_close", _paragraph_close)
_MD.add_render_rule("footnote_ref", _footnote_ref)
