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
