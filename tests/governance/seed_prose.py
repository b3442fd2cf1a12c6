"""The seed papers' prose as sentences, and a PDF's text made comparable with it.

The seeds are text extracted from PDFs: table rows are tab-separated, cells and sentences wrap
onto new lines, footnote markers are superscript digits, and a few lines are page furniture.
A *prose sentence* is a sentence of at least ``MIN_WORDS`` words from a paragraph that is not a
table row; both sides are normalised the same way (quotes, dashes, spacing, footnote markers)
so that "word for word" compares words, not typography.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

MIN_WORDS = 6

_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+(?=[A-Z0-9(‘“'\"£•–-])")
_FOOTNOTE_MARKS = re.compile(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]+")
_BULLETS = re.compile(r"^\s*(?:[-•▪●◦*]|\(?[a-z0-9ivx]{1,4}[.)])\s+", re.M)
_SPACES = re.compile(r"\s+")
#: "3.1 ", "1.2.4. ", and "1.3.** " (the bold marker the PDF extraction left after a number).
_PARAGRAPH_NUMBER = re.compile(r"^\s*\d+(?:\.\d+)*\.?\**\s+(?=[A-Z])")


SEEDS = Path(settings.BASE_DIR) / "fixtures" / "governance" / "reports" / "seeds"


def seed_text(name: str) -> str:
    """A seed paper's text, as the fixtures keep it (copied from the project's shared seeds,
    so a fresh clone has them)."""
    return (SEEDS / name).read_text()


def normalise(text: str) -> str:
    """Words and punctuation only: typographic quotes, dashes, markers and spacing levelled."""
    text = _FOOTNOTE_MARKS.sub("", text)
    text = (
        text.replace("’", "'")
        .replace("‘", "'")
        .replace("“", '"')
        .replace("”", '"')
        .replace("–", "-")
        .replace("—", "-")
        .replace("\u00ad", "")
        .replace("ﬁ", "fi")
        .replace("ﬂ", "fl")
        .replace("*", "")
    )
    text = re.sub(r"(\w)([-/])\s*\n\s*(\w)", r"\1\2\3", text)
    return _SPACES.sub(" ", text).strip().lower()


def prose_sentences(seed: str) -> list[str]:
    """The seed's prose sentences, normalised, in order (table rows and short lines left out)."""
    sentences: list[str] = []
    for block in re.split(r"\n\s*\n", seed):
        lines = [line for line in block.split("\n") if "\t" not in line and line.strip()]
        if not lines:
            continue
        for line in _BULLETS.sub("", "\n".join(lines)).split("\n"):
            # A footnote marker after a full stop ("average.¹ Children's") ends the sentence.
            line = _FOOTNOTE_MARKS.sub("", _PARAGRAPH_NUMBER.sub("", line))
            for sentence in _SENTENCE_END.split(line):
                if len(sentence.split()) >= MIN_WORDS:
                    sentences.append(normalise(sentence))
    return sentences


#: The printed paper's running footer ("<title> Page 7 of 20"), which the PDF's text puts
#: wherever a page ends, in the middle of a sentence that runs on to the next page.
_RUNNING_FOOTER = re.compile(r"^.*\bPage \d+ of \d+[ \t]*(?:\n|$)", re.M)
#: A list's markers the PDF's text leaves alone on a line where a page ends, like the footer.
_LONE_MARKERS = re.compile(r"^[ \t]*•[ \t]*(?:\n|$)", re.M)


def missing_sentences(seed: str, printed: str) -> tuple[list[str], int]:
    """The seed's prose sentences not found word for word in ``printed``, and how many in all."""
    sentences = prose_sentences(seed)
    haystack = normalise(_LONE_MARKERS.sub("", _RUNNING_FOOTER.sub("", printed)))
    return [sentence for sentence in sentences if sentence not in haystack], len(sentences)
