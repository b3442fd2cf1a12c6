"""Server-rendered SVG charts (pygal), shared by the benchmark pages, dashboards and PDFs.

Charts carry no JavaScript and no XML declaration, so they can be inlined in HTML and in
WeasyPrint PDFs. Each SVG is ``role="img"`` with a ``<title>`` and a ``<desc>`` referenced by
``aria-labelledby``; every page that shows one also shows the same figures as a table. The
palette's colours each have a contrast ratio of at least 4.5:1 against white, and series also
differ by dash pattern so colour is never the only difference.
"""

from __future__ import annotations

import functools
import html
import inspect
import re
import uuid
from collections.abc import Callable, Sequence
from decimal import Decimal

import pygal
from pygal.style import Style

from childrens_services import formatting
from childrens_services.caching import cached_by_content

#: Dark blue, orange-brown, green, magenta, grey, dark red: each >= 4.5:1 on white.
PALETTE = ("#1d4f91", "#a34700", "#00703c", "#912b88", "#505a5f", "#b10e1e")
DASHES = ("", "6,3", "2,3", "8,3,2,3", "4,4", "1,2")

STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#0b0c0c",
    foreground_strong="#0b0c0c",
    foreground_subtle="#505a5f",
    colors=PALETTE,
    font_family="Arial, Helvetica, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=14,
    title_font_size=16,
    value_font_size=12,
    opacity="1",
    opacity_hover="1",
    stroke_opacity="1",
    stroke_opacity_hover="1",
)

#: pygal writes its configuration into a <script> even with ``js=[]``; the pages need none.
_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)
#: pygal's fixed ids on legend entries, for its script to find (``activate-serie-0`` in every
#: chart, so two charts on one page shared them); the script is dropped, so are they.
_LEGEND_IDS = re.compile(r' id="activate-serie-\d+"')

Figure = Decimal | float | int | None


def _numbers(values: Sequence[Figure]) -> list[float | None]:
    return [None if v is None else float(v) for v in values]


#: How the value axis labels its figures: a callable of the formatting module.
Format = Callable[[Figure], str]


def _pounds_axis(series: dict[str, Sequence[Figure]]) -> list[dict]:
    """The value axis of a chart of pounds: labels in £k or £m at steps of 1, 2, 2.5 or 5
    (``formatting.axis_ticks`` and ``money_axis``), never ``11000000``."""
    ticks = formatting.axis_ticks(v for values in series.values() for v in values)
    return [
        {"value": float(tick), "label": label}
        for tick, label in zip(ticks, formatting.money_axis(ticks), strict=True)
    ]


def _config(
    title: str,
    y_title: str,
    x_labels: Sequence[str],
    y_format: Format,
    y_labels: list[dict] | None = None,
) -> dict:
    return {
        **({"y_labels": y_labels} if y_labels else {}),
        "title": title,
        "y_title": y_title,
        "value_formatter": y_format,
        "x_labels": list(x_labels),
        "x_label_rotation": 30 if len(x_labels) > 6 else 0,
        "style": STYLE,
        "js": [],
        "disable_xml_declaration": True,
        "legend_at_bottom": True,
        "legend_at_bottom_columns": 2,
        "explicit_size": False,
        "width": 800,
        "height": 420,
        "show_y_guides": True,
        "allow_interruptions": True,
        "truncate_legend": -1,
    }


def _accessible(svg: str, title: str, description: str) -> str:
    """Put ``role="img"``, a title and a description on the chart's root; drop any script and
    the ids only it used."""
    svg = _LEGEND_IDS.sub("", _SCRIPT.sub("", svg))
    ident = f"chart-{uuid.uuid4().hex[:12]}"
    start = svg.index("<svg")
    end = svg.index(">", start)
    opening = svg[start:end]
    labelled = (
        f'{opening} role="img" aria-labelledby="{ident}-title {ident}-desc">'
        f'<title id="{ident}-title">{html.escape(title)}</title>'
        f'<desc id="{ident}-desc">{html.escape(description)}</desc>'
    )
    return svg[:start] + labelled + svg[end + 1 :]


def _describe(x_labels: Sequence[str], series: dict[str, Sequence[Figure]]) -> str:
    span = f"from {x_labels[0]} to {x_labels[-1]}" if x_labels else "with no periods"
    names = ", ".join(series) or "no series"
    return f"{len(series)} series ({names}) {span}. The same figures are in the table below."


#: The ids in a drawn chart: pygal's (a UUID, its styles scoped by it) and ours (``_accessible``).
_IDS = re.compile(
    r"chart-(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{12}(?=-))"
)


def _kept(draw: Callable[..., str]) -> Callable[..., str]:
    """``draw`` (a chart) kept for the same figures: pygal takes some 20 ms a chart, and a
    page drawn again after an edit elsewhere mostly shows the same figures. The key is the
    arguments themselves (a formatter by its name), so a changed figure draws a new chart; each
    use gets ids of its own, so two copies of one chart on a page never share one."""

    signature = inspect.signature(draw)

    @functools.wraps(draw)
    def kept(*args, **kwargs) -> str:
        asked = signature.bind(*args, **kwargs)
        asked.apply_defaults()
        key = tuple((name, _comparable(value)) for name, value in asked.arguments.items())
        svg = cached_by_content(draw.__name__, key, lambda: draw(*args, **kwargs))
        fresh: dict[str, str] = {}

        def renew(match: re.Match) -> str:
            old = match.group(0)
            new = str(uuid.uuid4()) if len(old) > 18 else uuid.uuid4().hex[:12]
            return fresh.setdefault(old, f"chart-{new}")

        return _IDS.sub(renew, svg)

    return kept


def _comparable(value):
    """An argument as it goes into a chart's key: figures as tuples, a formatter by its name."""
    if callable(value):
        return f"{value.__module__}.{value.__qualname__}"
    if isinstance(value, dict):
        return tuple((name, tuple(values)) for name, values in value.items())
    if isinstance(value, list | tuple):
        return tuple(value)
    return value


@_kept
def line_chart(
    title: str,
    x_labels: Sequence[str],
    series: dict[str, Sequence[Figure]],
    y_title: str,
    y_format: Format = formatting.count,
    pounds: bool = False,
) -> str:
    """A line chart over ``x_labels``; a ``None`` leaves a gap rather than drawing a zero.

    The value axis labels its figures as the pages do: counts (``34,853``) unless ``y_format``
    is another of the formatting module's; ``pounds`` labels it in £k or £m at round steps
    (``formatting.money_axis``) and the figures as ``formatting.money``."""
    y_labels = _pounds_axis(series) if pounds else None
    y_format = formatting.money if pounds else y_format
    chart = pygal.Line(**_config(title, y_title, x_labels, y_format, y_labels))
    for index, (name, values) in enumerate(series.items()):
        dash = DASHES[index % len(DASHES)]
        stroke = {"width": 3, "dasharray": dash} if dash else {"width": 3}
        chart.add(name, _numbers(values), stroke_style=stroke)
    return _accessible(chart.render(is_unicode=True), title, _describe(x_labels, series))


@_kept
def bar_chart(
    title: str,
    x_labels: Sequence[str],
    series: dict[str, Sequence[Figure]],
    y_title: str,
    y_format: Format = formatting.count,
    pounds: bool = False,
) -> str:
    """A grouped bar chart; missing figures are left out, never drawn as zero (the value axis
    as in ``line_chart``)."""
    y_labels = _pounds_axis(series) if pounds else None
    y_format = formatting.money if pounds else y_format
    chart = pygal.Bar(**_config(title, y_title, x_labels, y_format, y_labels))
    for name, values in series.items():
        chart.add(name, _numbers(values))
    return _accessible(chart.render(is_unicode=True), title, _describe(x_labels, series))
