"""Filterset base: GOV.UK form classes on every filter, so pages need no per-field markup."""

from __future__ import annotations

import django_filters
from django import forms

from childrens_services.permissions import is_governed, restrict

WIDGET_CLASSES = {
    forms.Select: "govuk-select",
    forms.SelectMultiple: "govuk-select",
    forms.CheckboxInput: "govuk-checkboxes__input",
}


class BaseFilterSet(django_filters.FilterSet):
    """A FilterSet whose form fields carry GOV.UK Frontend classes, and whose record choices
    (a programme, a division) are only those the user may see: a picker never lists another
    borough's records, and filtering by a hidden one answers as for one that does not exist."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        for name, field in self.form.fields.items():
            queryset = getattr(field, "queryset", None)
            if user is not None and queryset is not None and is_governed(queryset.model):
                self.form.fields[name].queryset = restrict(user, queryset)
        for field in self.form.fields.values():
            widget = field.widget
            css = next(
                (name for kind, name in WIDGET_CLASSES.items() if isinstance(widget, kind)),
                "govuk-input",
            )
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
