"""Agenda packs joined from PDFs already made: the pack's front pages (cover and contents),
then each report's own PDF page for page, with the pack's page numbers stamped on and the
reports' bookmarks under the pack's.

Laying a 100-page pack out again took WeasyPrint twenty seconds or so, although every
published report already has its PDF (kept when it was published) and a draft's is kept by
the ``pdfs`` cache; joining PDFs (pikepdf, on qpdf) takes a fraction of a second. What a
reader of the pack needs from one document is kept across the join:

* the tagged structure (PDF/UA-1): each report's structure elements follow the front pages'
  under the one ``Document`` element, with the pages' and links' keys into the parent tree
  moved past the ones before them;
* links: a link to a named destination (a contents row, a report's cross-reference) points
  at the page itself, since every report names its own ``report-1``;
* bookmarks: the front pages' outline, then each report's own (its title first, pointing at
  its first page);
* the front pages' metadata, language and XMP (rendered with the pack's title).

Plain functions on bytes, so the joining is tested without a database.
"""

from __future__ import annotations

import ctypes
import io
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem, Pdf, String

#: The pack's page number: the running footer's type (8 pt Liberation Sans), at the top
#: right of the page, in the top margin (a report keeps its own "Page n of m" at the foot).
STAMP_FONT_FAMILY = "Liberation Sans"
STAMP_SIZE = 8
STAMP_TEXT = "Pack page {number} of {total}"


@dataclass(frozen=True)
class Part:
    """One report in the pack: the anchor the contents' links name (``report-1``...) and
    the report's own PDF."""

    anchor: str
    pdf: bytes


def assemble(
    parts: list[Part],
    front: Callable[[list[int]], bytes],
    margins: tuple[float, float] | None,
) -> bytes:
    """The pack: ``front(page counts of the parts)`` (the cover and contents, which need to
    know where each report starts) followed by each part's pages, as one tagged PDF.

    ``margins`` (top and right margin, in points) places the pack's page number on every
    page, drawn as a pagination artifact so screen readers pass over it as they pass over the
    running footer; ``None`` leaves the pages unnumbered.
    """
    sources = [Pdf.open(io.BytesIO(part.pdf)) for part in parts]
    try:
        pack = Pdf.open(io.BytesIO(front([len(source.pages) for source in sources])))
        with pack:
            return _assemble(pack, sources, parts, margins)
    finally:
        for source in sources:
            source.close()


def page_count(pdf: bytes) -> int:
    with Pdf.open(io.BytesIO(pdf)) as opened:
        return len(opened.pages)


def _assemble(pack: Pdf, sources: list[Pdf], parts: list[Part], margins) -> bytes:
    front_pages = len(pack.pages)
    front_named = _named_destinations(pack)
    tree = _structure_root(pack)
    document = _document_element(tree)
    next_key = _next_key(tree)
    firsts: dict[str, pikepdf.Object] = {}
    with pack.open_outline() as outline:
        for part, source in zip(parts, sources, strict=True):
            first = len(pack.pages)
            with warnings.catch_warnings():
                # Its named destinations are turned into explicit ones just below.
                warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
                pack.pages.extend(source.pages)
            pages = [pack.pages[first + index] for index in range(len(source.pages))]
            firsts[part.anchor] = pages[0].obj
            place = _placer(source, pages)
            named = {name: place(value) for name, value in _named_destinations(source).items()}
            for page in pages:
                _rewrite_links(page, named, {})
            next_key = _join_structure(pack, source, pages, document, tree, next_key)
            outline.root.extend(_copied_item(item, place) for item in _outline(source))
    tree.ParentTreeNextKey = next_key
    # The contents' rows link to the reports' anchors: now to each report's first page.
    for page in list(pack.pages)[:front_pages]:
        _rewrite_links(page, front_named, firsts)
    if "/Names" in pack.Root:
        del pack.Root.Names
    if margins is not None:
        _stamp(pack, *margins)
    out = io.BytesIO()
    pack.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, deterministic_id=True)
    return out.getvalue()


def _placer(source: Pdf, pages: list[pikepdf.Page]):
    """A function turning ``source``'s explicit destination (``[page /XYZ left top zoom]``,
    or a dictionary holding one as ``/D``) into the same place on the pack's copy of the
    page; ``None`` when it names no page of ``source``."""
    indexes = {page.obj.objgen: index for index, page in enumerate(source.pages)}

    def place(destination) -> Array | None:
        if isinstance(destination, Dictionary):
            destination = destination.get("/D")
        if not isinstance(destination, Array) or not len(destination):
            return None
        index = indexes.get(destination[0].objgen)
        if index is None:
            return None
        return Array([pages[index].obj, *(_scalar(value) for value in list(destination)[1:])])

    return place


def _scalar(value):
    """A destination's name or number, detached from the PDF it was read from."""
    if isinstance(value, Name):
        return Name(str(value))
    if value is None:
        return None
    return float(value)


def _outline(source: Pdf) -> list[OutlineItem]:
    with source.open_outline() as outline:
        return list(outline.root)


def _copied_item(item: OutlineItem, place) -> OutlineItem:
    copied = OutlineItem(str(item.title), place(item.destination))
    copied.children.extend(_copied_item(child, place) for child in item.children)
    return copied


def _structure_root(pack: Pdf) -> Dictionary:
    if "/StructTreeRoot" not in pack.Root:
        raise ValueError("the front pages are not tagged")
    return pack.Root.StructTreeRoot


def _document_element(tree: Dictionary) -> Dictionary:
    kids = tree.K if isinstance(tree.K, Array) else Array([tree.K])
    (document,) = [kid for kid in kids if kid.get("/S") == Name.Document]
    if not isinstance(document.get("/K"), Array):
        document.K = Array([document.K] if "/K" in document else [])
    return document


def _next_key(tree: Dictionary) -> int:
    numbers = tree.ParentTree.Nums
    keys = [int(numbers[index]) for index in range(0, len(numbers), 2)]
    return max(keys, default=-1) + 1


def _join_structure(pack, source, pages, document, tree, offset: int) -> int:
    """Hang ``source``'s structure elements under the pack's ``Document`` element and
    move its parent-tree keys (on its pages and links) up by ``offset``; the next free key."""
    if "/StructTreeRoot" not in source.Root:
        return offset
    copied = pack.copy_foreign(source.Root.StructTreeRoot)
    kids = copied.K if isinstance(copied.K, Array) else Array([copied.K])
    replaced = {copied.objgen}
    for kid in kids:
        children = [kid]
        if kid.get("/S") == Name.Document:
            replaced.add(kid.objgen)
            children = list(kid.K) if isinstance(kid.K, Array) else [kid.K]
        for child in children:
            if isinstance(child, Dictionary):
                child.P = document
            document.K.append(child)
    numbers = copied.ParentTree.Nums
    highest = -1
    for index in range(0, len(numbers), 2):
        key = int(numbers[index])
        tree.ParentTree.Nums.append(key + offset)
        tree.ParentTree.Nums.append(numbers[index + 1])
        highest = max(highest, key)
        _adopt(numbers[index + 1], replaced, document)
    for page in pages:
        if "/StructParents" in page.obj:
            page.obj.StructParents = int(page.obj.StructParents) + offset
        for annotation in page.obj.get("/Annots", Array()):
            if "/StructParent" in annotation:
                annotation.StructParent = int(annotation.StructParent) + offset
    return offset + highest + 1


def _adopt(elements, replaced: set[tuple[int, int]], document: Dictionary) -> None:
    """WeasyPrint hangs the running footer's elements from the ``Document`` element without
    listing them among its kids: those found through the parent tree whose parent was the
    part's ``Document`` (or root) get the pack's instead."""
    for element in elements if isinstance(elements, Array) else [elements]:
        seen = set()
        while isinstance(element, Dictionary) and "/P" in element:
            if element.objgen in seen:
                break
            seen.add(element.objgen)
            if element.P.objgen in replaced:
                element.P = document
                break
            element = element.P


def _named_destinations(pdf: Pdf) -> dict[str, pikepdf.Object]:
    names = pdf.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return {}
    tree = pikepdf.NameTree(names.Dests)
    return {str(key): value for key, value in tree.items()}


def _rewrite_links(page, named, anchors) -> None:
    for annotation in page.obj.get("/Annots", Array()):
        destination = annotation.get("/Dest")
        if not isinstance(destination, String | Name):
            continue
        name = str(destination).lstrip("/")
        if name in anchors:
            target = anchors[name]
            annotation.Dest = Array([target, Name.XYZ, 0, target.MediaBox[3], 0])
        elif named.get(name) is not None:
            annotation.Dest = named[name]
        else:
            del annotation.Dest


def _stamp(pack: Pdf, top_margin: float, right_margin: float) -> None:
    """Each page's number in the pack, right-aligned to the content box's right edge and
    centred in the top margin as a margin box's line would be."""
    font = _stamp_font()
    reference = pack.make_indirect(
        Dictionary(
            Type=Name.Font,
            Subtype=Name.TrueType,
            BaseFont=Name("/" + font.base_name),
            FirstChar=font.first_char,
            LastChar=font.first_char + len(font.widths) - 1,
            Widths=Array(font.widths),
            Encoding=Name.WinAnsiEncoding,
            FontDescriptor=Dictionary(
                Type=Name.FontDescriptor,
                FontName=Name("/" + font.base_name),
                Flags=32,
                FontBBox=Array(font.bbox),
                ItalicAngle=0,
                Ascent=font.ascent,
                Descent=font.descent,
                CapHeight=font.cap_height,
                StemV=80,
                FontFile2=pack.make_stream(font.data, Length1=len(font.data)),
            ),
        )
    )
    total = len(pack.pages)
    size = STAMP_SIZE
    line = (font.line_ascent + font.line_descent) * size / 1000
    for number, page in enumerate(pack.pages, start=1):
        text = STAMP_TEXT.format(number=number, total=total)
        width = sum(font.width(char) for char in text) * size / 1000
        x0, _, x1, y1 = (float(value) for value in page.mediabox)
        x = x1 - right_margin - width
        baseline = y1 - (top_margin - line) / 2 - font.line_ascent * size / 1000
        name = page.add_resource(reference, Name.Font, name=Name.PackPageFont)
        page.contents_add(b"q\n", prepend=True)
        page.contents_add(
            b"\nQ\n/Artifact <</Type /Pagination /Subtype /Header>> BDC\nBT "
            + f"{name} {size} Tf 0 g {x:.2f} {baseline:.2f} Td ".encode()
            + pikepdf.String(text).unparse()
            + b" Tj ET\nEMC\n"
        )


@dataclass(frozen=True)
class StampFont:
    base_name: str
    data: bytes
    first_char: int
    widths: list[int]
    bbox: list[int]
    ascent: int
    descent: int
    cap_height: int
    #: The line box's ascent and descent (hhea), in thousandths of the size.
    line_ascent: float
    line_descent: float

    def width(self, char: str) -> int:
        return self.widths[ord(char) - self.first_char]


@lru_cache(maxsize=1)
def _stamp_font() -> StampFont:
    """The footer's font, cut down to what a page number needs and embedded (PDF/UA asks
    every font to be embedded), as a simple TrueType font in WinAnsi encoding."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    path = _font_file(STAMP_FONT_FAMILY)
    font = TTFont(path)
    if "glyf" not in font:
        raise ValueError(f"{path}: the page-number font must be a TrueType font")
    characters = "".join(sorted(set(STAMP_TEXT.format(number=0, total=123456789))))
    options = subset.Options()
    options.name_IDs = ["*"]
    options.drop_tables += ["FFTM"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    scale = 1000 / font["head"].unitsPerEm
    cmap = font.getBestCmap()
    first, last = ord(min(characters)), ord(max(characters))
    widths = [
        round(font["hmtx"][cmap[code]][0] * scale) if code in cmap else 0
        for code in range(first, last + 1)
    ]
    head, hhea, os2 = font["head"], font["hhea"], font["OS/2"]
    data = io.BytesIO()
    font.save(data)
    family = font["name"].getDebugName(6) or STAMP_FONT_FAMILY.replace(" ", "")
    return StampFont(
        base_name=f"PKPAGE+{family}",
        data=data.getvalue(),
        first_char=first,
        widths=widths,
        bbox=[round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)],
        ascent=round(hhea.ascent * scale),
        descent=round(hhea.descent * scale),
        cap_height=round(getattr(os2, "sCapHeight", hhea.ascent) * scale),
        line_ascent=hhea.ascent * scale,
        line_descent=-hhea.descent * scale,
    )


def _font_file(family: str) -> str:
    """The file fontconfig picks for ``family``, as WeasyPrint (through Pango) picks it for the
    footer; asked of the library WeasyPrint already needs, not of the ``fc-match`` tool, which
    a server need not have."""
    library = ctypes.CDLL("libfontconfig.so.1")
    library.FcNameParse.restype = ctypes.c_void_p
    library.FcNameParse.argtypes = [ctypes.c_char_p]
    library.FcConfigSubstitute.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int]
    library.FcDefaultSubstitute.argtypes = [ctypes.c_void_p]
    library.FcFontMatch.restype = ctypes.c_void_p
    library.FcFontMatch.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.POINTER(ctypes.c_int)]
    library.FcPatternGetString.argtypes = [
        ctypes.c_void_p,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.POINTER(ctypes.c_char_p),
    ]
    library.FcPatternDestroy.argtypes = [ctypes.c_void_p]
    pattern = library.FcNameParse(family.encode())
    library.FcConfigSubstitute(None, pattern, 0)  # FcMatchPattern
    library.FcDefaultSubstitute(pattern)
    result = ctypes.c_int()
    match = library.FcFontMatch(None, pattern, ctypes.byref(result))
    library.FcPatternDestroy(pattern)
    if not match:
        raise ValueError(f"no font found for {family!r}")
    file = ctypes.c_char_p()
    try:
        if library.FcPatternGetString(match, b"file", 0, ctypes.byref(file)) != 0:
            raise ValueError(f"fontconfig gave no file for {family!r}")
        return file.value.decode()
    finally:
        library.FcPatternDestroy(match)
