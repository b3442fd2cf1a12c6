"""Template helpers of the dashboards: officers' edit links (figures: ``{% load formatting %}``)."""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from childrens_services.permissions import writes

register = template.Library()


def edit_url(user, record) -> str:
    """The admin change page of ``record`` when ``user`` is among its writers, else ``""``.

    ``writes`` rather than ``change_*``: a published record still gets its link, and the
    admin then shows it read-only with the reason.
    """
    if user is None or not getattr(user, "is_staff", False) or not writes(user, record):
        return ""
    meta = record._meta
    try:
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])
    except NoReverseMatch:
        return ""


@register.simple_tag(takes_context=True)
def edit_link(context, record, label: str = "") -> str:
    """An "Edit" link (with the record named for screen readers) for the record's writers."""
    url = edit_url(context["request"].user, record)
    if not url:
        return ""
    return format_html(
        '<a class="govuk-link app-no-print" href="{}">Edit<span class="govuk-visually-hidden"> {}'
        "</span></a>",
        url,
        label or str(record),
    )
