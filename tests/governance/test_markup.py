"""Body text: Markdown drawn safely, numbered as the council papers number paragraphs."""

from __future__ import annotations

import re

from governance.reports.markup import Counter, placed_tables, render


def _numbers(html: str) -> list[str]:
    return re.findall(r'<span class="number">([\d.]+)</span>', html)


def _html(body) -> str:
    return "".join(piece.get("html", "") for piece in body.pieces)


def test_only_top_level_paragraphs_take_numbers_so_sub_items_never_shift_them():
    body = render(
        "First point:\n\n1. an item\n2. another\n\n- a bullet\n\n### A subheading\n\n"
        "Second point.\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n\nThird point.",
        section="4",
    )
    html = _html(body)
    assert _numbers(html) == ["4.1", "4.2", "4.3"]
    assert '<ol class="lettered">' in html and "<h3>A subheading</h3>" in html
    assert '<th class="figure" scope="col">b</th>' in html and "style=" not in html


def test_continuous_numbering_carries_on_through_the_report_and_none_numbers_nothing():
    counter = Counter()
    first = render("One.\n\nTwo.", section="1", numbering="continuous", counter=counter)
    second = render("Three.", section="2", numbering="continuous", counter=counter)
    assert _numbers(_html(first)) + _numbers(_html(second)) == ["1", "2", "3"]
    assert _numbers(_html(render("One.", section="1", numbering="none"))) == []
    assert _numbers(_html(render("One.\n\nTwo."))) == []


def test_footnotes_are_numbered_through_the_report_in_the_order_they_are_referred_to():
    counter = Counter()
    render("Spend is low.[^a]\n\n[^a]: CIPFA 2010", section="1", counter=counter)
    text = "Costs.[^x] More.[^y]\n\n[^y]: Second\n\n[^x]: First"
    body = render(text, section="2", counter=counter)
    assert [(note["number"], note["html"]) for note in body.footnotes] == [
        (2, "First"),
        (3, "Second"),
    ]
    assert '<a href="#fn2">2</a>' in _html(body)


def test_a_table_placement_splits_the_text_where_it_stands_and_keeps_numbering():
    text = "The savings are in the table below.\n\n{{table savings}}\n\nAfter the table."
    body = render(text, section="2")
    assert [list(piece) for piece in body.pieces] == [["html"], ["table"], ["html"]]
    assert body.pieces[1]["table"] == "savings"
    assert _numbers(body.pieces[0]["html"] + body.pieces[2]["html"]) == ["2.1", "2.2"]
    assert placed_tables(text) == ["savings"]


def test_html_typed_anywhere_is_printed_as_text():
    typed = (
        '<script>alert("x")</script> <img src=x onerror=alert(1)> [link](javascript:alert(1))'
        "[^1]\n\n<!--table:savings-->\n\n[^1]: <b onclick=alert(1)>note</b>"
    )
    body = render(typed, section="1")
    html = _html(body)
    assert "<script" not in html and "<img" not in html and 'href="javascript' not in html
    assert "&lt;script&gt;" in html and "&lt;!--table:savings--&gt;" in html
    assert all("table" not in piece for piece in body.pieces)
    assert body.footnotes[0]["html"] == "&lt;b onclick=alert(1)&gt;note&lt;/b&gt;"


def test_text_carrying_on_after_a_list_is_an_unnumbered_paragraph_not_a_quotation():
    body = render("Posts:\n\n- one\n- two\n\n> An update is outlined below:\n\nNext.", section="4")
    html = _html(body)
    assert '<div class="continuation">\n<p>An update is outlined below:</p>\n</div>' in html
    assert "<blockquote" not in html and _numbers(html) == ["4.1", "4.2"]
