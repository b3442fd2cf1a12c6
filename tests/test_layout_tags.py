"""``{% scrolls %}``: a wide table's own scrolling region, named by the table's caption."""

from __future__ import annotations

import re

import pytest
from django.template import Context, Template, TemplateSyntaxError

TABLE = (
    '{% load layout %}{% scrolls %}<table><caption id="{{ caption_id }}">{{ title }}</caption>'
    "</table>{% endscrolls %}"
)


def test_the_region_is_focusable_and_named_by_the_caption_inside_it():
    html = Template(TABLE).render(Context({"title": "Savings <lines>"}))
    region = re.match(
        r'<div class="app-table-wrapper" role="region" tabindex="0" aria-labelledby="([\w-]+)">'
        r'<table><caption id="([\w-]+)">Savings &lt;lines&gt;</caption></table></div>$',
        html,
    )
    assert region, html
    assert region.group(1) == region.group(2)


def test_two_regions_on_one_page_have_different_names():
    html = Template(TABLE + TABLE).render(Context({"title": "A"}))
    ids = re.findall(r'aria-labelledby="([\w-]+)"', html)
    assert len(ids) == 2 and ids[0] != ids[1]
    assert all(f'<caption id="{ident}">' in html for ident in ids)


def test_the_caption_id_does_not_leak_past_the_region():
    html = Template("{% load layout %}{% scrolls %}{% endscrolls %}[{{ caption_id }}]").render(
        Context()
    )
    assert html.endswith("[]")


def test_the_tag_takes_no_arguments():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load layout %}{% scrolls 'x' %}{% endscrolls %}")
