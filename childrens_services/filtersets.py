"""Filterset base: GOV.UK form classes on every filter, so pages need no per-field markup."""

from __future__ import annotations

import django_filters
from django import forms

WIDGET_CLASSES = {
    forms.Select: "govuk-select",
    forms.SelectMultiple: "govuk-select",
    forms.CheckboxInput: "govuk-checkboxes__input",
}


class BaseFilterSet(django_filters.FilterSet):
    """A FilterSet whose form fields carry GOV.UK Frontend classes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            widget = field.widget
            css = next(
                (name for kind, name in WIDGET_CLASSES.items() if isinstance(widget, kind)),
                "govuk-input",
            )
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
