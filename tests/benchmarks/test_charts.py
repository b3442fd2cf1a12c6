"""The shared SVG charts: accessible, no script, gaps for missing figures (no database)."""

from __future__ import annotations

from decimal import Decimal

from childrens_services.charts import PALETTE, bar_chart, line_chart


def contrast_with_white(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (luminance + 0.05)


def test_a_line_chart_is_an_image_with_a_title_and_description_and_no_script():
    svg = line_chart("Rate <per 10,000>", ["2016", "2017"], {"H&F": [Decimal("1.5"), None]}, "Rate")
    assert svg.startswith("<svg")
    assert 'role="img"' in svg
    assert "<title id=" in svg and "Rate &lt;per 10,000&gt;</title>" in svg
    assert "<desc id=" in svg and "H&amp;F" in svg
    assert "<script" not in svg and "<?xml" not in svg


def test_a_bar_chart_is_accessible_too():
    svg = bar_chart("Spend", ["2016"], {"A": [1], "B": [None]}, "£")
    assert 'role="img"' in svg and "<script" not in svg


def test_every_series_colour_has_at_least_4_5_to_1_contrast_on_white():
    assert min(contrast_with_white(colour) for colour in PALETTE) >= 4.5


def test_a_chart_drawn_again_for_the_same_figures_is_the_same_chart_with_ids_of_its_own():
    """Charts are kept for their figures (pygal takes ~20 ms each); every copy has its own ids,
    so two on one page never share one, and a changed figure is a new chart."""
    import re

    ids = re.compile(r"chart-(?:[0-9a-f-]{36}|[0-9a-f]{12}(?=-))")
    figures = {"Assured": [Decimal("100000"), Decimal("250000")]}
    first = bar_chart("Savings by year", ["2012/13", "2013/14"], figures, "£", pounds=True)
    again = bar_chart("Savings by year", ["2012/13", "2013/14"], figures, "£", pounds=True)
    assert ids.sub("chart-", first) == ids.sub("chart-", again)
    assert not set(ids.findall(first)) & set(ids.findall(again))
    assert len(set(ids.findall(first))) == 2  # pygal's, and the title's and description's
    changed = bar_chart(
        "Savings by year", ["2012/13", "2013/14"], {"Assured": [Decimal("100000"), None]}, "£",
        pounds=True,
    )  # fmt: skip
    assert ids.sub("chart-", changed) != ids.sub("chart-", first)


def test_no_id_in_a_chart_is_one_another_chart_has():
    """Two charts on one page (a partnership's commissioning page draws one per member) share
    no id: pygal's legend entries carried fixed ones (``activate-serie-0``) for its script."""
    import re

    ids = re.compile(r' id="([^"]+)"')
    one = bar_chart("Spend", ["2016"], {"A": [1], "B": [2]}, "£")
    other = bar_chart("Income", ["2016"], {"A": [3], "B": [4]}, "£")
    assert ids.findall(one) and ids.findall(other)
    assert not set(ids.findall(one)) & set(ids.findall(other))
