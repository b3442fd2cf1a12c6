"""Reading and posting a page of the per-section mandate editor as the browser would."""

from __future__ import annotations

from django.forms import CheckboxInput
from django.urls import reverse

from mandates.models import Mandate


def section_url(mandate: Mandate, slug: str, page: int | None = None) -> str:
    url = reverse("admin:mandates_mandate_section", args=[mandate.pk, slug])
    return f"{url}?page={page}" if page else url


def post_data(response) -> dict[str, str]:
    """What the browser would post back for the page as rendered (every row unchanged)."""
    formset = response.context["formset"]
    data = {"csrfmiddlewaretoken": "unused-by-the-test-client"}
    for form in [formset.management_form, *formset.forms]:
        for bound in form:
            value = bound.value()
            if isinstance(bound.field.widget, CheckboxInput):
                if value:
                    data[bound.html_name] = "on"
                continue
            data[bound.html_name] = "" if value is None else str(value)
    return data


def form_errors(response) -> object:
    if response.context and "formset" in response.context:
        return response.context["formset"].errors, [str(m) for m in response.context["messages"]]
    return response.content[:500]
