"""Paragraph numbering as the papers print it: section 3, paragraphs 3.1, 3.2 ...

Clerks type a section's body as plain text; numbers are computed from the order so that
inserting a paragraph renumbers the rest, as a word processor would.
"""

from __future__ import annotations

from typing import TypedDict

BULLET = "- "
SUBHEADING = "## "
CONTINUATION = "> "


class Paragraph(TypedDict):
    number: str | None
    text: str
    bullets: list[str]
    subheading: bool


def paragraphs(section_number: int | str | None, body: str) -> list[Paragraph]:
    """Split ``body`` at blank lines into numbered paragraphs.

    Within a paragraph, lines starting with "- " are its bullet points; a paragraph that is
    only bullets continues the list of the paragraph before it; a line starting with "## " is
    an unnumbered subheading; a paragraph starting with "> " is unnumbered text that carries
    on after a list (as the papers' "An update ... is outlined below:"). With
    ``section_number`` ``None`` nothing is numbered (a synopsis, a text appendix).
    """
    result: list[Paragraph] = []
    count = 0
    for chunk in _chunks(body):
        lines = [line.strip() for line in chunk]
        if len(lines) == 1 and lines[0].startswith(SUBHEADING):
            result.append(
                Paragraph(number=None, text=lines[0][3:].strip(), bullets=[], subheading=True)
            )
            continue
        if lines[0].startswith(CONTINUATION):
            text = " ".join([lines[0][2:].strip(), *lines[1:]])
            result.append(Paragraph(number=None, text=text, bullets=[], subheading=False))
            continue
        text = " ".join(line for line in lines if not line.startswith(BULLET))
        bullets = [line[2:].strip() for line in lines if line.startswith(BULLET)]
        if not text and result and not result[-1]["subheading"]:
            result[-1]["bullets"].extend(bullets)
            continue
        number = None
        if text and section_number is not None:
            count += 1
            number = f"{section_number}.{count}"
        result.append(Paragraph(number=number, text=text, bullets=bullets, subheading=False))
    return result


def _chunks(body: str) -> list[list[str]]:
    chunks: list[list[str]] = []
    current: list[str] = []
    for line in body.replace("\r\n", "\n").split("\n"):
        if line.strip():
            current.append(line)
        elif current:
            chunks.append(current)
            current = []
    if current:
        chunks.append(current)
    return chunks
