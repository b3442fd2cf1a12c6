"""``{% load layout %}``: the one way a page lets a wide table scroll inside itself.

A table wider than a phone (or than the dashboards' column on a laptop) must not widen the
page: ``{% scrolls %}`` wraps it in a container that scrolls sideways on its own, is reachable
and scrollable with the keyboard (``tabindex="0"``) and is a region named by the table's own
caption, so a screen reader announces what it is entering. The caption takes the id the tag
gives it::

    {% scrolls %}
    <table class="govuk-table">
      <caption id="{{ caption_id }}" class="govuk-table__caption">Savings by year</caption>
      ...
    </table>
    {% endscrolls %}

The first column stays in view while the others scroll (``.app-table-wrapper`` in
``frontend/scss/_components.scss``), so each row keeps its name.
"""

from __future__ import annotations

import uuid

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

#: The class the stylesheet gives the scrolling container.
WRAPPER_CLASS = "app-table-wrapper"


class ScrollsNode(template.Node):
    def __init__(self, nodelist: template.NodeList):
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        # Unique on the page even when a fragment is cached and drawn beside another.
        caption_id = f"caption-{uuid.uuid4().hex[:12]}"
        with context.push(caption_id=caption_id):
            inner = self.nodelist.render(context)
        return format_html(
            '<div class="{}" role="region" tabindex="0" aria-labelledby="{}">{}</div>',
            WRAPPER_CLASS,
            caption_id,
            mark_safe(inner),  # noqa: S308 - the block's own rendered, autoescaped output
        )


@register.tag
def scrolls(parser: template.base.Parser, token: template.base.Token) -> ScrollsNode:
    """``{% scrolls %}…{% endscrolls %}``: a wide table scrolling in its own labelled region."""
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("{% scrolls %} takes no arguments.")
    nodelist = parser.parse(("endscrolls",))
    parser.delete_first_token()
    return ScrollsNode(nodelist)
