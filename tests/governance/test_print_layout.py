"""Papers that fit the page, read back from the PDFs as a committee clerk would check them.

Each demo paper (as ``load_demo`` publishes it), the H&F mandate printed on its own, one demo
paper again as a draft, and an agenda pack holding a published paper and a draft (joined from
their own PDFs behind a cover and contents) are laid out once for the module. From the PDF's
word boxes (pdfplumber) every word must lie inside the page's content box, computed from the
same geometry the stylesheet's ``@page`` rules are drawn from (``governance.reports.pdf.PAGE``),
landscape pages included; the page furniture in the margin boxes (the running title, "Page n
of m", the DRAFT and EXEMPT lines) and a pack's stamped "Pack page n of m" is the only text
allowed in the margins. From the layout itself (WeasyPrint's boxes) no page may hold a table
whose only body row there is its total. DRAFT is on every page of a draft and on no page of a
published paper.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass

import pdfplumber
import pytest
from django.conf import settings
from pypdf import PdfReader
from weasyprint.formatting_structure import boxes

from childrens_services import blocks
from governance.models import CommitteeReport, ReportSection
from governance.reports.document import build_document, standalone_document
from governance.reports.pack import assemble_pack
from governance.reports.pdf import PAGE, PDF_VARIANT, layout, report_html
from mandates.models import Mandate
from tests.conftest import DEMO_PASSWORD, make_user
from tests.demo_once import demo_database
from tests.governance.reports_factory import make_report

pytestmark = [pytest.mark.django_db, pytest.mark.long]

ROWS = json.loads(
    (settings.BASE_DIR / "fixtures" / "governance" / "reports" / "reports.json").read_text()
)["reports"]
SEEDS = [row["seed"] for row in ROWS]

POINTS_PER_MM = 72 / 25.4
#: How far (points) a glyph's box may reach past an edge: font metrics, not layout.
TOLERANCE = 0.5
#: The words the margin boxes print besides the running title and page numbers.
FURNITURE = {
    *("DRAFT", "–", "NOT", "PUBLISHED", "EXEMPT", "FOR", "PUBLICATION", "Page", "of"),
    *("Pack", "page"),
}
#: A body with a footnote, for the pack's draft.
NOTE_TEXT = "Subject to the Cabinet's decision in October."
NOTED_BODY = f"The new model starts in November.[^1]\n\n[^1]: {NOTE_TEXT}"


@dataclass
class Laid:
    """One paper laid out: its PDF, each page's words and named page, and its tables' body
    rows on each page (the class of each row), from one layout."""

    pdf: bytes
    title: str
    words: list[list[dict]]
    sizes: list[tuple[float, float]]
    page_names: list[str]
    table_rows: list[list[list[str]]]
    #: Whether the page has the DRAFT watermark drawn across it.
    watermarked: list[bool]

    @property
    def pages(self) -> range:
        return range(len(self.words))

    def text(self, page: int) -> str:
        return " ".join(word["text"] for word in self.words[page])


def read_back(pdf: bytes, title: str, page_names: list[str], table_rows) -> Laid:
    with pdfplumber.open(io.BytesIO(pdf)) as opened:
        words = [page.extract_words() for page in opened.pages]
        sizes = [(float(page.width), float(page.height)) for page in opened.pages]
        watermarked = [has_watermark(page) for page in opened.pages]
    return Laid(pdf, title, words, sizes, page_names, table_rows, watermarked)


def lay_out(html: str, title: str) -> Laid:
    document = layout(html)
    pdf = document.write_pdf(pdf_variant=PDF_VARIANT)
    page_names, table_rows = [], []
    for page in document.pages:
        page_box = page._page_box
        page_names.append(page_box.page_type.name or "")
        tables = []
        for box in page_box.descendants():
            if isinstance(box, boxes.TableBox):
                tables.append(
                    [
                        " ".join((row.element.get("class") or "").split()) or "row"
                        for group in box.children
                        if isinstance(group, boxes.TableRowGroupBox) and not group.is_header
                        for row in group.children
                    ]
                )
        table_rows.append(tables)
    return read_back(pdf, title, page_names, table_rows)


#: The watermark's grey (the fill of templates/reports/draft-watermark.svg), as PDF colour.
WATERMARK_GREY = tuple(
    int(hex_pair, 16) / 255
    for hex_pair in re.findall(
        r"..",
        re.search(
            r'fill="#(\w{6})"',
            (settings.BASE_DIR / "templates/reports/draft-watermark.svg").read_text(),
        ).group(1),
    )
)


def has_watermark(page) -> bool:
    """Shapes in the watermark's grey spanning most of the page, as the word DRAFT does."""
    shapes = [
        curve
        for curve in page.curves
        if len(colour := curve.get("non_stroking_color") or ()) == 3
        and all(abs(a - b) < 0.01 for a, b in zip(colour, WATERMARK_GREY, strict=True))
    ]
    if not shapes:
        return False
    width = max(c["x1"] for c in shapes) - min(c["x0"] for c in shapes)
    height = max(c["bottom"] for c in shapes) - min(c["top"] for c in shapes)
    return width > page.width / 2 and height > page.height / 3


@pytest.fixture(scope="module")
def papers(django_db_setup, django_db_blocker):
    """The five published demo papers, the standalone H&F mandate, seed 003 again as a new
    draft version, and an agenda pack of a published paper and a draft: one load, one layout
    each. The demo data is a copy of the run's one load (``tests/demo_once.py``); the draft and
    the pack's extra report made here go when the module ends, with the demo."""
    with django_db_blocker.unblock(), demo_database(DEMO_PASSWORD):
        laid = {}
        for row in ROWS:
            report = CommitteeReport.objects.get(
                title=row["title"], meeting__date=row["meeting"]["date"], supersedes=None
            )
            laid[row["seed"]] = lay_out(report_html(report.snapshot), report.title)
            assert laid[row["seed"]].pdf == bytes(report.pdf), "the published bytes are measured"
        mandate = Mandate.objects.get(authority__dfe_code="205", start_year=2011)
        document = standalone_document("mandate", {"mandate": mandate.pk}, title="Mandate")
        laid["mandate"] = lay_out(report_html(document), document["title"])

        clerk = make_user("clerk_layout", "clerk", [])
        published = CommitteeReport.objects.get(title=ROWS[3]["title"], supersedes=None)
        draft = published.supersede(clerk)
        laid["draft"] = lay_out(report_html(build_document(draft)), draft.title)

        harrow = CommitteeReport.objects.get(title=ROWS[2]["title"], supersedes=None)
        extra = make_report(
            harrow.meeting.committee.authority,
            meeting=harrow.meeting,
            number=9,
            title="Update on the new operating model",
        )
        ReportSection.objects.create(report=extra, position=2, heading="Timetable", body=NOTED_BODY)
        ReportSection.objects.create(
            report=extra, position=3, heading="Next steps", body="Staff move in December."
        )
        # The pack's report pages are the reports' own pages: their tables are checked as
        # each report was laid out (the published one above, the draft here).
        extra_laid = lay_out(report_html(build_document(extra)), extra.title)
        pack = assemble_pack(
            harrow.meeting,
            [harrow.snapshot, build_document(extra)],
            [bytes(harrow.pdf), extra_laid.pdf],
        )
        published_laid = laid[ROWS[2]["seed"]]
        front = len(PdfReader(io.BytesIO(pack)).pages) - len(published_laid.pages)
        front -= len(extra_laid.pages)
        laid["pack"] = read_back(
            pack,
            harrow.meeting.committee.name,
            [""] * front + published_laid.page_names + extra_laid.page_names,
            [[]] * front + published_laid.table_rows + extra_laid.table_rows,
        )
        laid["pack_titles"] = (harrow.title, extra.title)
        yield laid


def content_box(size: tuple[float, float]) -> tuple[float, float, float, float]:
    """The content box (x0, top, x1, bottom) in points of a page of ``size`` points."""
    width, height = size
    geometry = PAGE if height > width else PAGE.landscape()
    assert abs(width - geometry.width * POINTS_PER_MM) < 1, "an A4 page, as @page sets it"
    return tuple(edge * POINTS_PER_MM for edge in geometry.content_box())


def outside(word: dict, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    return (
        word["x0"] < x0 - TOLERANCE
        or word["x1"] > x1 + TOLERANCE
        or word["top"] < top - TOLERANCE
        or word["bottom"] > bottom + TOLERANCE
    )


def is_furniture(word: dict, box: tuple[float, float, float, float], titles: set[str]) -> bool:
    """A word of a margin box: wholly in the top or bottom margin, and one the margin boxes
    print (the DRAFT or EXEMPT line, "Page n of m", a word of the running title)."""
    _, top, _, bottom = box
    in_margin = word["bottom"] <= top + TOLERANCE or word["top"] >= bottom - TOLERANCE
    text = word["text"]
    return in_margin and (text in FURNITURE or text.isdigit() or text in titles)


def words_outside(paper: Laid, titles: set[str]) -> list[str]:
    found = []
    for page in paper.pages:
        box = content_box(paper.sizes[page])
        for word in paper.words[page]:
            if outside(word, box) and not is_furniture(word, box, titles):
                found.append(
                    f"p{page + 1} {word['text']!r} at x {word['x0']:.0f}–{word['x1']:.0f}, "
                    f"y {word['top']:.0f}–{word['bottom']:.0f}"
                )
    return found


def title_words(*titles: str) -> set[str]:
    return {word for title in titles for word in title.split()}


@pytest.mark.parametrize("name", [*SEEDS, "mandate", "draft", "pack"])
def test_no_text_lies_outside_the_pages_content_box(papers, name):
    paper = papers[name]
    titles = title_words(paper.title, *papers["pack_titles"])
    assert paper.words and all(paper.words), f"{name}: every page has text"
    found = words_outside(paper, titles)
    assert not found, f"{name}: text outside the content box:\n" + "\n".join(found[:20])


def broken_tables(paper: Laid) -> list[str]:
    """Table fragments cut where a clerk would not cut them: a page whose only body row of a
    table is its total, or whose part of a table ends on a group's heading ("Assured
    savings") with none of its rows."""
    return [
        f"page {page + 1}: {rows}"
        for page in paper.pages
        for rows in paper.table_rows[page]
        if rows and (all(row == "total" for row in rows) or rows[-1] == "group")
    ]


@pytest.mark.parametrize("name", [*SEEDS, "mandate", "draft", "pack"])
def test_no_page_holds_only_a_tables_total_row_or_a_heading_without_its_rows(papers, name):
    broken = broken_tables(papers[name])
    assert not broken, f"{name}: a table cut badly:\n" + "\n".join(broken)


def test_the_layout_check_would_see_a_total_row_alone_and_text_past_the_margin(papers):
    """The checks above can fail: a word moved past the right margin is found, and so are a
    row classed "total" alone on a page and a group heading ending a page's part of a table."""
    paper = papers[SEEDS[0]]
    page = next(p for p in paper.pages if paper.words[p] and paper.table_rows[p])
    moved = dict(paper.words[page][0], x1=paper.sizes[page][0] - 10)
    shifted = Laid(
        paper.pdf, paper.title, [[moved]], [paper.sizes[page]], [""], [[["total"]]], [False]
    )
    assert words_outside(shifted, set())
    assert broken_tables(shifted)
    shifted.table_rows = [[["row", "group"]]]
    assert broken_tables(shifted)


def test_every_page_of_a_draft_says_draft_and_carries_the_watermark(papers):
    for name in ("draft", "mandate"):
        paper = papers[name]
        for page in paper.pages:
            box = content_box(paper.sizes[page])
            header = [w["text"] for w in paper.words[page] if w["bottom"] <= box[1]]
            assert "DRAFT" in header, f"{name} page {page + 1} is not marked DRAFT"
            assert paper.watermarked[page], f"{name} page {page + 1}: no watermark"


@pytest.mark.parametrize("seed", SEEDS)
def test_no_page_of_a_published_paper_says_draft(papers, seed):
    paper = papers[seed]
    for page in paper.pages:
        assert "DRAFT" not in paper.text(page).split(), f"{seed} page {page + 1}"
        assert not paper.watermarked[page], f"{seed} page {page + 1} has the watermark"


def test_an_agenda_pack_marks_the_drafts_pages_and_not_the_published_papers(papers):
    pack = papers["pack"]
    published_title, draft_title = papers["pack_titles"]
    kinds = set()
    for page in pack.pages:
        box = content_box(pack.sizes[page])
        footer = " ".join(w["text"] for w in pack.words[page] if w["top"] >= box[3])
        header = [w["text"] for w in pack.words[page] if w["bottom"] <= box[1]]
        if footer.startswith(draft_title):
            kinds.add("draft")
            assert "DRAFT" in header and pack.watermarked[page], f"page {page + 1}"
        elif footer.startswith(published_title):
            kinds.add("published")
            assert "DRAFT" not in header and not pack.watermarked[page], f"page {page + 1}"
    assert kinds == {"draft", "published"}


def test_the_mandate_on_its_own_has_its_cover_and_metadata(papers):
    paper = papers["mandate"]
    first = paper.text(0)
    assert "APPENDIX" not in first.upper()
    for shown in (
        "Hammersmith & Fulham Mandate for Children's Services 2011",
        "Council Hammersmith and Fulham",
        "Period 2011/15",
        "Status Submitted for approval",
        "Date",
        "1. Introduction",
    ):
        assert shown in first, f"{shown!r} on the first page"
    reader = PdfReader(io.BytesIO(paper.pdf))
    info = reader.metadata
    assert info.title == "Hammersmith & Fulham Mandate for Children's Services 2011"
    assert info.author == "Hammersmith and Fulham"
    assert info.subject == "Hammersmith and Fulham, 2011/15, Submitted for approval"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"


@pytest.mark.parametrize("seed", SEEDS)
def test_every_paper_names_its_author(papers, seed):
    info = PdfReader(io.BytesIO(papers[seed].pdf)).metadata
    assert info.author and info.title and info.subject


def test_a_table_too_wide_for_portrait_goes_on_a_landscape_page(papers, monkeypatch):
    """A capital programme of many years is printed landscape, inside that page's box."""
    monkeypatch.setattr(blocks, "WIDE_TABLE_COLUMNS", 4)
    document = standalone_document(
        "capital_programme",
        {"authority": "315", "years": [2016, 2017, 2018, 2019]},
        title="Capital programme",
    )
    paper = lay_out(report_html(document), "Capital programme")
    landscape = [page for page in paper.pages if paper.sizes[page][0] > paper.sizes[page][1]]
    assert landscape, "the wide table's page is landscape"
    assert all(paper.page_names[page].startswith("wide") for page in landscape)
    assert any("14,718,670" in paper.text(page) for page in landscape)
    assert not words_outside(paper, title_words(paper.title))


def test_a_footnote_sits_at_the_foot_of_the_page_that_calls_it(papers):
    """The pack's draft calls a footnote: its text is on the same page, below all the body
    text (the next section's too), inside the content box (WeasyPrint's footnote area), not
    in a list at the end of its section."""
    pack = papers["pack"]
    (page,) = [p for p in pack.pages if NOTE_TEXT.split()[0] in pack.text(p).split()]
    words = pack.words[page]
    box = content_box(pack.sizes[page])
    call = next(w for w in words if w["text"].startswith("November."))
    note = next(w for w in words if w["text"] == NOTE_TEXT.split()[0])
    below = [w["text"] for w in words if w["top"] > note["bottom"] and w["bottom"] <= box[3]]
    assert note["top"] > call["bottom"] and not below, f"text below the note: {below}"
    assert note["bottom"] <= box[3] + TOLERANCE
