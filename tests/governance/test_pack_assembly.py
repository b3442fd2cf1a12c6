"""Agenda packs joined from the reports' own PDFs (governance.reports.assembly): every report's
pages unchanged and in order behind the cover and contents, the pack's page numbers running on
across them, one bookmark per report at its first page, links and tags that still work.

No database: three small reports are rendered by the product's renderer (one long enough for
several pages, one with a landscape table and a link to its own note) and joined.
"""

from __future__ import annotations

import io

import pdfplumber
import pytest
from pypdf import PdfReader

from governance.reports.assembly import STAMP_TEXT
from governance.reports.pack import join_pack
from governance.reports.pdf import PAGE, POINTS_PER_MM, render_pdf

COVER = {
    "council": "Hammersmith and Fulham",
    "committee": "Education Select Committee",
    "meeting_date_label": "17 January 2012",
    "venue": "Town Hall",
    "includes_exempt": False,
    "includes_drafts": False,
}
PACK_TITLE = "Education Select Committee, 17 January 2012: agenda pack"
TITLES = ["Alpha budget report", "Beta services review", "Gamma commissioning plan"]


def report_pdf(title: str, body: str) -> bytes:
    return render_pdf(
        f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{title}</title>'
        f'</head><body><article class="report"><h1 class="report-title" id="report-1">{title}'
        f"</h1>{body}</article></body></html>"
    )


def paragraphs(word: str, count: int) -> str:
    return "".join(
        f"<p>{word} paragraph {n}: " + "The committee notes the figures. " * 12 + "</p>"
        for n in range(count)
    )


@pytest.fixture(scope="module")
def pack():
    wide_rows = "".join(f"<tr><td>Row {n}</td><td class='num'>{n}</td></tr>" for n in range(4))
    bodies = [
        "<p>Alpha only page.</p>",
        "<h2>Background</h2>" + paragraphs("Beta", 30),
        "<p>See the <a href='#gamma-note'>note on the timetable</a>.</p>"
        + paragraphs("Gamma", 8)
        + f"<div class='wide'><table><tbody>{wide_rows}</tbody></table></div>"
        + "<p id='gamma-note'>Gamma note: staff move in December.</p>",
    ]
    parts = [report_pdf(title, body) for title, body in zip(TITLES, bodies, strict=True)]
    documents = [
        {"title": title, "agenda_item": n, "exempt": False, "status": "published"}
        for n, title in enumerate(TITLES, start=1)
    ]
    joined = join_pack(COVER, PACK_TITLE, documents, parts)
    return joined, [PdfReader(io.BytesIO(part)) for part in parts]


def first_pages(parts: list[PdfReader], front: int) -> list[int]:
    """Each report's first page in the pack (0-based)."""
    starts, start = [], front
    for part in parts:
        starts.append(start)
        start += len(part.pages)
    return starts


def front_pages(joined: bytes, parts: list[PdfReader]) -> int:
    return len(PdfReader(io.BytesIO(joined)).pages) - sum(len(part.pages) for part in parts)


def contents_bytes(page) -> bytes:
    contents = page.get_contents()
    return contents.get_data() if contents is not None else b""


def test_the_pack_holds_every_reports_own_pages_in_order_behind_the_contents(pack):
    joined, parts = pack
    reader = PdfReader(io.BytesIO(joined))
    front = front_pages(joined, parts)
    assert front == 2, "a cover and a contents page"
    assert "CONTENTS" in reader.pages[1].extract_text()
    assert [len(part.pages) for part in parts][1] > 2, "Beta runs over several pages"
    for part, start in zip(parts, first_pages(parts, front), strict=True):
        for index, page in enumerate(part.pages):
            joined_page = reader.pages[start + index]
            assert contents_bytes(page) in contents_bytes(joined_page), "drawn unchanged"
            assert page.extract_text() in joined_page.extract_text()
    text = " ".join(page.extract_text() for page in reader.pages[front:])
    positions = [text.index(title) for title in TITLES]
    assert positions == sorted(positions)


def test_the_contents_gives_each_reports_first_page_in_the_pack(pack):
    joined, parts = pack
    reader = PdfReader(io.BytesIO(joined))
    contents = reader.pages[1].extract_text()
    starts = first_pages(parts, front_pages(joined, parts))
    for number, (title, start) in enumerate(zip(TITLES, starts, strict=True), start=1):
        assert f"{number} {title} {start + 1}" in contents


def test_the_packs_page_numbers_run_on_across_the_reports_at_the_top_right(pack):
    joined, _ = pack
    with pdfplumber.open(io.BytesIO(joined)) as opened:
        total = len(opened.pages)
        landscape = 0
        for number, page in enumerate(opened.pages, start=1):
            stamp = STAMP_TEXT.format(number=number, total=total)
            words = page.extract_words()
            line = [w for w in words if w["bottom"] <= PAGE.top * POINTS_PER_MM]
            assert " ".join(w["text"] for w in line).endswith(stamp), f"page {number}"
            right = float(page.width) - PAGE.right * POINTS_PER_MM
            assert abs(line[-1]["x1"] - right) < 1, f"page {number}: right-aligned"
            landscape += page.width > page.height
        assert landscape, "a landscape page is numbered too"


def test_each_report_has_one_bookmark_at_its_first_page_and_keeps_its_own_below_it(pack):
    joined, parts = pack
    reader = PdfReader(io.BytesIO(joined))
    top = [item for item in reader.outline if not isinstance(item, list)]
    assert [item.title for item in top] == [COVER["committee"], *TITLES]
    starts = first_pages(parts, front_pages(joined, parts))
    assert [reader.get_destination_page_number(item) for item in top[1:]] == starts
    beta = reader.outline[reader.outline.index(top[2]) + 1]
    assert isinstance(beta, list) and beta[0].title == "Background"


def test_links_go_to_the_packs_own_pages(pack):
    joined, parts = pack
    reader = PdfReader(io.BytesIO(joined))
    index = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}

    def targets(page) -> list[int]:
        found = []
        for annotation in page.get("/Annots") or []:
            destination = annotation.get_object().get("/Dest")
            assert not isinstance(destination, str), "no named destination is left"
            if destination is not None:
                found.append(index[destination[0].idnum])
        return found

    starts = first_pages(parts, front_pages(joined, parts))
    assert sorted(set(targets(reader.pages[1]))) == starts
    gamma = range(starts[2], len(reader.pages))
    (link,) = [target for n in gamma for target in targets(reader.pages[n])]
    assert "Gamma note" in reader.pages[link].extract_text()
    assert "/Names" not in reader.trailer["/Root"]


def test_the_pack_is_one_tagged_document_whose_tags_point_at_its_pages(pack):
    joined, parts = pack
    reader = PdfReader(io.BytesIO(joined))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB" and root["/MarkInfo"]["/Marked"]
    assert reader.metadata.title == PACK_TITLE
    tree = root["/StructTreeRoot"]
    (document,) = tree["/K"]
    assert document.get_object()["/S"] == "/Document"
    numbers = tree["/ParentTree"]["/Nums"]
    keys = [int(key) for key in numbers[::2]]
    assert len(keys) == len(set(keys)) and tree["/ParentTreeNextKey"] > max(keys)
    parent_tree = dict(zip(keys, numbers[1::2], strict=True))
    pages = {page.indirect_reference.idnum: page for page in reader.pages}
    seen_keys = set()
    for page in reader.pages:
        key = page["/StructParents"]
        seen_keys.add(key)
        for element in parent_tree[key]:
            element = element.get_object()
            assert element.raw_get("/Pg").idnum == page.indirect_reference.idnum
            parent = element
            while parent.get("/S") != "/Document":
                parent = parent["/P"].get_object()
            assert parent is document.get_object(), "every element is under the one Document"
    assert len(seen_keys) == len(pages), "each page its own key"
    headings = [role for role in roles(document.get_object()) if role == "/H1"]
    assert len(headings) == len(TITLES) + 1, "the cover's heading and each report's"


def roles(element) -> list[str]:
    """The structure types below ``element``, depth first."""
    kids = element.get("/K")
    kids = kids if isinstance(kids, list) else [kids]
    found = []
    for kid in kids:
        kid = kid.get_object() if kid is not None else None
        if isinstance(kid, dict) and kid.get("/Type", "/StructElem") == "/StructElem":
            found += [kid["/S"], *roles(kid)]
    return found


def test_the_page_numbers_font_is_embedded(pack):
    joined, _ = pack
    reader = PdfReader(io.BytesIO(joined))
    fonts = reader.pages[-1]["/Resources"]["/Font"]
    stamp_font = fonts["/PackPageFont"].get_object()
    assert "/FontFile2" in stamp_font["/FontDescriptor"]
