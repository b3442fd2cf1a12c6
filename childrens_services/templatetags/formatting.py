"""``{% load formatting %}``: the formatting module's figures as template filters.

``{{ value|money }}`` (``£19,365,000``, ``(£620)``), ``|count`` (``34,853``), ``|percent``
(``12.5%``), ``|fy`` (``2011/12``), ``|day`` (``4 November 2012``), ``|moment``
(``4 November 2012, 14:05``), ``|clock`` (``14:05``) and ``|elapsed:today`` (``14 years 2
months``), with ``|or_not_recorded`` after any of them (a blank figure as "not recorded", its
reason the argument) and the tag ``{% left_out number "asset" "assets" "with no receipt
recorded" %}``, the way django-oscar's ``currency_filters`` puts its one currency format in
front of every template. ``{{ value|noted }}`` prints a table figure with the letter of its
note when it has one (``savings.paper_figures.Noted``).
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from childrens_services import formatting

register = template.Library()

register.filter("money", formatting.money)
register.filter("count", formatting.count)
register.filter("percent", formatting.percent)
register.filter("points_change", formatting.points_change)
register.filter("fy", formatting.fy)
register.filter("day", formatting.day)
register.filter("moment", formatting.moment)
register.filter("clock", formatting.clock)
register.filter("elapsed", formatting.elapsed)
register.filter("or_not_recorded", formatting.or_not_recorded)
register.simple_tag(formatting.left_out, name="left_out")


@register.filter
def noted(value):
    """A table figure, and the letter of the note under the table when it carries one."""
    mark = getattr(value, "mark", "")
    if not mark:
        return value
    return format_html('{}<sup class="figure-note-mark">{}</sup>', value, mark)
