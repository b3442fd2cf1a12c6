"""Filterset base: GOV.UK form classes on every filter, so pages need no per-field markup."""

from __future__ import annotations

import django_filters
import django_filters.rest_framework
from django import forms

from childrens_services.permissions import is_governed, restrict

WIDGET_CLASSES = {
    forms.Select: "govuk-select",
    forms.SelectMultiple: "govuk-select",
    forms.CheckboxInput: "govuk-checkboxes__input",
}


class RestrictedChoicesMixin:
    """Record choices (a programme, a division, a meeting) only among those the user may see:
    a picker never lists another borough's records, and filtering by a hidden one answers
    exactly as filtering by one that does not exist."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        for name, field in self.form.fields.items():
            queryset = getattr(field, "queryset", None)
            if user is not None and queryset is not None and is_governed(queryset.model):
                self.form.fields[name].queryset = restrict(user, queryset)


class BaseFilterSet(RestrictedChoicesMixin, django_filters.FilterSet):
    """A FilterSet whose form fields carry GOV.UK Frontend classes and whose record choices are
    restricted to what the user may see."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            widget = field.widget
            if isinstance(widget, forms.NullBooleanSelect):
                # A yes/no filter left unset filters nothing: "Any", not Django's "Unknown",
                # which reads as "those whose answer is not known".
                widget.choices = [("unknown", "Any"), ("true", "Yes"), ("false", "No")]
            css = next(
                (name for kind, name in WIDGET_CLASSES.items() if isinstance(widget, kind)),
                "govuk-input",
            )
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class RestrictedAPIFilterSet(RestrictedChoicesMixin, django_filters.rest_framework.FilterSet):
    """The base of the API's filtersets made from ``filterset_fields``."""


class RestrictedFilterBackend(django_filters.rest_framework.DjangoFilterBackend):
    """The API's filter backend: ``?meeting=<id>`` of a meeting one may not see is "not a valid
    choice", the same answer as for an id that does not exist."""

    filterset_base = RestrictedAPIFilterSet
